import Foundation
import Imago
import Testing
import TestSupport

/// Pixel-format negotiation before encoding, from the library: `saveImage` and `FormatRegistry.encode` write what the
/// encoder cannot store as it is, with the CLI's warning; the files are read back by libjpeg's own `djpeg`.
@Suite struct SaveNegotiationTests {
    static let djpeg = "/usr/bin/djpeg"
    static let djpegAvailable = FileManager.default.isExecutableFile(atPath: djpeg)

    /// The file decoded by `djpeg -pnm`, read by TestSupport's Netpbm parser.
    static func decodedByDJPEG(_ path: String) throws -> NetpbmImage {
        let output = temporaryPath(".pnm")
        defer { try? FileManager.default.removeItem(atPath: output) }
        try #require(runTool(djpeg, ["-pnm", "-outfile", output, path]) == 0, "djpeg failed on \(path)")
        return try #require(NetpbmImage(path: output))
    }

    static func psnr(_ a: [Double], _ b: [Double]) -> Double {
        let mse = zip(a, b).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) } / Double(a.count)
        return mse == 0 ? .infinity : 10 * log10(255 * 255 / mse)
    }

    /// A smooth gradient of `count` samples in 0...`maxValue`.
    static func gradient(width: Int, height: Int, channels: Int, maxValue: Double) -> [Double] {
        var values: [Double] = []
        for y in 0..<height {
            for x in 0..<width {
                for c in 0..<channels {
                    let t = (Double(x) / Double(width - 1) + Double(y) / Double(height - 1) + Double(c) * 0.25) / 2.75
                    values.append((t * maxValue).rounded())
                }
            }
        }
        return values
    }

    @Test(.enabled(if: djpegAvailable, "djpeg (libjpeg-turbo-progs) is not installed: no independent JPEG decoder"))
    func rgbaArrayToJPEGDropsAlphaWithKerasWarning() throws {
        let (width, height) = (48, 32)
        let samples = Self.gradient(width: width, height: height, channels: 4, maxValue: 255)
        let array = try NDArray(shape: [height, width, 4], elements: samples.map { Float($0) })
        let path = temporaryPath(".jpg")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let warnings = try saveImage(path, array, scale: false)
        // Keras's save_img: its own warning, alpha dropped (not composited), nothing else.
        #expect(warnings.map(\.message) == ["The JPEG format does not support RGBA images, converting to RGB."])
        let written = try Self.decodedByDJPEG(path)
        #expect(written.width == width && written.height == height && written.depth == 3)
        var expected: [Double] = []
        for pixel in 0..<(width * height) { expected += samples[(pixel * 4)..<(pixel * 4 + 3)] }
        let quality = Self.psnr(written.values.map(Double.init), expected)
        #expect(quality > 35, "PSNR \(quality) dB")
    }

    @Test(.enabled(if: djpegAvailable, "djpeg (libjpeg-turbo-progs) is not installed: no independent JPEG decoder"))
    func sixteenBitImageToJPEGIsRoundedTo8BitsWithTheCLIWarning() throws {
        let (width, height) = (40, 24)
        let samples = Self.gradient(width: width, height: height, channels: 1, maxValue: 65535)
        var buffer = try ImageBuffer(width: width, height: height, format: .gray16)
        for y in 0..<height {
            buffer.withUnsafeMutableRow(y) { row in
                for x in 0..<width { row.storeBytes(of: UInt16(samples[y * width + x]), toByteOffset: 2 * x, as: UInt16.self) }
            }
        }
        let image = try KerasImage(buffer: buffer, mode: .i16)
        let path = temporaryPath(".jpeg")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let warnings = try saveImage(path, image)
        #expect(warnings.map(\.message) == ["JPEG cannot store gray16: 16-bit samples rounded to 8 bits; written as gray8"])
        let written = try Self.decodedByDJPEG(path)
        #expect(written.width == width && written.height == height && written.depth == 1 && written.maxval == 255)
        let quality = Self.psnr(written.values.map(Double.init), samples.map { ($0 / 257).rounded() })
        #expect(quality > 35, "PSNR \(quality) dB")
    }

    @Test func registryEncodeNegotiatesAndReportsEveryLossyStep() throws {
        var rgba16 = try ImageBuffer(width: 4, height: 4, format: .rgba16)
        rgba16.withUnsafeMutableBytes { _ = $0.initializeMemory(as: UInt8.self, repeating: 0x80) }
        let encoded = try FormatRegistry.standard.encodeReportingWarnings(rgba16, as: .jpeg)
        #expect(encoded.bytes.starts(with: [0xFF, 0xD8]))
        #expect(encoded.warnings.map(\.message) == [
            "JPEG cannot store rgba16: alpha composited onto white, 16-bit samples rounded to 8 bits; written as rgb8",
        ])
        // What the encoder stores as it is passes unchanged and silently.
        let rgb8 = try ImageBuffer(width: 4, height: 4, format: .rgb8)
        #expect(try FormatRegistry.standard.encodeReportingWarnings(rgb8, as: .png).warnings.isEmpty)
        // A registry without a pixel conversion refuses, as an encoder does.
        var bare = FormatRegistry()
        try bare.register(try #require(FormatRegistry.standard.format(id: .jpeg)))
        #expect(throws: ImageError.self) { try bare.encode(rgba16, as: .jpeg) }
    }

    @Test func negotiationFollowsTheDocumentedOrder() {
        let jpeg: Set<PixelFormat> = [.gray8, .rgb8, .cmyk8]
        #expect(PixelFormatNegotiation.nearest(to: .grayAlpha16, in: jpeg) == .gray8)
        #expect(PixelFormatNegotiation.nearest(to: .rgbaF32, in: jpeg) == .rgb8)
        #expect(PixelFormatNegotiation.nearest(to: .cmyk16, in: [.rgb8, .rgb16, .gray16]) == .rgb16)
        #expect(PixelFormatNegotiation.nearest(to: .rgbF32, in: [.rgb8, .rgb16]) == .rgb16)
        #expect(PixelFormatNegotiation.nearest(to: .gray8, in: []) == nil)
        let cmyk = EncodingConversion(source: .cmykF32, target: .gray8, formatName: "X")
        #expect(cmyk.lossySteps == [.cmykToRGB, .colorToGray, .floatClamped])
        #expect(EncodingConversion(source: .gray8, target: .rgb16, formatName: "X").lossySteps.isEmpty)
    }
}
