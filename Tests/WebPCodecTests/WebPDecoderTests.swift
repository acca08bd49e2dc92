import Foundation
import ImageKernel
import Testing
import TestSupport
import WebPCodec

extension WebPTestSuite {
    /// Probe, metadata, limits, scaled decoding and truncation, against facts read with `webpmux -info` and `dwebp`.
    @Suite(.enabled(if: TestPaths.corpusAvailable, "shared corpus missing at \(TestPaths.corpus)"))
    struct WebPDecoderTests {
        let decoder = WebPDecoder()
        func file(_ path: String) -> [UInt8] { TestPaths.bytes(TestPaths.corpusFile("webp/" + path)) }

        @Test func descriptor() {
            #expect(WebP.format.id == .webp)
            #expect(WebP.format.extensions == ["webp"])
            #expect(WebP.format.mimeTypes == ["image/webp"])
            #expect(WebP.format.matches(Array("RIFF\u{1}\u{2}\u{3}\u{4}WEBPVP8 ".utf8)))
            #expect(!WebP.format.matches(Array("RIFF\u{1}\u{2}\u{3}\u{4}WAVEfmt ".utf8)))
        }

        // webpmux -info: 200x200, 6 frames of 100 ms, loop 0, alpha.
        @Test func probesAnAnimationWithoutDecoding() throws {
            let info = try decoder.probe(file("image-rs/anim.webp"), limits: .default)
            #expect((info.width, info.height) == (200, 200))
            #expect(info.frameCount == 6)
            #expect(info.loopCount == 0)
            #expect(info.frameDurations == [100, 100, 100, 100, 100, 100])
            #expect(info.pixelFormat == .rgba8)
            #expect(info.nativeDescription.contains("animated"))
        }

        // webpmux -info flower2.webp: ICC 3144, EXIF 6573, XMP 3467 bytes.
        @Test func readsICCExifAndXMP() throws {
            let info = try decoder.probe(file("pillow/flower2.webp"), limits: .default)
            #expect(info.iccProfile?.count == 3144)
            #expect(info.xmp?.count == 3467)
            let exif = try #require(info.exif)
            #expect(exif.count == 6573 || exif.count == 6567)  // without the Exif\0\0 prefix when present
            #expect(exif.starts(with: Array("II".utf8)) || exif.starts(with: Array("MM".utf8)))
            #expect(try decoder.probe(file("image-rs/simple_xmp.webp"), limits: .default).xmp?.count == 2860)
        }

        @Test(arguments: 2...8)
        func orientationFromExif(_ n: Int) throws {
            let info = try decoder.probe(file("pillow/hopper_orientation_\(n).webp"), limits: .default)
            #expect(info.orientation.rawValue == n)
        }

        @Test func limitsAreCheckedBeforeDecoding() throws {
            let data = file("libwebp-test-data/lossless1.webp")  // 1000 x 307
            #expect(throws: ImageError.self) { try decoder.decode(data, options: DecodeOptions(limits: Limits(maxPixels: 1000 * 306))) }
            do {
                _ = try decoder.decode(data, options: DecodeOptions(limits: Limits(maxPixels: 1000)))
                Issue.record("no error")
            } catch let error as ImageError {
                #expect(error.kind == .limitExceeded)
            }
            do {
                _ = try decoder.probe(file("pillow/iss634.webp"), limits: Limits(maxFrames: 41))
                Issue.record("no error")
            } catch let error as ImageError {
                #expect(error.kind == .limitExceeded)
            }
            do {
                _ = try decoder.decodeFrames(file("pillow/iss634.webp"), options: DecodeOptions(limits: Limits(maxTotalBytes: 245 * 245 * 4 * 10)))
                Issue.record("no error")
            } catch let error as ImageError {
                #expect(error.kind == .limitExceeded)
            }
        }

