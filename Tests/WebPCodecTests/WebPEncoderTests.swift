import Foundation
import ImageKernel
import Testing
import TestSupport
import WebPCodec

extension WebPTestSuite {
    /// Encoder round trips, checked by libwebp's own tools (`dwebp` decodes, `webpmux -info` reads the container).
    @Suite(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/dwebp"), "dwebp (package webp) not installed"))
    struct WebPEncoderTests {
        let encoder = WebPEncoder()

        static func pattern(_ width: Int, _ height: Int, _ format: PixelFormat, seed: Int = 0) throws -> ImageBuffer {
            var image = try ImageBuffer(width: width, height: height, format: format)
            for y in 0..<height {
                for x in 0..<width {
                    for c in 0..<format.channelCount {
                        image[x: x, y: y, channel: c] = Double((x * 7 + y * 13 + c * 61 + seed * 31 + (x * y) % 17) % 256)
                    }
                }
            }
            return image
        }

        /// Writes `bytes`, runs `dwebp -pam` on them and returns the RGBA samples.
        func dwebp(_ bytes: [UInt8]) throws -> NetpbmImage {
            let base = NSTemporaryDirectory() + "imago-enc-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
            defer { unlink(base + ".webp"); unlink(base + ".pam") }
            try Data(bytes).write(to: URL(fileURLWithPath: base + ".webp"))
            try #require(runTool("/usr/bin/dwebp", ["-pam", base + ".webp", "-o", base + ".pam"]) == 0)
            return try #require(NetpbmImage(path: base + ".pam"))
        }

        func webpmuxInfo(_ bytes: [UInt8]) throws -> String {
            let base = NSTemporaryDirectory() + "imago-mux-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
            defer { unlink(base + ".webp") }
            try Data(bytes).write(to: URL(fileURLWithPath: base + ".webp"))
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/webpmux")
            process.arguments = ["-info", base + ".webp"]
            let pipe = Pipe()
            process.standardOutput = pipe
            process.standardError = FileHandle.nullDevice
            try process.run()
            let out = pipe.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            return String(decoding: out, as: UTF8.self)
        }

        @Test(arguments: [PixelFormat.rgb8, .rgba8])
        func losslessRoundTripIsExact(_ format: PixelFormat) throws {
            let image = try Self.pattern(37, 23, format)
            let options = EncodeOptions(lossless: true).with(WebPEncodeOptions(exact: true))
            let bytes = try encoder.encode(image, options: options)
            let decoded = try dwebp(bytes)
            #expect((decoded.width, decoded.height) == (37, 23))
            let source = image.packedBytes(), c = format.channelCount
            for i in 0..<(37 * 23) {
                for k in 0..<c { #expect(decoded.samples[i * 4 + k] == source[i * c + k]) }
                if c == 3 { #expect(decoded.samples[i * 4 + 3] == 255) }
            }
            // Our decoder agrees with dwebp.
            #expect(try WebPDecoder().decode(bytes, options: .default).image == image)
        }

        @Test func lossyIsCloseAndQualityMatters() throws {
            var image = try ImageBuffer(width: 64, height: 64, format: .rgb8)
            for y in 0..<64 { for x in 0..<64 { for c in 0..<3 { image[x: x, y: y, channel: c] = Double(x * 2 + c * 20 + y) } } }
            let low = try encoder.encode(image, options: EncodeOptions(quality: 10))
            let high = try encoder.encode(image, options: EncodeOptions(quality: 95))
            #expect(low.count < high.count)
            let decoded = try dwebp(high)
            let source = image.packedBytes()
            var squared = 0.0
            for i in 0..<(64 * 64) { for k in 0..<3 { let d = Double(decoded.samples[i * 4 + k]) - Double(source[i * 3 + k]); squared += d * d } }
            let psnr = 10 * log10(255 * 255 / max(squared / Double(64 * 64 * 3), 1e-9))
            #expect(psnr > 30, "PSNR \(psnr)")
            #expect(Array(high[12..<16]) == Array("VP8 ".utf8))  // a lossy bitstream
        }

        @Test func grayIsReplicated() throws {
            let gray = try Self.pattern(9, 5, .gray8)
            let decoded = try dwebp(try encoder.encode(gray, options: EncodeOptions(lossless: true)))
            let source = gray.packedBytes()
            for i in 0..<45 { for k in 0..<3 { #expect(decoded.samples[i * 4 + k] == source[i]) } }
        }

        @Test func embedsMetadataThroughTheMuxer() throws {
            let icc = [UInt8](repeating: 7, count: 300)
            let exif: [UInt8] = [0x4D, 0x4D, 0, 42, 0, 0, 0, 8, 0, 1, 0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, 6, 0, 0, 0, 0, 0, 0, 0, 0]
            let xmp = Array("<x:xmpmeta xmlns:x='adobe:ns:meta/'/>".utf8)
            var options = EncodeOptions(iccProfile: icc, exif: exif)
            options.set(WebPEncodeOptions(xmp: xmp))
            let bytes = try encoder.encode(try Self.pattern(16, 16, .rgb8), options: options)
            let info = try webpmuxInfo(bytes)
            #expect(info.contains("Size of the ICC profile data: 300"))
            #expect(info.contains("Size of the EXIF metadata: \(exif.count)"))
            #expect(info.contains("Size of the XMP metadata: \(xmp.count)"))
            let probed = try WebPDecoder().probe(bytes, limits: .default)
            #expect(probed.iccProfile == icc && probed.exif == exif && probed.xmp == xmp)
            #expect(probed.orientation == .rightTop)
        }

        @Test func animationRoundTrip() throws {
            let frames = try (0..<4).map { try Self.pattern(20, 12, .rgba8, seed: $0) }
            var options = EncodeOptions(lossless: true)
            options.set(WebPEncodeOptions(exact: true, loopCount: 3))
            let bytes = try encoder.encodeFrames(frames, durations: [40, 80, 120, 160], options: options)
            let info = try webpmuxInfo(bytes)
            #expect(info.contains("Number of frames: 4"), "\(info)")
            #expect(info.contains("Loop Count : 3"), "\(info)")
            let decoded = try WebPDecoder().decodeFrames(bytes, options: .default)
            #expect(decoded.map(\.image) == frames)
            #expect(decoded.first?.metadata.frameDurations == [40, 80, 120, 160])
            #expect(decoded.first?.metadata.loopCount == 3)
        }

        @Test func rejectsBadArguments() throws {
            let image = try Self.pattern(4, 4, .rgb8)
            #expect(throws: ImageError.self) { try encoder.encode(image, options: EncodeOptions(quality: 101)) }
            #expect(throws: ImageError.self) { try encoder.encode(image, options: EncodeOptions().with(WebPEncodeOptions(method: 7))) }
            #expect(throws: ImageError.self) { try encoder.encode(try ImageBuffer(width: 4, height: 4, format: .rgb16), options: .default) }
            #expect(throws: ImageError.self) { try encoder.encode(try ImageBuffer(width: 20000, height: 1, format: .rgb8), options: .default) }
            #expect(throws: ImageError.self) { try encoder.encodeFrames([image], durations: [], options: .default) }
        }
    }
}
