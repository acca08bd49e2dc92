import Foundation
import ImageKernel
import Testing
import TestSupport
import WebPCodec

extension WebPTestSuite {
    /// The shared corpus's WebP files (`webp/`, `broken/webp/`) against the manifest, Pillow 13 and `dwebp`.
    ///
    /// Mapping of Pillow's modes: WebP decodes to Pillow `RGB` or `RGBA` (uint8, H x W x C), which are exactly our
    /// `rgb8` / `rgba8` packed bytes, so the arrays are compared byte for byte.
    /// Serialized: the corpus run redirects the process's standard error to prove libwebp prints nothing.
    @Suite(.enabled(if: TestPaths.corpusAvailable, "shared corpus missing at \(TestPaths.corpus)"))
    struct WebPCorpusTests {
        static let entries = ["webp/", "broken/webp/"].flatMap { CorpusManifest.entries(under: $0) }.filter { $0.format == "webp" }
        let decoder = WebPDecoder()

        @Test func everyFileDecodesOrIsRejectedAsTheManifestSays() throws {
            #expect(Self.entries.count >= 170)
            var failures: [String] = []
            var rejected: [String] = []
            let (_, printed) = capturingStandardError {
                for entry in Self.entries {
                    let data = TestPaths.bytes(entry.absolutePath)
                    do {
                        let info = try decoder.probe(data, limits: .default)
                        let decoded = try decoder.decode(data, options: .default)
                        if entry.expect == "reject" && entry.isStrict { failures.append("\(entry.path): decoded, manifest says reject") }
                        if let w = entry.width, let h = entry.height, (decoded.image.width, decoded.image.height) != (w, h) {
                            failures.append("\(entry.path): size \(decoded.image.width)x\(decoded.image.height), manifest \(w)x\(h)")
                        }
                        if (info.width, info.height) != (decoded.image.width, decoded.image.height) {
                            failures.append("\(entry.path): probe size differs from decode")
                        }
                        let expectedFormat: PixelFormat? = switch entry.mode { case "RGB": .rgb8; case "RGBA": .rgba8; default: nil }
                        if let expectedFormat, decoded.image.format != expectedFormat {
                            failures.append("\(entry.path): \(decoded.image.format), Pillow mode \(entry.mode ?? "-")")
                        }
                    } catch let error as ImageError {
                        rejected.append("\(entry.path): \(error.kind) \(error.reason)")
                        if entry.expect == "decode" && entry.isStrict { failures.append("\(entry.path): rejected (\(error)), manifest says decode") }
                    } catch {
                        failures.append("\(entry.path): untyped error \(error)")
                    }
                }
            }
            #expect(failures.isEmpty, "\(failures.joined(separator: "\n"))")
            #expect(nonHarnessLines(printed).isEmpty, "libwebp printed: \(nonHarnessLines(printed))")
            // The strictly broken WebP files are all rejected with a typed error.
            #expect(rejected.count >= 10, "\(rejected)")
        }

        @Test func pixelsEqualPillowNativeDecode() throws {
            try #require(TestPaths.fixturesAvailable("webp"), "Pillow references missing: run `make fixtures`")
            var compared = 0
            var failures: [String] = []
            for entry in Self.entries {
                let reference = TestPaths.fixture("webp/\(entry.path).npy")
                guard FileManager.default.fileExists(atPath: reference) else { continue }
                let pillow = try NpyArray(path: reference)
                let data = TestPaths.bytes(entry.absolutePath)
                let decoded = try decoder.decode(data, options: .default)
                compared += 1
                if pillow.shape != [decoded.image.height, decoded.image.width, decoded.image.channelCount] || pillow.data != decoded.image.packedBytes() {
                    failures.append("\(entry.path): differs from Pillow (shape \(pillow.shape))")
                }
            }
            #expect(compared >= 165)
            #expect(failures.isEmpty, "\(failures.joined(separator: "\n"))")
        }

        @Test func animationsEqualPillowFrameByFrame() throws {
            try #require(TestPaths.fixturesAvailable("webp"), "Pillow references missing: run `make fixtures`")
            var animations = 0
            for entry in Self.entries {
                let timing = TestPaths.fixture("webp/\(entry.path).durations.json")
                guard let json = FileManager.default.contents(atPath: timing) else { continue }
                animations += 1
                let pillowTiming = try JSONSerialization.jsonObject(with: json) as! [String: Any]
                let durations = (pillowTiming["durations"] as! [Any]).map { ($0 as? Int) ?? 0 }
                let data = TestPaths.bytes(entry.absolutePath)
                let frames = try decoder.decodeFrames(data, options: .default)
                #expect(frames.count == durations.count, "\(entry.path)")
                #expect(frames.first?.metadata.frameDurations == durations, "\(entry.path)")
                #expect(frames.first?.metadata.loopCount == (pillowTiming["loop"] as? Int), "\(entry.path)")
                for (index, frame) in frames.enumerated() {
                    let pillow = try NpyArray(path: TestPaths.fixture("webp/\(entry.path).frame\(index).npy"))
                    #expect(pillow.data == frame.image.packedBytes(), "\(entry.path) frame \(index)")
                }
                // Random access gives the same composited frame.
                let last = frames.count - 1
                let single = try decoder.decode(data, options: DecodeOptions(frameIndex: last))
                #expect(single.image == frames[last].image, "\(entry.path) frame \(last) by index")
            }
            #expect(animations >= 4)
        }

        @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/dwebp"), "dwebp not installed"))
        func stillsEqualDwebpDefaults() throws {
            var compared = 0
            var failures: [String] = []
            let output = NSTemporaryDirectory() + "imago-dwebp-\(getpid()).pam"
            defer { unlink(output) }
            for entry in Self.entries where entry.expect == "decode" && entry.isStrict && !(entry.native ?? "").contains("animated") {
                guard runTool("/usr/bin/dwebp", ["-pam", entry.absolutePath, "-o", output]) == 0,
                      let reference = NetpbmImage(path: output) else {
                    failures.append("\(entry.path): dwebp failed")
                    continue
                }
                let decoded = try decoder.decode(TestPaths.bytes(entry.absolutePath), options: .default)
                compared += 1
                #expect(reference.depth == 4)
                let ours = decoded.image.packedBytes()
                let channels = decoded.image.channelCount
                var same = reference.width == decoded.image.width && reference.height == decoded.image.height
                if same {
                    for i in 0..<(reference.width * reference.height) where same {
                        for c in 0..<channels where ours[i * channels + c] != reference.samples[i * 4 + c] { same = false }
                        // Without alpha the 4th byte is dropped, as Pillow does (bad_palette_index.webp has A=0 pixels there).
                    }
                }
                if !same { failures.append("\(entry.path): differs from dwebp -pam") }
            }
            #expect(compared >= 160)
            #expect(failures.isEmpty, "\(failures.joined(separator: "\n"))")
        }
    }
}
