import Foundation
import ImageKernel
import Testing
import TestSupport
import TIFFCodec

extension TIFFTestSuite {
    /// The EXIF block written as native TIFF tags, read back by exiftool (never by Imago): the block is what exiftool
    /// extracts from a camera JPEG (`exiftool -b -EXIF`), and the written TIFF must list the same Exif and GPS
    /// sub-IFD entries, with the same values, and IFD0's descriptive tags.
    @Suite struct TIFFExifEncodeTests {
        static let exiftool = "/usr/bin/exiftool"
        static let camera = TestPaths.corpusFile("jpeg/pillow/flower.jpg")
        static let photo = TestPaths.fixture("metadata/photo.jpg")
        static let hasTool = FileManager.default.isExecutableFile(atPath: exiftool)
        static let reason: Comment = "needs exiftool (libimage-exiftool-perl), the corpus and `make fixtures` (metadata)"

        /// The source's EXIF block, as exiftool extracts it.
        static func exifBlock(_ path: String) throws -> [UInt8] {
            let out = temporaryPath(".exif")
            defer { try? FileManager.default.removeItem(atPath: out) }
            let status = runTool("/bin/sh", ["-c", "\"$0\" -b -EXIF \"$1\" > \"$2\"", exiftool, path, out])
            #expect(status == 0)
            return [UInt8](try #require(FileManager.default.contents(atPath: out)))
        }

        /// exiftool's `-n -G1` entries of the Exif and GPS sub-IFDs and IFD0's descriptive tags.
        static func entries(_ path: String) throws -> [String: String] {
            let run = try #require(runToolCapturing(exiftool, ["-j", "-n", "-G1", "-ExifIFD:all", "-GPS:all", "-IFD0:Make",
                                                               "-IFD0:Model", "-IFD0:ModifyDate", "-IFD0:Artist",
                                                               "-IFD0:Copyright", "-IFD0:Software", "-IFD0:ImageDescription",
                                                               path]))
            let list = try #require(try JSONSerialization.jsonObject(with: Data(run.output.utf8)) as? [[String: Any]])
            var out: [String: String] = [:]
            for (key, value) in try #require(list.first) where key != "SourceFile" { out[key] = "\(value)" }
            return out
        }

        static func write(_ bytes: [UInt8]) throws -> String {
            let path = temporaryPath(".tif")
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            return path
        }

        @Test(.enabled(if: hasTool && TestPaths.corpusAvailable && TestPaths.fixturesAvailable("metadata"), reason),
              arguments: ["camera", "photo"], [TIFFEncodeOptions(), TIFFEncodeOptions(compression: .lzw)])
        func exifEntriesMatchTheSource(_ which: String, _ tiff: TIFFEncodeOptions) throws {
            let source = which == "camera" ? Self.camera : Self.photo
            var options = EncodeOptions(exif: try Self.exifBlock(source))
            options.set(tiff)
            let image = try ImageBuffer(width: 8, height: 6, format: .rgb8)
            let path = try Self.write(try TIFFEncoder().encode(image, options: options))
            defer { try? FileManager.default.removeItem(atPath: path) }
            let expected = try Self.entries(source), written = try Self.entries(path)
            #expect(expected.count >= (which == "camera" ? 30 : 8), "\(expected)")
            #expect(written == expected)
        }

        /// A text tag that is not UTF-8 (Latin-1 "Café") is written with the bytes it had, as exiftool reads them raw.
        @Test(.enabled(if: hasTool, reason))
        func textKeepsItsBytes() throws {
            let make: [UInt8] = [0x43, 0x61, 0x66, 0xE9, 0]
            let block: [UInt8] = [0x49, 0x49, 42, 0] + Self.le32(8) + [1, 0, 0x0F, 0x01, 2, 0] + Self.le32(make.count)
                + Self.le32(26) + [0, 0, 0, 0] + make
            let path = try Self.write(try TIFFEncoder().encode(try ImageBuffer(width: 2, height: 2, format: .gray8),
                                                               options: EncodeOptions(exif: block)))
            defer { try? FileManager.default.removeItem(atPath: path) }
            let out = temporaryPath(".make")
            defer { try? FileManager.default.removeItem(atPath: out) }
            #expect(runTool("/bin/sh", ["-c", "\"$0\" -b -IFD0:Make \"$1\" > \"$2\"", Self.exiftool, path, out]) == 0)
            #expect([UInt8](try #require(FileManager.default.contents(atPath: out))) == Array(make.dropLast()))
        }

        /// BigTIFF (exiftool names its sub-IFDs apart, and misreads the GPS one): libtiff's `tiffinfo` lists the same
        /// Exif and GPS directories as for the classic file checked above.
        @Test(.enabled(if: hasTool && TestPaths.corpusAvailable, reason))
        func bigTIFFHoldsTheSameSubDirectories() throws {
            var options = EncodeOptions(exif: try Self.exifBlock(Self.camera))
            let image = try ImageBuffer(width: 8, height: 6, format: .rgb8)
            var listings: [String] = []
            for big in [false, true] {
                options.set(TIFFEncodeOptions(bigTIFF: big))
                let path = try Self.write(try TIFFEncoder().encode(image, options: options))
                defer { try? FileManager.default.removeItem(atPath: path) }
                let run = try #require(runToolCapturing("/usr/bin/tiffinfo", [path]))
                let listing = try #require(run.output.range(of: "--- EXIF directory"), "\(run.output)")
                listings.append(String(run.output[listing.lowerBound...]).replacingOccurrences(of: #"offset 0x[0-9a-f]+ \(\d+\)"#, with: "", options: .regularExpression))
            }
            #expect(listings[0] == listings[1])
            #expect(listings[0].contains("ExposureTime: 0.002000") && listings[0].contains("FNumber: 4.900000"), "\(listings[0])")
        }

        @Test(.enabled(if: hasTool && TestPaths.fixturesAvailable("metadata"), reason))
        func firstPageOfSeveralCarriesTheExif() throws {
            let options = EncodeOptions(exif: try Self.exifBlock(Self.photo))
            let pages = [try ImageBuffer(width: 8, height: 6, format: .rgb8), try ImageBuffer(width: 4, height: 3, format: .gray8)]
            let path = try Self.write(try TIFFEncoder().encodeFrames(pages, options: options))
            defer { try? FileManager.default.removeItem(atPath: path) }
            #expect(try Self.entries(path) == (try Self.entries(Self.photo)))
            // Both pages still chained (exiftool names the second IFD1).
            let run = try #require(runToolCapturing(Self.exiftool, ["-j", "-G1", "-IFD1:ImageWidth", path]))
            #expect(run.output.contains("\"IFD1:ImageWidth\": 4"), "\(run.output)")
            let decoded = try TIFFDecoder().decodeFrames([UInt8](try Data(contentsOf: URL(fileURLWithPath: path))), options: DecodeOptions())
            #expect(decoded.map(\.image.width) == [8, 4])
        }

        /// Hostile blocks (random bytes flipped, cut anywhere, offsets pointing anywhere, huge counts, directory
        /// loops) never crash the encode nor make it fail, print nothing, and give a file libtiff reads back.
        @Test(.enabled(if: hasTool && TestPaths.fixturesAvailable("metadata"), reason))
        func hostileExifNeverBreaksTheEncode() throws {
            let block = try Self.exifBlock(Self.photo)
            var random = SeededRandom(seed: 14)
            var blocks: [[UInt8]] = (0..<block.count).map { Array(block.prefix($0)) }
            for _ in 0..<400 {
                var bytes = block
                for _ in 0..<(1 + random.below(8)) { bytes[random.below(bytes.count)] = UInt8(random.below(256)) }
                blocks.append(bytes)
            }
            // Every 4-byte field set to a huge count or an offset back to the header (a loop).
            for at in stride(from: 8, to: block.count - 4, by: 2) {
                for value: [UInt8] in [[0xFF, 0xFF, 0xFF, 0x7F], [8, 0, 0, 0]] {
                    var bytes = block
                    bytes.replaceSubrange(at..<at + 4, with: value)
                    blocks.append(bytes)
                }
            }
            // Well-formed blocks whose Exif and GPS entries have random types and counts: values that do not fit
            // libtiff's definition of the tag (a text for a rational, 1 value for 3, a negative RATIONAL...).
            for _ in 0..<300 { blocks.append(Self.randomEntries(&random)) }
            let image = try ImageBuffer(width: 4, height: 3, format: .rgb8)
            var compressed = EncodeOptions()
            compressed.set(TIFFEncodeOptions(compression: .lzw, bigTIFF: true))
            var withSubIFDs = 0
            let (_, printed) = try capturingStandardError {
                for (index, exif) in blocks.enumerated() {
                    var options = index % 4 == 0 ? compressed : EncodeOptions()
                    options.exif = exif
                    let bytes = try TIFFEncoder().encode(image, options: options)
                    _ = try TIFFDecoder().decode(bytes, options: DecodeOptions())
                    // A classic TIFF is itself a TIFF-structured block: count the outputs that kept an Exif or GPS entry.
                    if ExifDirectory(bytes)?.entries.contains(where: { $0.ifd == .exif || $0.ifd == .gps }) == true { withSubIFDs += 1 }
                }
            }
            #expect(nonHarnessLines(printed).isEmpty, "\(printed)")
            #expect(withSubIFDs > blocks.count / 4, "\(withSubIFDs) of \(blocks.count)")
        }

        /// A little-endian block: IFD0 (Make and the two pointers), then an Exif and a GPS sub-IFD of 1...12 entries
        /// each, with tags libtiff knows and random types (1...12), counts (0...40) and value bytes.
        static func randomEntries(_ random: inout SeededRandom) -> [UInt8] {
            let exifTags = [0x829A, 0x829D, 0x8827, 0x9003, 0x9000, 0x9286, 0x927C, 0xA002, 0x9201, 0x9204, 0xA420, 0x8822]
            func directory(_ tags: [Int], at offset: Int) -> [UInt8] {
                let n = 1 + random.below(12)
                var head: [UInt8] = [UInt8(n), 0], data: [UInt8] = []
                let dataStart = offset + 2 + 12 * n + 4
                for _ in 0..<n {
                    let type = 1 + random.below(12), count = random.below(41)
                    let size = [1, 1, 2, 4, 8, 1, 1, 2, 4, 8, 4, 8][type - 1] * count
                    let value = (0..<size).map { _ in UInt8(random.below(256)) }
                    let tag = tags[random.below(tags.count)]
                    head += [UInt8(tag & 0xFF), UInt8(tag >> 8), UInt8(type), 0] + Self.le32(count)
                    if size <= 4 {
                        head += value + [UInt8](repeating: 0, count: 4 - size)
                    } else {
                        head += Self.le32(dataStart + data.count)
                        data += value
                    }
                }
                return head + [0, 0, 0, 0] + data
            }
            let make = Array("Canon\0".utf8)
            var block: [UInt8] = [0x49, 0x49, 42, 0] + le32(8) + [3, 0]
            let ifd0End = 8 + 2 + 36 + 4
            block += [0x0F, 0x01, 2, 0] + le32(make.count) + le32(ifd0End)
            let exifAt = ifd0End + make.count
            let exif = directory(exifTags, at: exifAt)
            block += [0x69, 0x87, 4, 0] + le32(1) + le32(exifAt)
            block += [0x25, 0x88, 4, 0] + le32(1) + le32(exifAt + exif.count)
            block += [0, 0, 0, 0] + make + exif
            return block + directory(Array(0...31), at: exifAt + exif.count)
        }

        static func le32(_ v: Int) -> [UInt8] { (0..<4).map { UInt8(truncatingIfNeeded: v >> (8 * $0)) } }
    }
}
