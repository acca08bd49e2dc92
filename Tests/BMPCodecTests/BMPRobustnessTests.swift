import Foundation
import BMPCodec
import ImageKernel
import Testing
import TestSupport

/// Hostile and truncated BMPs built in the test: limits before allocation, truncation, RLE bounds.
@Suite struct BMPRobustnessTests {
    /// A BMP with a 40-byte info header and the given fields.
    static func file(width: Int32, height: Int32, bits: UInt16, compression: UInt32 = 0, colors: UInt32 = 0,
                     palette: [UInt8] = [], pixels: [UInt8] = []) -> [UInt8] {
        func le32(_ v: UInt32) -> [UInt8] { [UInt8(v & 0xFF), UInt8(v >> 8 & 0xFF), UInt8(v >> 16 & 0xFF), UInt8(v >> 24)] }
        let offset = UInt32(14 + 40 + palette.count)
        var out: [UInt8] = [0x42, 0x4D] + le32(offset + UInt32(pixels.count)) + le32(0) + le32(offset)
        out += le32(40) + le32(UInt32(bitPattern: width)) + le32(UInt32(bitPattern: height)) + [1, 0, UInt8(bits), UInt8(bits >> 8)]
        out += le32(compression) + le32(UInt32(pixels.count)) + le32(2835) + le32(2835) + le32(colors) + le32(0)
        return out + palette + pixels
    }

    @Test func hugeHeaderIsRefusedBeforeAllocating() throws {
        let data = Self.file(width: 100_000, height: 100_000, bits: 24)
        let error = #expect(throws: ImageError.self) { try BMPDecoder().decode(data, options: .default) }
        #expect(error?.kind == .limitExceeded)
        let probeError = #expect(throws: ImageError.self) { try BMPDecoder().probe(data, limits: .default) }
        #expect(probeError?.kind == .limitExceeded)
    }

    @Test func truncatedPixelsFailUnlessAllowed() throws {
        // 4x4 24-bit, bottom-up: stride 12; only the two bottom rows are present.
        let rows = (0..<24).map { UInt8($0 * 10) }
        let data = Self.file(width: 4, height: 4, bits: 24, pixels: rows)
        let error = #expect(throws: ImageError.self) { try BMPDecoder().decode(data, options: .default) }
        #expect(error?.kind == .truncated)
        let partial = try BMPDecoder().decode(data, options: DecodeOptions(allowTruncated: true))
        #expect(partial.metadata.properties["bmp.truncatedRows"] == "2")
        #expect(partial.image.pixel(x: 0, y: 3) == [20, 10, 0])
        #expect(partial.image.pixel(x: 0, y: 0) == [0, 0, 0])
    }

    @Test func truncatedRunLengthDataFailsBeforeAllocating() throws {
        // Claims 20000x8000 (160 MB of RGB) with a single two-byte run and no end code.
        let palette: [UInt8] = [0, 0, 255, 0, 0, 255, 0, 0]
        let data = Self.file(width: 20_000, height: 8_000, bits: 8, compression: 1, colors: 2, palette: palette, pixels: [5, 1])
        let error = #expect(throws: ImageError.self) { try BMPDecoder().decode(data, options: .default) }
        #expect(error?.kind == .truncated)
    }

    @Test func runLengthRunsThatLeaveTheImageAreClipped() throws {
        // 3x2 RLE8: a run of 200 on the bottom row (cut at the row's end), a delta far past the end, then nothing.
        let palette: [UInt8] = [0, 0, 0, 0, 0, 0, 255, 0, 0, 255, 0, 0]
        let codes: [UInt8] = [200, 1, 0, 2, 255, 255]
        let data = Self.file(width: 3, height: 2, bits: 8, compression: 1, colors: 3, palette: palette, pixels: codes)
        let decoded = try BMPDecoder().decode(data, options: .default)
        #expect(decoded.image.pixel(x: 2, y: 1) == [255, 0, 0])
        #expect(decoded.image.pixel(x: 0, y: 0) == [0, 0, 0])
        let early = Self.file(width: 3, height: 2, bits: 8, compression: 1, colors: 3, palette: palette, pixels: [2, 2, 0, 1])
        let partial = try BMPDecoder().decode(early, options: .default)
        #expect(partial.metadata.properties["bmp.endedEarly"] == "true")
        #expect(partial.image.pixel(x: 1, y: 1) == [0, 255, 0])
    }

    @Test func everyPrefixOfAFileFailsCleanly() throws {
        var palette: [UInt8] = []
        for i in 0..<16 { palette += [UInt8(i * 16), 0, UInt8(255 - i * 16), 0] }
        let data = Self.file(width: 5, height: 3, bits: 4, colors: 16, palette: palette, pixels: [UInt8](repeating: 0x12, count: 12))
        _ = try BMPDecoder().decode(data, options: .default)
        // The last row needs its pixels but not its padding byte (as in Pillow), so every shorter prefix fails.
        for length in 0..<(data.count - 1) {
            let prefix = Array(data.prefix(length))
            #expect(throws: ImageError.self) { try BMPDecoder().decode(prefix, options: .default) }
            _ = try? BMPDecoder().decode(prefix, options: DecodeOptions(allowTruncated: true))
        }
    }

    @Test func formatIsDetectedByContent() {
        #expect(BMP.format.matches(Self.file(width: 1, height: 1, bits: 24, pixels: [0, 0, 0, 0])))
        #expect(!BMP.format.matches(Array("P6\n1 1\n255\n".utf8)))
        #expect(BMP.format.extensions == ["bmp"] && BMP.dibFormat.extensions == ["dib"])
        let dib = Array(Self.file(width: 1, height: 1, bits: 24, pixels: [0, 0, 0, 0]).dropFirst(14))
        #expect(BMP.dibFormat.matches(dib) && !BMP.format.matches(dib))
    }
}
