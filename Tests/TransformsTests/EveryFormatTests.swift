import ImageKernel
import Testing
import Transforms

/// Properties that must hold for every kernel pixel format (the Pillow references cover the Pillow modes).
@Suite struct EveryFormatTests {
    /// A 5x3 image whose every byte differs from its neighbours.
    static func sample(_ format: PixelFormat) throws -> ImageBuffer {
        let count = 5 * 3 * format.bytesPerPixel
        var bytes = (0..<count).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) }
        if format.sampleType == .float32 {  // keep floats finite: small values in 0..<1
            bytes = (0..<count).map { $0 % 4 == 3 ? 0x3E : UInt8(truncatingIfNeeded: $0 &* 37) }
        }
        return try ImageBuffer(width: 5, height: 3, format: format, bytes: bytes)
    }

    @Test(arguments: PixelFormat.all)
    func geometryInvolutionsAndInverses(_ format: PixelFormat) throws {
        let image = try Self.sample(format)
        #expect(try FlipHorizontal().then(FlipHorizontal()).apply(image) == image)
        #expect(try FlipVertical().then(FlipVertical()).apply(image) == image)
        #expect(try Transpose().then(Transpose()).apply(image) == image)
        #expect(try Transverse().then(Transverse()).apply(image) == image)
        #expect(try Rotate(degrees: 90).then(Rotate(degrees: 270)).apply(image) == image)
        #expect(try ApplyOrientation(.rightTop).then(ApplyOrientation(.leftBottom)).apply(image) == image)
        #expect(try Rotate(degrees: 180).apply(image) == FlipHorizontal().then(FlipVertical()).apply(image))
        let rotated = try Rotate(degrees: 90).apply(image)
        #expect(rotated.pixel(x: 0, y: 0) == image.pixel(x: 4, y: 0))  // counter-clockwise: top-right goes to top-left
        let crop = try Crop(x: 1, y: 1, width: 3, height: 2).apply(image)
        #expect(crop.pixel(x: 0, y: 0) == image.pixel(x: 1, y: 1))
    }

    @Test(arguments: PixelFormat.all)
    func resizeRunsAndKeepsTheFormat(_ format: PixelFormat) throws {
        let image = try Self.sample(format)
        for filter in ResampleFilter.allCases {
            let out = try Resize(width: 3, height: 7, filter: filter).apply(image)
            #expect(out.format == format && out.width == 3 && out.height == 7)
        }
    }

    @Test(arguments: PixelFormat.all)
    func everyNativeConversionTargetIsReachable(_ format: PixelFormat) throws {
        let image = try Self.sample(format)
        for target in PixelFormat.all {
            let out = try ColorConversion.convert(image, to: target)
            #expect(out.format == target && out.width == 5 && out.height == 3)
        }
        for layout in ChannelLayout.allCases {
            #expect(try PillowConversion.convert(image, to: layout).format == PixelFormat(layout, .uint8))
        }
    }

    @Test func grayRoundTripsThroughColour() throws {
        let bytes = (0...255).map { UInt8($0) }
        let gray = try ImageBuffer(width: 256, height: 1, format: .gray8, bytes: bytes)
        for via in [PixelFormat.rgb8, .rgba16, .rgbF32, .grayAlpha8, .cmyk8, .cmyk16] {
            let back = try ColorConversion.convert(ColorConversion.convert(gray, to: via), to: .gray8)
            #expect(back == gray, "gray8 -> \(via) -> gray8")
        }
    }
}
