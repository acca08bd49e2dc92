import ImageKernel
import Testing
import TestSupport

/// Limits, errors, options, signatures and EXIF orientation.
struct LimitsAndOptionsTests {
    @Test func defaultLimitIsPillowsDecompressionBombThreshold() throws {
        #expect(Limits.default.maxPixels == 178_956_970)
        // Pillow raises DecompressionBombError above 2 * MAX_IMAGE_PIXELS = 2 * 89,478,485.
        #expect(Limits.defaultMaxPixels == 2 * 89_478_485)
        #expect(try Limits.default.check(width: 17_895_697, height: 10, format: .gray8) == 178_956_970)
        #expect(imageErrorKind { try Limits.default.check(width: 178_956_971, height: 1, format: .gray8) } == .limitExceeded)
    }

    @Test func checkRefusesEmptyAndOversizedFrames() {
        #expect(imageErrorKind { try Limits.default.check(width: 0, height: 5, format: .rgb8) } == .corrupt)
        #expect(imageErrorKind { try Limits.default.check(width: 5, height: -1, format: .rgb8) } == .corrupt)
        #expect(imageErrorKind { try Limits.default.check(width: 100_000, height: 100_000, format: .rgb8) } == .limitExceeded)
        #expect(imageErrorKind { try Limits.default.check(width: Int.max, height: Int.max, format: .rgb8) } == .limitExceeded)
        #expect(imageErrorKind { try Limits(maxBytes: 299).check(width: 10, height: 10, format: .rgb8) } == .limitExceeded)
        #expect(imageErrorKind { try Limits(maxBytes: 300).check(width: 10, height: 10, format: .rgb8) } == nil)
        #expect(imageErrorKind { try Limits.none.check(width: 1 << 20, height: 1 << 20, format: .rgba16) } == nil)
        #expect(imageErrorKind { try Limits(maxFrames: 3).check(frameCount: 4) } == .limitExceeded)
        #expect(imageErrorKind { try Limits(maxMetadataBytes: 10).check(metadataBytes: 11, name: "ICC") } == .limitExceeded)
    }

    @Test func errorsNameTheirFileOnce() {
        let error = ImageError.corrupt("bad header")
        #expect(error.description == "bad header")
        let named = error.naming(file: "/a.png")
        #expect(named.description == "/a.png: bad header" && named.kind == .corrupt)
        #expect(named.naming(file: "/b.png").file == "/a.png")
        let limit = ImageError.limitExceeded("pixels", value: 10, maximum: 5)
        #expect(limit.reason == "pixels 10 exceeds the limit of 5")
    }

    struct ToyOptions: CodecOptions, Equatable { var level = 3 }
    struct OtherOptions: CodecOptions { var flag = true }

    @Test func encodeOptionsCarryTypedCodecOptions() throws {
        var options = EncodeOptions(quality: 90)
        #expect(options.codecOptions(ToyOptions.self) == nil)
        options.set(ToyOptions(level: 7))
        #expect(options.codecOptions(ToyOptions.self)?.level == 7)
        #expect(options.codecOptions(OtherOptions.self) == nil)
        let replaced = options.with(ToyOptions(level: 1))
        #expect(replaced.codecOptions(ToyOptions.self)?.level == 1 && options.codecOptions(ToyOptions.self)?.level == 7)
        #expect(try options.validatedQuality(default: 75) == 90)
        #expect(try EncodeOptions().validatedQuality(default: 75) == 75)
        #expect(imageErrorKind { _ = try EncodeOptions(quality: 101).validatedQuality(default: 75) } == .invalidArgument)
        #expect(imageErrorKind { _ = try EncodeOptions(quality: -1).validatedQuality(default: 75) } == .invalidArgument)
    }

    @Test func decodeScaleRoundsUpLikeLibjpeg() {
        #expect(DecodeScale.eighth.scaled(227) == 29)  // ceil(227 / 8)
        #expect(DecodeScale(3, 8).scaled(100) == 38)
        #expect(DecodeScale.full.isFull && !DecodeScale.half.isFull)
    }

    /// A TIFF-structured EXIF block with one IFD0 entry: orientation (tag 0x0112, SHORT) = `value`.
    static func exif(orientation value: UInt8, bigEndian: Bool, prefix: Bool) -> [UInt8] {
        let header: [UInt8] = bigEndian ? [0x4D, 0x4D, 0, 42, 0, 0, 0, 8] : [0x49, 0x49, 42, 0, 8, 0, 0, 0]
        let entry: [UInt8] = bigEndian
            ? [0, 1, 0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, value, 0, 0, 0, 0, 0, 0]
            : [1, 0, 0x12, 0x01, 3, 0, 1, 0, 0, 0, value, 0, 0, 0, 0, 0, 0, 0]
        return (prefix ? Array("Exif".utf8) + [0, 0] : []) + header + entry
    }

    @Test(arguments: [false, true], [false, true])
    func exifOrientationIsReadInEitherByteOrder(bigEndian: Bool, prefix: Bool) {
        for value in 1...8 {
            #expect(Exif.orientation(in: Self.exif(orientation: UInt8(value), bigEndian: bigEndian, prefix: prefix))?.rawValue == value)
        }
        #expect(Exif.orientation(in: Self.exif(orientation: 9, bigEndian: bigEndian, prefix: prefix)) == nil)
    }

    @Test func brokenExifGivesNoOrientation() {
        let good = Self.exif(orientation: 6, bigEndian: false, prefix: false)
        #expect(Exif.orientation(in: []) == nil)
        #expect(Exif.orientation(in: Array(good.prefix(12))) == nil)
        #expect(Exif.orientation(in: [0x49, 0x49, 42, 0, 0xFF, 0xFF, 0xFF, 0x7F]) == nil)
        #expect(Exif.orientation(in: [0x41, 0x42, 42, 0, 8, 0, 0, 0] + good.dropFirst(8)) == nil)
        #expect(Orientation.rightTop.swapsDimensions && !Orientation.bottomRight.swapsDimensions)
    }

    @Test func formatIDsAreCaseInsensitive() {
        #expect(FormatID("PNG") == .png && FormatID(rawValue: "JpEg") == .jpeg)
        let literal: FormatID = "WebP"
        #expect(literal == .webp && literal.description == "webp")
    }
}
