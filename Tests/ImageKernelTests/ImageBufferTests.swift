import ImageKernel
import Testing

/// ImageBuffer: copy-on-write, strides, checked sizes, accessors.
struct ImageBufferTests {
    private func address(_ image: ImageBuffer) -> UnsafeRawPointer? {
        image.withUnsafeBytes { $0.baseAddress }
    }

    @Test func copiesShareStorageUntilOneIsMutated() throws {
        var original = try ImageBuffer(width: 4, height: 3, format: .rgb8)
        original[x: 1, y: 1, channel: 2] = 200
        var copy = original
        #expect(address(copy) == address(original), "a copy shares the bytes")
        copy[x: 1, y: 1, channel: 2] = 7
        #expect(address(copy) != address(original), "mutation copies first")
        #expect(original[x: 1, y: 1, channel: 2] == 200)
        #expect(copy[x: 1, y: 1, channel: 2] == 7)

        var third = original
        third.withUnsafeMutableBytes { $0[0] = 99 }
        #expect(original[x: 0, y: 0, channel: 0] == 0 && third[x: 0, y: 0, channel: 0] == 99)
        var fourth = original
        fourth.withUnsafeMutableRow(2) { $0[0] = 5 }
        #expect(original[x: 0, y: 2, channel: 0] == 0 && fourth[x: 0, y: 2, channel: 0] == 5)
    }

    @Test func aUniqueBufferIsMutatedInPlace() throws {
        var image = try ImageBuffer(width: 8, height: 8, format: .gray8)
        let before = address(image)
        image[x: 3, y: 3, channel: 0] = 1
        image.withUnsafeMutableBytes { $0[1] = 2 }
        #expect(address(image) == before)
    }

    @Test func newBuffersAreZeroed() throws {
        let image = try ImageBuffer(width: 300, height: 200, format: .rgba16)
        #expect(image.packedBytes().allSatisfy { $0 == 0 })
        let large = try ImageBuffer(width: 2048, height: 1024, format: .rgba8)  // above the huge-page threshold
        #expect(large.byteCount == 2048 * 1024 * 4)
        #expect(large.withUnsafeBytes { $0.allSatisfy { $0 == 0 } })
    }

    @Test func sizesAreOverflowChecked() throws {
        for (width, height, format) in [(Int.max / 2, 3, PixelFormat.gray8), (1 << 40, 1 << 30, .rgbaF32), (Int.max, 1, .rgb16)] {
            let error = #expect(throws: ImageError.self) { try ImageBuffer(width: width, height: height, format: format) }
            #expect(error?.kind == .limitExceeded)
        }
        #expect(throws: ImageError.self) { try ByteCount.multiply(Int.max, 2) }
        #expect(throws: ImageError.self) { try ByteCount.multiply(-1, 2) }
        #expect(try ByteCount.of(width: 3, height: 5, format: .rgba16) == 120)
    }

    @Test func negativeSizesAndShortStridesAreInvalid() {
        #expect((#expect(throws: ImageError.self) { try ImageBuffer(width: -1, height: 2, format: .gray8) })?.kind == .invalidArgument)
        #expect((#expect(throws: ImageError.self) { try ImageBuffer(width: 4, height: 2, format: .rgb8, rowStride: 11) })?.kind == .invalidArgument)
        #expect((#expect(throws: ImageError.self) { try ImageBuffer(width: 2, height: 2, format: .gray8, bytes: [1, 2, 3]) })?.kind == .invalidArgument)
    }

    @Test func paddedRowsKeepTheirPaddingOutOfPixelsAndEquality() throws {
        var padded = try ImageBuffer(width: 3, height: 2, format: .gray8, rowStride: 16)
        #expect(padded.byteCount == 32 && padded.packedRowBytes == 3 && !padded.isPacked)
        for y in 0..<2 { for x in 0..<3 { padded[x: x, y: y, channel: 0] = Double(y * 3 + x) } }
        padded.withUnsafeMutableBytes { $0[10] = 77 }  // padding
        #expect(padded.packedBytes() == [0, 1, 2, 3, 4, 5])
        let packed = try ImageBuffer(width: 3, height: 2, format: .gray8, bytes: [0, 1, 2, 3, 4, 5])
        #expect(packed.isPacked)
        #expect(padded == packed)
        #expect(padded.withUnsafeRow(1) { Array($0) } == [3, 4, 5])
    }

    @Test func samplesAreStoredNativeEndianAndClampedOnWrite() throws {
        var image = try ImageBuffer(width: 1, height: 1, format: .rgb16)
        image[x: 0, y: 0, channel: 0] = 0x1234
        image[x: 0, y: 0, channel: 1] = 70000
        image[x: 0, y: 0, channel: 2] = -5
        #expect(image.packedBytes() == [0x34, 0x12, 0xFF, 0xFF, 0, 0])
        var float = try ImageBuffer(width: 1, height: 1, format: .grayF32)
        float[x: 0, y: 0, channel: 0] = 1.5
        #expect(float.pixel(x: 0, y: 0) == [1.5])
    }

    @Test func reshapeReusesUnsharedStorageAndNeverTouchesSharedStorage() throws {
        var image = try ImageBuffer(width: 64, height: 64, format: .rgba8)
        let before = address(image)
        try image.reshape(width: 32, height: 16, format: .rgb16)
        #expect(address(image) == before, "large enough and unshared: reused")
        #expect(image.width == 32 && image.height == 16 && image.format == .rgb16 && image.rowStride == 32 * 6)
        let shared = image
        try image.reshape(width: 8, height: 8, format: .gray8)
        #expect(address(image) != address(shared), "shared storage is not reused")
        #expect(shared.width == 32 && shared.format == .rgb16)
        try image.reshape(width: 1000, height: 1000, format: .gray8)
        #expect(image.capacity >= 1_000_000)
        #expect((#expect(throws: ImageError.self) { try image.reshape(width: 100, height: 100, format: .gray8, limits: Limits(maxPixels: 10)) })?.kind == .limitExceeded)
    }

    @Test func pixelFormatsDescribeThemselves() {
        #expect(PixelFormat.all.count == 15)
        #expect(PixelFormat.rgba16.bytesPerPixel == 8 && PixelFormat.grayAlphaF32.bytesPerPixel == 8 && PixelFormat.cmyk8.bytesPerPixel == 4)
        #expect(PixelFormat.rgb8.description == "rgb8" && PixelFormat.grayAlpha16.description == "grayAlpha16")
        #expect(PixelFormat.rgbaF32.description == "rgbaF32")
        #expect(PixelFormat.rgba8.hasAlpha && !PixelFormat.cmyk16.hasAlpha && ChannelLayout.rgba.withoutAlpha == .rgb)
    }
}
