import ImageKernel
import JPEGCodec
import Testing

/// Where the decoder puts its pixels. libjpeg-turbo's SIMD colour converters write an output row that starts on a
/// 16- or 32-byte boundary with non-temporal stores, past the cache; the pixels of a decode are usually read again at
/// once (a resize, a conversion), so the decoder's own buffers of under 1 MiB start 8 bytes past a 64-byte boundary
/// and every row of a stride that is a multiple of 32 is written through the cache. Larger buffers stay 4 KiB-aligned
/// (there the streaming stores cost nothing: the image does not fit in the cache anyway).
struct JPEGDecodePlacementTests {
    private func decodedAddress(width: Int, height: Int) throws -> (address: UInt, stride: Int) {
        var image = try ImageBuffer(width: width, height: height, format: .rgb8)
        image.withUnsafeMutableBytes { bytes in
            for i in bytes.indices { bytes[i] = UInt8(truncatingIfNeeded: i &* 31) }
        }
        let file = try JPEGEncoder().encode(image, options: EncodeOptions(quality: 90))
        let decoded = try JPEGDecoder().decode(file, options: .default).image
        #expect(decoded.width == width && decoded.height == height)
        return (decoded.withUnsafeBytes { UInt(bitPattern: $0.baseAddress!) }, decoded.rowStride)
    }

    @Test func smallDecodesStartOffTheVectorBoundaries() throws {
        let (address, stride) = try decodedAddress(width: 640, height: 427)
        #expect(stride % 32 == 0)
        #expect(address % 64 == 8, "rows start at \(address % 64) mod 64")
        #expect(address % 16 != 0, "a 16- or 32-byte aligned row start makes libjpeg-turbo stream the row past the cache")
    }

    @Test func largeDecodesStayPageAligned() throws {
        let (address, _) = try decodedAddress(width: 1024, height: 400)  // 1.2 MB
        #expect(address % 4096 == 0)
    }
}
