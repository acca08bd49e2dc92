import Foundation
import ImageKernel
import JPEGCodec
import Testing
import TestSupport

/// DCT-domain scaled decoding equals `djpeg -scale M/8`, and decoding into a reused buffer works.
@Suite struct JPEGScaledDecodeTests {
    static let files = ["jpeg/libjpeg-turbo/testorig.jpg", "jpeg/libjpeg-turbo/testimgp.jpg", "jpeg/pillow/hopper_gray.jpg",
                        "photos/rocket.jpg", "jpeg/jpeg-decoder/mozilla/jpg-size-33x33.jpg", "jpeg/libjpeg-turbo/testimgari.jpg"]

    @Test(.enabled(if: TestPaths.corpusAvailable && JPEGFixtures.available, JPEGFixtures.reason), arguments: files)
    func scaledPixelsEqualDjpeg(_ path: String) throws {
        let data = TestPaths.bytes(TestPaths.corpusFile(path))
        let full = try JPEGDecoder().probe(data, limits: .default)
        for (scale, eighths) in [(DecodeScale.full, 8), (.half, 4), (.quarter, 2), (.eighth, 1), (DecodeScale(3, 8), 3)] {
            let decoded = try JPEGDecoder().decode(data, options: DecodeOptions(scale: scale))
            #expect(decoded.image.width == (full.width * eighths + 7) / 8 && decoded.image.height == (full.height * eighths + 7) / 8)
            #expect(decoded.metadata.width == decoded.image.width)
            let stem = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
            let reference = try JPEGFixtures.reference("jpeg/djpeg/\(stem).\(eighths).npy")
            let difference = JPEGFixtures.difference(decoded.image, reference)
            #expect(difference == nil, "\(path) at \(eighths)/8: \(difference ?? "")")
        }
    }

    @Test func scaleIsRoundedUpToEighths() throws {
        #expect(try JPEGDecoder.dctScaleNumerator(for: DecodeScale(1, 3)) == 3)
        #expect(try JPEGDecoder.dctScaleNumerator(for: DecodeScale(1, 100)) == 1)
        #expect(try JPEGDecoder.dctScaleNumerator(for: DecodeScale(2, 1)) == 8)
        #expect(try JPEGDecoder.dctScaleNumerator(for: DecodeScale(Int.max / 2, Int.max)) == 4)
        #expect(try JPEGDecoder.dctScaleNumerator(for: DecodeScale(3, 4)) == 6)
        #expect(throws: ImageError.self) { try JPEGDecoder.dctScaleNumerator(for: DecodeScale(0, 1)) }
    }

    @Test(.enabled(if: TestPaths.corpusAvailable, JPEGFixtures.corpusReason))
    func decodeIntoReusesTheCallersBuffer() throws {
        let big = TestPaths.bytes(TestPaths.corpusFile("photos/rocket.jpg"))
        let small = TestPaths.bytes(TestPaths.corpusFile("jpeg/libjpeg-turbo/testorig.jpg"))
        var buffer = try ImageBuffer(width: 1, height: 1, format: .gray8)
        _ = try JPEGDecoder().decode(big, options: .default, into: &buffer)
        let address = buffer.withUnsafeBytes { $0.baseAddress }
        let metadata = try JPEGDecoder().decode(small, options: .default, into: &buffer)
        #expect(buffer.withUnsafeBytes { $0.baseAddress } == address)
        #expect(buffer.width == 227 && buffer.height == 149 && metadata.width == 227)
        #expect(buffer.packedBytes() == (try JPEGDecoder().decode(small, options: .default)).image.packedBytes())
    }
}