        @Test func everyTruncationIsATypedError() throws {
            for name in ["pillow/hopper.webp", "libwebp-test-data/lossless1.webp", "image-rs/anim.webp", "libwebp-test-data/lossy_alpha1.webp"] {
                let data = file(name)
                for cut in stride(from: 1, to: data.count, by: max(1, data.count / 37)) {
                    do {
                        _ = try decoder.decode(Array(data[..<cut]), options: .default)
                        Issue.record("\(name) cut at \(cut) decoded")
                    } catch let error as ImageError {
                        #expect([.truncated, .corrupt, .unknownFormat].contains(error.kind), "\(name) at \(cut): \(error)")
                        if cut >= 12 && cut > data.count / 2 { #expect(error.kind == .truncated, "\(name) at \(cut): \(error)") }
                    }
                }
            }
        }

        @Test func allowTruncatedGivesTheRowsThatArePresent() throws {
            let data = file("pillow/flower.webp")  // 480 x 360 lossy
            let full = try decoder.decode(data, options: .default).image
            let cut = Array(data[..<(data.count * 6 / 10)])
            #expect(throws: ImageError.self) { try decoder.decode(cut, options: .default) }
            var buffer = try ImageBuffer(width: 480, height: 360, format: .rgb8)
            buffer.withUnsafeMutableBytes { _ = $0.initializeMemory(as: UInt8.self, repeating: 7) }  // stale pixels
            let metadata = try decoder.decode(cut, options: DecodeOptions(allowTruncated: true), into: &buffer)
            #expect(metadata.properties["webp.partial"] == "true")  // the old key, for one release
            let rows = try #require(Int(metadata.properties["webp.rows"] ?? ""))
            #expect(rows > 0 && rows < 360)
            #expect(metadata.outcome == .partial(missingRows: 360 - rows))
            for y in 0..<360 {
                buffer.withUnsafeRow(y) { row in
                    if y < rows { full.withUnsafeRow(y) { #expect(row.elementsEqual($0), "row \(y)") } }
                    else { #expect(row.allSatisfy { $0 == 0 }, "row \(y)") }
                }
            }
        }

        @Test func frameIndexOutOfRange() {
            #expect(throws: ImageError.self) { try decoder.decode(file("pillow/hopper.webp"), options: DecodeOptions(frameIndex: 1)) }
            #expect(throws: ImageError.self) { try decoder.decode(file("image-rs/anim.webp"), options: DecodeOptions(frameIndex: 6)) }
        }

        @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/dwebp"), "dwebp not installed"),
              arguments: ["pillow/flower.webp", "libwebp-test-data/lossless1.webp", "libwebp-test-data/lossy_alpha1.webp"])
        func scaledDecodeEqualsDwebpScale(_ name: String) throws {
            let data = file(name)
            let decoded = try decoder.decode(data, options: DecodeOptions(scale: .quarter))
            let info = try decoder.probe(data, limits: .default)
            #expect(decoded.image.width == (info.width + 3) / 4 && decoded.image.height == (info.height + 3) / 4)
            #expect((decoded.metadata.width, decoded.metadata.height) == (decoded.image.width, decoded.image.height))
            let output = NSTemporaryDirectory() + "imago-dwebp-scale-\(getpid())-\(UInt32.random(in: 0...UInt32.max)).pam"
            defer { unlink(output) }
            try #require(runTool("/usr/bin/dwebp", ["-pam", "-scale", "\(decoded.image.width)", "\(decoded.image.height)",
                                                   TestPaths.corpusFile("webp/" + name), "-o", output]) == 0)
            let reference = try #require(NetpbmImage(path: output))
            let ours = decoded.image.packedBytes(), c = decoded.image.channelCount
            var differing = 0
            for i in 0..<(reference.width * reference.height) {
                for k in 0..<c where ours[i * c + k] != reference.samples[i * 4 + k] { differing += 1 }
            }
            #expect(differing == 0)
        }

        @Test func decodesIntoAReusedBuffer() throws {
            var buffer = try ImageBuffer(width: 600, height: 600, format: .rgba8)
            let capacity = buffer.capacity
            let metadata = try decoder.decode(file("pillow/hopper.webp"), options: .default, into: &buffer)
            #expect(buffer.capacity == capacity)
            #expect((buffer.width, buffer.height, buffer.format) == (128, 128, .rgb8))
            #expect(metadata.pixelFormat == .rgb8)
            #expect(buffer == (try decoder.decode(file("pillow/hopper.webp"), options: .default)).image)
        }

        @Test func garbageIsRejected() {
            for data: [UInt8] in [[], Array("RIFF".utf8), Array("RIFF\0\0\0\0WEBP".utf8), Array("RIFF\u{20}\0\0\0WEBPVP8 \u{10}\0\0\0garbagegarbage!!".utf8)] {
                #expect(throws: ImageError.self) { try decoder.decode(data, options: .default) }
            }
        }
    }
}
