import ImageKernel
import PNMCodec
import Testing
import TestSupport

/// Header parsing, detection and limits, on inline bytes (no fixtures needed).
struct PNMHeaderTests {
    private func decode(_ text: String, _ raster: [UInt8] = [], options: DecodeOptions = .default) throws -> DecodedImage {
        try PNMDecoder().decode(Array(text.utf8) + raster, options: options)
    }

    @Test func signatureNeedsWhitespaceAfterTheMagicNumber() {
        #expect(PNM.format.matches(Array("P5\n".utf8)))
        #expect(PNM.format.matches(Array("P7 ".utf8)))
        #expect(PNM.format.matches(Array("P1\t".utf8)))
        #expect(!PNM.format.matches(Array("P5x".utf8)))
        #expect(!PNM.format.matches(Array("P5".utf8)))
        #expect(!PNM.format.matches(Array("P8\n".utf8)))
        #expect(!PNM.format.matches(Array("Pf\n".utf8)))
    }

    @Test func hugeHeaderIsRefusedBeforeAllocating() {
        let header = Array("P5\n100000 100000\n255\n".utf8)
        // The probe reads the header only; both refuse on the header with a limit error.
        #expect(imageErrorKind { _ = try PNMDecoder().probe(header, limits: .default) } == .limitExceeded)
        #expect(imageErrorKind { _ = try PNMDecoder().decode(header, options: .default) } == .limitExceeded)
    }

    @Test func shortBinaryRasterIsRefusedBeforeAllocating() throws {
        // 10000 x 10000 is within the default limits; the 1-byte raster is refused from the header's numbers.
        #expect(imageErrorKind { _ = try decode("P5\n10000 10000\n255\n", [0]) } == .truncated)
    }

    @Test func limitsArePerCall() {
        let limits = Limits(maxPixels: 99)
        #expect(imageErrorKind { _ = try PNMDecoder().probe(Array("P5\n10 10\n255\n".utf8), limits: limits) } == .limitExceeded)
        #expect(imageErrorKind { _ = try PNMDecoder().probe(Array("P5\n9 11\n255\n".utf8), limits: limits) } == nil)
    }

    @Test func commentsMayAppearAnywhereWhitespaceMay() throws {
        let image = try decode("P2 # one\n3# width\n# whole line\n1 #height\n255#maxval\n0 # a\n128\n255\n").image
        #expect(image.width == 3 && image.height == 1)
        #expect(image.packedBytes() == [0, 128, 255])
        let binary = try decode("P5\n2 1\n255#comment ends the header\n", [7, 9]).image
        #expect(binary.packedBytes() == [7, 9])
    }

    @Test func plainBitmapNeedsNoSeparators() throws {
        let image = try decode("P1\n5 2\n10110\n0 1\n0 0 1\n").image
        #expect(image.format == .gray8)
        #expect(image.packedBytes() == [0, 255, 0, 0, 255, 255, 0, 255, 255, 0])
    }

    @Test func packedBitmapRowsArePaddedToBytes() throws {
        // Width 10: two bytes per row; 1 bits are black.
        let image = try decode("P4\n10 2\n", [0b1010_0000, 0b0100_0000, 0xFF, 0xC0]).image
        #expect(image.packedBytes() == [0, 255, 0, 255, 255, 255, 255, 255, 255, 0] + [UInt8](repeating: 0, count: 10))
    }

    @Test func pamHeaderAcceptsCommentsBlankLinesAndMissingTupleType() throws {
        let image = try decode("P7\n# c\n\nWIDTH 2\n  HEIGHT 1 \nDEPTH 2\nMAXVAL 255\nENDHDR\n", [1, 2, 3, 4]).image
        #expect(image.format == .grayAlpha8)
        #expect(image.packedBytes() == [1, 2, 3, 4])
    }

    @Test func pamBlackAndWhiteUsesOneForWhite() throws {
        let image = try decode("P7\nWIDTH 3\nHEIGHT 1\nDEPTH 1\nMAXVAL 1\nTUPLTYPE BLACKANDWHITE\nENDHDR\n", [1, 0, 1]).image
        #expect(image.packedBytes() == [255, 0, 255])
    }

    @Test func oddMaxvalScalesLikePillow() throws {
        // Values Pillow 13 gives for these samples: round(v / maxval * 255), ties to even.
        let image = try decode("P5\n4 1\n2\n", [0, 1, 2, 3]).image
        #expect(image.packedBytes() == [0, 128, 255, 255])  // 1/2*255 = 127.5 -> 128 (even); 3 > maxval clamps
        let wide = try decode("P5\n2 1\n1000\n", [0x01, 0xF4, 0x03, 0xE8]).image  // 500, 1000
        #expect(wide.format == .gray16)
        #expect(wide[x: 0, y: 0, channel: 0] == 32768 && wide[x: 1, y: 0, channel: 0] == 65535)  // 32767.5 -> 32768
    }

    @Test func truncationCanBeAllowed() throws {
        let options = DecodeOptions(allowTruncated: true)
        let binary = try decode("P5\n3 2\n255\n", [1, 2, 3, 4], options: options)
        #expect(binary.image.packedBytes() == [1, 2, 3, 4, 0, 0])
        #expect(binary.metadata.outcome.isPartial)
        let ascii = try decode("P2\n3 2\n255\n1 2 3 4", options: options)
        #expect(ascii.image.packedBytes() == [1, 2, 3, 4, 0, 0])
        #expect(ascii.metadata.outcome.isPartial)
        #expect(try decode("P5\n3 2\n255\n", [1, 2, 3, 4, 5, 6], options: options).metadata.outcome == .complete)
        #expect(imageErrorKind { _ = try decode("P2\n3 2\n255\n1 2 3 4") } == .truncated)
    }

    @Test func dataAfterTheRasterIsIgnored() throws {
        let image = try decode("P5\n2 1\n255\n", [5, 6, 7, 8, 9]).image
        #expect(image.packedBytes() == [5, 6])
    }

    @Test func onlyTheFirstFrameExists() {
        #expect(imageErrorKind { _ = try decode("P5\n1 1\n255\n", [0], options: DecodeOptions(frameIndex: 1)) } == .invalidArgument)
    }

    @Test(arguments: [
        ("P5\n-1 1\n255\n", ImageError.Kind.corrupt), ("P5\n1 1\n255x", .corrupt), ("P5\n12345678901 1\n255\n", .corrupt),
        ("P6\n1 1", .truncated), ("P7\nWIDTH x\nENDHDR\n", .corrupt), ("P7\nWIDTH 1\nHEIGHT 1\nMAXVAL 1\nENDHDR\n", .corrupt),
        ("P7\nWIDTH 1\nHEIGHT 1\nDEPTH 5\nMAXVAL 1\nENDHDR\n", .unsupported), ("P3\n1 1\n255\n1 2 -3\n", .corrupt),
        ("P1\n2 1\n12\n", .corrupt), ("P2\n1 1\n255\n99999999999\n", .corrupt), ("P5\n\u{1}", .corrupt),
    ])
    func malformedHeaderGivesATypedError(_ text: String, expected: ImageError.Kind) {
        #expect(imageErrorKind { _ = try decode(text) } == expected, "\(text.debugDescription)")
    }
}
