import Foundation
import ImageKernel
import Testing
import TestSupport

/// `ExifDirectory.littleEndianBlock`, read by Pillow 13 (`Image.Exif().load`, through `gen_tiff_exif_decode.py`),
/// never by Imago: every value case and type, odd-length values (padded), and what is left out.
@Suite struct ExifBlockWritingTests {
    static let reason: Comment = "needs the Python venv (Pillow 13)"

    @Test(.enabled(if: PillowExifView.available, reason))
    func pillowReadsEveryValueCase() throws {
        let entries = [
            ExifEntry(ifd: .primary, tag: 0x010F, type: 2, count: 0, value: .text("Canon")),
            ExifEntry(ifd: .primary, tag: 0x0112, type: 3, count: 1, value: .integers([8])),
            ExifEntry(ifd: .primary, tag: 0x011A, type: 5, count: 1, value: .rationals([ExifRational(300, 1)])),
            ExifEntry(ifd: .primary, tag: 0x0110, type: 2, count: 0, value: .bytes(Array("EOS\0".utf8))),
            // Pointers given as entries are replaced by the block's own.
            ExifEntry(ifd: .primary, tag: 0x8769, type: 4, count: 1, value: .integers([12345])),
            ExifEntry(ifd: .exif, tag: 0x9201, type: 10, count: 1, value: .rationals([ExifRational(-5, 3)])),
            ExifEntry(ifd: .exif, tag: 0x8827, type: 3, count: 2, value: .integers([100, 200])),
            ExifEntry(ifd: .exif, tag: 0x9286, type: 7, count: 0, value: .bytes([1, 2, 3, 4, 5])),
            ExifEntry(ifd: .exif, tag: 0x9204, type: 8, count: 1, value: .integers([-2])),
            ExifEntry(ifd: .exif, tag: 0xA005, type: 4, count: 1, value: .integers([8])),
            ExifEntry(ifd: .gps, tag: 0x0002, type: 5, count: 3,
                      value: .rationals([ExifRational(48, 1), ExifRational(51, 1), ExifRational(3053, 100)])),
            ExifEntry(ifd: .gps, tag: 0x0001, type: 2, count: 0, value: .text("N")),
            ExifEntry(ifd: .gps, tag: 0x0006, type: 5, count: 1, value: .bytes([0xD2, 0x04, 0, 0, 10, 0, 0, 0])),
            // Left out: a text as SHORT, bytes that are not a whole number of values, the thumbnail's directory.
            ExifEntry(ifd: .primary, tag: 0x0131, type: 3, count: 0, value: .text("no")),
            ExifEntry(ifd: .primary, tag: 0x013B, type: 3, count: 0, value: .bytes([1, 2, 3])),
            ExifEntry(ifd: .thumbnail, tag: 0x0201, type: 4, count: 1, value: .integers([1])),
        ]
        let block = try #require(ExifDirectory.littleEndianBlock(entries))
        #expect(Array(block.prefix(8)) == [0x49, 0x49, 42, 0, 8, 0, 0, 0])
        let read = try #require(PillowExifView.parsed(PillowExifView.ofBlock(block)))
        let expected: [String: [String: Any]] = [
            "ifd0": ["271": "Canon", "272": "EOS", "274": "8", "282": "300/1"],
            "exif": ["37377": "-5/3", "34855": ["100", "200"], "37510": "0102030405", "37380": "-2"],
            "gps": ["2": ["48/1", "51/1", "3053/100"], "1": "N", "6": "1234/10"],
        ]
        #expect(NSDictionary(dictionary: read) == NSDictionary(dictionary: expected), "\(read)")
        // Every value on an even offset (TIFF 6.0's word boundary), read back by the bounded parser.
        let directory = try #require(ExifDirectory(block))
        #expect(directory.entries.allSatisfy { $0.valueOffset % 2 == 0 })
    }

    @Test func nothingToWriteIsNil() {
        #expect(ExifDirectory.littleEndianBlock([]) == nil)
        #expect(ExifDirectory.littleEndianBlock([ExifEntry(ifd: .interop, tag: 1, type: 2, count: 0, value: .text("R98"))]) == nil)
    }
}
