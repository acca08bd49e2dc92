import Foundation
import GIFCodec
import ImageKernel
import Testing
import TestSupport

extension GIFTestSuite {
    /// The encoder against Pillow 13 at test time: Pillow reads what we write and gets the pixels, palette and indices
    /// it gets from the file its own writer makes of the same pixels (Keras's `save_img` path).
    @Suite(.enabled(if: PillowGIFWriter.available, "Pillow not found at \(PillowGIFWriter.python)"))
    struct GIFEncoderTests {
        let encoder = GIFEncoder()

        static func scene(width: Int, height: Int, channels: Int, levels: Int, seed: UInt64) -> [UInt8] {
            var random = SeededRandom(seed: seed)
            var out = [UInt8](repeating: 0, count: width * height * channels)
            for y in 0..<height {
                for x in 0..<width {
                    for c in 0..<channels {
                        let smooth = (x * 255 / max(1, width - 1) + y * 97 / max(1, height - 1) + c * 60) % 256
                        let noisy = (smooth + random.below(24)) % 256
                        out[(y * width + x) * channels + c] = UInt8(levels >= 256 ? noisy : (noisy * levels / 256) * (255 / max(1, levels - 1)))
                    }
                    if channels == 4 { out[(y * width + x) * 4 + 3] = (x + y) % 7 == 0 ? 0 : 255 }
                }
            }
            return out
        }

        static func noise(width: Int, height: Int, seed: UInt64) -> [UInt8] {
            var random = SeededRandom(seed: seed)
            return (0..<(width * height * 3)).map { _ in UInt8(random.below(256)) }
        }

        func write(_ name: String, _ pixels: [UInt8], width: Int, height: Int, format: PixelFormat) throws -> PillowGIFWriter.Case {
            let image = try ImageBuffer(width: width, height: height, format: format, bytes: pixels)
            let path = temporaryPath("-\(name).gif")
            _ = FileManager.default.createFile(atPath: path, contents: Data(try encoder.encode(image, options: .default)))
            return PillowGIFWriter.Case(gif: path, pixels: pixels, width: width, height: height, channels: format.channelCount)
        }

        @Test func grayAndRGBAreWrittenAsPillowWritesThem() throws {
            let cases = [
                try write("gray", Self.scene(width: 61, height: 37, channels: 1, levels: 256, seed: 1), width: 61, height: 37, format: .gray8),
                try write("gray-few", Self.scene(width: 20, height: 9, channels: 1, levels: 5, seed: 2), width: 20, height: 9, format: .gray8),
                try write("rgb-few", Self.scene(width: 64, height: 48, channels: 3, levels: 4, seed: 3), width: 64, height: 48, format: .rgb8),
                try write("rgb-photo", Self.scene(width: 97, height: 61, channels: 3, levels: 256, seed: 4), width: 97, height: 61, format: .rgb8),
                try write("rgb-tiny", Self.scene(width: 7, height: 5, channels: 3, levels: 256, seed: 5), width: 7, height: 5, format: .rgb8),
                // More than 65536 distinct colours: Pillow's histogram drops a bit per channel (scale 1).
                try write("rgb-many", Self.noise(width: 320, height: 240, seed: 6), width: 320, height: 240, format: .rgb8),
                // At least 512 x 512 pixels: Pillow keeps the quantizer's table as it is (no `optimize`).
                try write("rgb-large", Self.scene(width: 520, height: 512, channels: 3, levels: 256, seed: 7), width: 520, height: 512, format: .rgb8),
            ]
            let reports = try PillowGIFWriter.compare(cases)
            for c in cases {
                let report = try #require(reports[c.gif])
                let name = URL(fileURLWithPath: c.gif).lastPathComponent
                #expect(report.ours.mode == report.pillow.mode, "\(name)")
                #expect(report.ours.version == report.pillow.version, "\(name)")
                #expect(report.ours.interlaced == report.pillow.interlaced, "\(name)")
                #expect(report.ours.palette == report.pillow.palette, "\(name): colour table differs from Pillow's")
                #expect(report.ours.indices == report.pillow.indices, "\(name): indices differ from Pillow's")
                #expect(report.ours.rgba == report.pillow.rgba, "\(name): pixels differ from Pillow's")
            }
        }

        @Test func rgbaKeepsTransparencyAndColoursOfFewColourImages() throws {
            let pixels = Self.scene(width: 40, height: 30, channels: 4, levels: 4, seed: 6)
            let c = try write("rgba", pixels, width: 40, height: 30, format: .rgba8)
            let report = try #require(try PillowGIFWriter.compare([c])[c.gif])
            // Pillow's own RGBA path (fast octree) is not ported: compare with the source pixels instead.
            let ours = report.ours.rgba[0]
            var mismatches = 0
            for i in 0..<(40 * 30) {
                let alpha = Int(pixels[4 * i + 3])
                if alpha == 0 { if ours[4 * i + 3] != 0 { mismatches += 1 }; continue }
                if (0..<4).contains(where: { ours[4 * i + $0] != Int(pixels[4 * i + $0]) }) { mismatches += 1 }
            }
            #expect(mismatches == 0)
            #expect(report.ours.transparency != nil)
        }

        @Test func animationsRoundTripThroughPillow() throws {
            let frames = (0..<3).map { Self.scene(width: 24, height: 18, channels: 3, levels: 4, seed: 10 + UInt64($0)) }
            let images = try frames.map { try ImageBuffer(width: 24, height: 18, format: .rgb8, bytes: $0) }
            var options = EncodeOptions()
            options.set(GIFEncodeOptions(loopCount: 0))
            let path = temporaryPath("-anim.gif")
            let bytes = try encoder.encodeFrames(images, durations: [100, 200, 300], options: options)
            _ = FileManager.default.createFile(atPath: path, contents: Data(bytes))
            let c = PillowGIFWriter.Case(gif: path, pixels: frames.flatMap { $0 }, width: 24, height: 18, channels: 3, frames: 3, duration: 100)
            let report = try #require(try PillowGIFWriter.compare([c])[path])
            #expect(report.ours.rgba == report.pillow.rgba)
            #expect(report.ours.durations == [100, 200, 300])
            #expect(report.ours.loop == 0)
            // Our decoder reads it back too.
            let decoded = try GIFDecoder().decodeFrames(bytes, options: .default)
            #expect(decoded.count == 3)
            #expect(decoded[0].metadata.frameDurations == [100, 200, 300])
            #expect(decoded[0].metadata.loopCount == 0)
        }

        @Test func refusesWhatGIFCannotHold() throws {
            let wide = try ImageBuffer(width: 70000, height: 1, format: .gray8)
            #expect(imageErrorKind { _ = try encoder.encode(wide, options: .default) } == .invalidArgument)
            let deep = try ImageBuffer(width: 2, height: 2, format: .rgb16)
            #expect(imageErrorKind { _ = try encoder.encode(deep, options: .default) } == .unsupported)
        }
    }
}
