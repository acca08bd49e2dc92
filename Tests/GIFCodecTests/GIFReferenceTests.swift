import Foundation
import GIFCodec
import ImageKernel
import Testing
import TestSupport

/// What `scripts/fixtures/gen_gif.py` recorded from Pillow 13 for one GIF (`<file>.json`).
struct PillowGIFReport: Decodable {
    var mode: String?
    var transparency: Int?
    var width: Int?
    var height: Int?
    var loop: Int?
    var frames: Int?
    var durations: [Int]?
    var error: String?
    var frameError: String?

    /// The pixel format the codec must return for Pillow's frame 0 (see `gen_gif.py`'s `reference_array`).
    var expectedFormat: PixelFormat? {
        switch (mode, transparency != nil) {
        case ("P", false): .rgb8
        case ("P", true): .rgba8
        case ("L", false): .gray8
        case ("L", true): .grayAlpha8
        default: nil
        }
    }
}

extension GIFTestSuite {
    /// The shared corpus's GIF files and the synthetic edge cases of `gen_gif.py`, against Pillow 13's decode of each,
    /// computed by `make fixtures`: frame 0 in Pillow's mode, every later frame as Pillow composites it, the frame
    /// count, durations and loop count; files Pillow refuses are refused.
    @Suite(.enabled(if: TestPaths.fixturesAvailable("gif"), "GIF Pillow references missing at \(TestPaths.fixtures)/gif: run `make fixtures`"))
    struct GIFReferenceTests {
        let decoder = GIFDecoder()

        /// Files where Imago knowingly differs from Pillow, with the reason (also in the README's GIF parity notes).
        static let knownDifferences: [String: String] = [
            "issue_2811.gif": "LZW minimum code size 11 (the GIF specification allows at most 8): giflib refuses it, Pillow reads it",
        ]

        static var corpusEntries: [CorpusEntry] {
            CorpusManifest.entries.filter { $0.format == "gif" }
        }

        static var syntheticEntries: [CorpusEntry] { FixtureManifest.entries("gif") }

        /// Compares one file with its Pillow report; returns the failures.
        func check(path: String, reference base: String, expect: String?, strict: Bool) throws -> [String] {
            let data = TestPaths.bytes(path)
            let report = try JSONDecoder().decode(PillowGIFReport.self, from: Data(TestPaths.bytes(base + ".json")))
            var failures: [String] = []
            let name = URL(fileURLWithPath: path).lastPathComponent
            let decoded: DecodedImage
            do {
                decoded = try decoder.decode(data, options: .default)
            } catch let error as ImageError {
                if report.error == nil && Self.knownDifferences[name] == nil {
                    failures.append("\(name): rejected (\(error)); Pillow decodes it")
                }
                return failures
            }
            if report.error != nil {
                if strict || expect == "reject" {
                    failures.append("\(name): decoded; Pillow refuses it (\(report.error!))")
                }
                return failures
            }
            if let format = report.expectedFormat, decoded.image.format != format {
                failures.append("\(name): \(decoded.image.format), Pillow mode \(report.mode ?? "-") transparency \(report.transparency.map(String.init) ?? "none")")
            }
            let pillow = try NpyArray(path: base + ".npy")
            if let mismatch = pillow.mismatch(decoded.image) { failures.append("\(name) frame 0: \(mismatch)") }
            let info = try decoder.probe(data, limits: .default)
            if (info.width, info.height) != (report.width, report.height) {
                failures.append("\(name): probe size \(info.width)x\(info.height), Pillow \(report.width ?? 0)x\(report.height ?? 0)")
            }
            if info.loopCount != report.loop { failures.append("\(name): loop \(String(describing: info.loopCount)), Pillow \(String(describing: report.loop))") }
            if report.frameError == nil, let frames = report.frames {
                if info.frameCount != frames { failures.append("\(name): \(info.frameCount) frames, Pillow \(frames)") }
                if frames > 1, info.frameDurations != report.durations {
                    failures.append("\(name): durations \(info.frameDurations ?? []), Pillow \(report.durations ?? [])")
                }
                if frames > 1 {
                    let all = try decoder.decodeFrames(data, options: .default)
                    if all.count != frames { failures.append("\(name): decodeFrames gave \(all.count) frames, Pillow \(frames)") }
                    for (i, frame) in all.enumerated().dropFirst() {
                        let reference = try NpyArray(path: "\(base).frame\(i).npy")
                        if let mismatch = reference.mismatch(frame.image) { failures.append("\(name) frame \(i): \(mismatch)") }
                    }
                }
            }
            return failures
        }

        @Test func corpusFilesEqualPillow() throws {
            try #require(TestPaths.corpusAvailable, "shared corpus missing at \(TestPaths.corpus)")
            let entries = Self.corpusEntries
            #expect(entries.count >= 39)
            var failures: [String] = []
            var compared = 0
            let (_, printed) = try capturingStandardError {
                for entry in entries {
                    let base = TestPaths.fixture("gif/\(entry.path)")
                    guard FileManager.default.fileExists(atPath: base + ".json") else {
                        failures.append("\(entry.path): no Pillow reference (run `make fixtures`)")
                        continue
                    }
                    failures += try check(path: entry.absolutePath, reference: base, expect: entry.expect, strict: entry.isStrict)
                    compared += 1
                }
            }
            #expect(failures.isEmpty, "\(failures.joined(separator: "\n"))")
            #expect(compared == entries.count)
            #expect(nonHarnessLines(printed).isEmpty, "giflib printed: \(nonHarnessLines(printed))")
        }

        @Test func syntheticEdgeCasesEqualPillow() throws {
            let entries = Self.syntheticEntries
            #expect(entries.count >= 29)
            var failures: [String] = []
            for entry in entries {
                let path = TestPaths.fixture(entry.path)
                failures += try check(path: path, reference: path, expect: entry.expect, strict: entry.isStrict)
            }
            #expect(failures.isEmpty, "\(failures.joined(separator: "\n"))")
        }
    }
}
