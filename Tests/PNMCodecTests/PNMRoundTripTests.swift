import ImageKernel
import PNMCodec
import Testing
import TestSupport

/// Encoding then decoding gives back the same pixels, in every writable format and form.
struct PNMRoundTripTests {
    static let formats: [PixelFormat] = [.gray8, .gray16, .rgb8, .rgb16, .grayAlpha8, .grayAlpha16, .rgba8, .rgba16]

    /// A deterministic image with every sample value class (0, max, in between).
    static func sample(_ format: PixelFormat, width: Int = 19, height: Int = 7) throws -> ImageBuffer {
        var image = try ImageBuffer(width: width, height: height, format: format)
        var state: UInt32 = 12345
        let maximum = UInt32(format.sampleType.maxValue)
        for y in 0..<height {
            for x in 0..<width {
                for c in 0..<format.channelCount {
                    state = state &* 1_103_515_245 &+ 12345
                    image[x: x, y: y, channel: c] = Double((state >> 8) % (maximum + 1))
                }
            }
        }
        image[x: 0, y: 0, channel: 0] = 0
        image[x: 1, y: 0, channel: 0] = Double(maximum)
        return image
    }

    @Test(arguments: formats)
    func binaryRoundTrip(_ format: PixelFormat) throws {
        let image = try Self.sample(format)
        let bytes = try PNMEncoder().encode(image, options: .default)
        let expectedMagic = format.hasAlpha ? "P7" : format.layout == .gray ? "P5" : "P6"
        #expect(String(decoding: bytes.prefix(2), as: UTF8.self) == expectedMagic)
        #expect(try PNMDecoder().decode(bytes, options: .default).image == image)
    }

    @Test(arguments: [PixelFormat.gray8, .gray16, .rgb8, .rgb16])
    func asciiRoundTrip(_ format: PixelFormat) throws {
        let image = try Self.sample(format, width: 41)
        let bytes = try PNMEncoder().encode(image, options: EncodeOptions().with(PNMEncodeOptions(ascii: true)))
        #expect(String(decoding: bytes.prefix(2), as: UTF8.self) == (format.layout == .gray ? "P2" : "P3"))
        let lines = bytes.split(separator: 0x0A)
        #expect(lines.allSatisfy { $0.count <= 70 }, "Netpbm keeps ASCII lines within 70 characters")
        #expect(try PNMDecoder().decode(bytes, options: .default).image == image)
    }

    @Test(arguments: [false, true])
    func bitmapThresholdsAtHalfTheRange(ascii: Bool) throws {
        let values: [UInt8] = [0, 127, 128, 255, 1, 200, 60, 129, 3, 250, 90]
        let image = try ImageBuffer(width: values.count, height: 1, format: .gray8, bytes: values)
        let bytes = try PNMEncoder().encode(image, options: EncodeOptions().with(PNMEncodeOptions(ascii: ascii, pbm: true)))
        #expect(String(decoding: bytes.prefix(2), as: UTF8.self) == (ascii ? "P1" : "P4"))
        let decoded = try PNMDecoder().decode(bytes, options: .default).image
        #expect(decoded.packedBytes() == values.map { $0 >= 128 ? 255 : 0 })
    }

    @Test func paddedRowsAreWrittenWithoutPadding() throws {
        var image = try ImageBuffer(width: 3, height: 2, format: .gray8, rowStride: 8)
        for y in 0..<2 { for x in 0..<3 { image[x: x, y: y, channel: 0] = Double(10 * y + x) } }
        let bytes = try PNMEncoder().encode(image, options: .default)
        #expect(bytes == Array("P5\n3 2\n255\n".utf8) + [0, 1, 2, 10, 11, 12])
    }

    @Test func refusesWhatItCannotWrite() throws {
        func kind(_ image: ImageBuffer, _ options: EncodeOptions = .default) -> ImageError.Kind? {
            imageErrorKind { _ = try PNMEncoder().encode(image, options: options) }
        }
        #expect(kind(try ImageBuffer(width: 1, height: 1, format: .rgbF32)) == .unsupported)
        #expect(kind(try ImageBuffer(width: 1, height: 1, format: .cmyk8)) == .unsupported)
        #expect(kind(try ImageBuffer(width: 0, height: 1, format: .gray8)) == .invalidArgument)
        #expect(kind(try ImageBuffer(width: 1, height: 1, format: .rgba8), EncodeOptions().with(PNMEncodeOptions(ascii: true))) == .unsupported)
        #expect(kind(try ImageBuffer(width: 1, height: 1, format: .rgb8), EncodeOptions().with(PNMEncodeOptions(pbm: true))) == .invalidArgument)
    }
}
