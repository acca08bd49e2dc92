import Foundation
import ImageKernel
import Testing
import TestSupport
import TIFFCodec

extension TIFFTestSuite {
    /// The TIFF decoder's `metadata.exif`, read by Pillow 13 at test time (never by Imago): the block parsed by
    /// `Image.Exif().load` must give the same IFD0 descriptive tags and the same Exif and GPS sub-IFD entries, with
    /// the same values (rationals as stored), as Pillow's `getexif()` of the TIFF itself. The TIFFs are written by
    /// Pillow in `scripts/fixtures/gen_tiff_exif_decode.py`, which also prints Pillow's canonical view of both.
    @Suite struct TIFFExifDecodeTests {
        static let ready = PillowExifView.available && TestPaths.fixturesAvailable("tiff_exif")
        static let reason: Comment = "needs the Python venv (Pillow 13) and `make fixtures` (tiff_exif)"

        static func file(_ name: String) -> String { TestPaths.fixture("tiff_exif/" + name) }

        static func pillowView(ofImage path: String, frame: Int = 0) throws -> String {
            try #require(PillowExifView.ofImage(path, frame: frame), "Pillow could not read \(path)")
        }

        static func pillowView(ofBlock block: [UInt8]) throws -> String {
            try #require(PillowExifView.ofBlock(block), "Pillow could not read the block")
        }

        @Test(.enabled(if: ready, reason), arguments: ["photo-le.tif", "photo-be.tif", "photo-bigtiff.tif"])
        func exifBlockReadsAsPillowReadsTheTIFF(_ name: String) throws {
            let data = TestPaths.bytes(Self.file(name))
            let decoded = try TIFFDecoder().decode(data, options: .default)
            let block = try #require(decoded.metadata.exif, "no EXIF from \(name)")
            #expect(Array(block.prefix(4)) == [0x49, 0x49, 42, 0], "a little-endian TIFF header")
            let expected = try Self.pillowView(ofImage: Self.file(name))
            #expect(expected.contains("\"33434\": \"1/60\""), "the reference has the Exif sub-IFD: \(expected)")
            #expect(expected.contains("\"2\": [\"48/1\", \"51/1\", \"3053/100\"]"), "and the GPS sub-IFD: \(expected)")
            #expect(try Self.pillowView(ofBlock: block) == expected)
            #expect(decoded.metadata.properties[TIFFDecoder.exifWarningKey] == nil)
            // The orientation the block says is the tag's.
            #expect(Exif.orientation(in: block) == decoded.metadata.orientation)
            // The header probe and the random-access decode give the same block.
            #expect(try TIFFDecoder().probe(data, limits: .default).exif == block)
            var decoder = TIFFDecoder()
            decoder.randomAccessThreshold = 0
            #expect(try decoder.decode(ByteArraySource(data), options: .default).metadata.exif == block)
            #expect(try decoder.probe(ByteArraySource(data), limits: .default).exif == block)
        }

        /// Reading a page's sub-IFDs leaves libtiff in a custom directory: every page still decodes, with its own EXIF.
        @Test(.enabled(if: ready, reason))
        func everyPageKeepsItsExifAndPixels() throws {
            let data = TestPaths.bytes(Self.file("pages.tif"))
            let pages = try TIFFDecoder().decodeFrames(data, options: .default)
            #expect(pages.count == 2)
            for (index, page) in pages.enumerated() {
                let block = try #require(page.metadata.exif, "page \(index)")
                #expect(try Self.pillowView(ofBlock: block) == Self.pillowView(ofImage: Self.file("pages.tif"), frame: index))
                var options = DecodeOptions.default
                options.frameIndex = index
                let single = try TIFFDecoder().decode(data, options: options)
                #expect(single.image.packedBytes() == page.image.packedBytes())
            }
            // The second page is the first turned 180 degrees: its pixels were read after the first page's sub-IFDs.
            let first = pages[0].image.packedBytes(), second = pages[1].image.packedBytes()
            #expect(first.count == second.count && first != second)
            #expect(Array(first.prefix(3)) == Array(second.suffix(3)))
        }

        @Test(.enabled(if: ready, reason))
        func aTIFFWithoutExifTagsHasNoBlock() throws {
            let decoded = try TIFFDecoder().decode(TestPaths.bytes(Self.file("plain.tif")), options: .default)
            #expect(decoded.metadata.exif == nil)
            #expect(decoded.metadata.properties[TIFFDecoder.exifWarningKey] == nil)
            #expect(try Self.pillowView(ofImage: Self.file("plain.tif")) == #"{"exif": {}, "gps": {}, "ifd0": {}}"# + "\n")
        }

        /// Sub-IFDs out of range, looping back, sharing one offset, or with more entries than libtiff reads: the pixels
        /// decode, the EXIF is dropped with a warning, nothing is printed.
        @Test(.enabled(if: ready, reason),
              arguments: ["exif-out-of-range.tif", "exif-loop.tif", "gps-is-exif.tif", "exif-entry-count.tif"])
        func hostileSubIFDsGiveAWarningAndNoExif(_ name: String) throws {
            let data = TestPaths.bytes(Self.file(name))
            let (decoded, printed) = try capturingStandardError { try TIFFDecoder().decode(data, options: .default) }
            #expect(nonHarnessLines(printed).isEmpty, "\(printed)")
            #expect(decoded.metadata.exif == nil)
            let warning = try #require(TIFFDecoder.exifWarning(in: decoded.metadata))
            #expect(warning.message.contains("sub-IFD"), "\(warning)")
            #expect(decoded.image.width == 30 && decoded.image.height == 20)
            #expect(try TIFFDecoder().probe(data, limits: .default).exif == nil)
        }

        /// An entry whose count runs past the end of the file is left out with a warning; the rest is kept: the block
        /// reads as Pillow reads the intact file without that entry. (Pillow 13 itself, on the damaged file, also drops
        /// the entries after it, whose values it finds "larger than file" once it has seen the huge count.)
        @Test(.enabled(if: ready, reason))
        func anEntryWithAHugeCountIsLeftOut() throws {
            let path = Self.file("exif-huge-count.tif")
            let (decoded, printed) = try capturingStandardError {
                try TIFFDecoder().decode(TestPaths.bytes(path), options: .default)
            }
            #expect(nonHarnessLines(printed).isEmpty, "\(printed)")
            let block = try #require(decoded.metadata.exif)
            #expect(TIFFDecoder.exifWarning(in: decoded.metadata)?.message.contains("1 entries left out") == true)
            var expected = try #require(PillowExifView.parsed(Self.pillowView(ofImage: Self.file("photo-le.tif"))))
            #expect(expected["exif"]?.removeValue(forKey: "36867") != nil)
            let read = try #require(PillowExifView.parsed(Self.pillowView(ofBlock: block)))
            #expect(NSDictionary(dictionary: read) == NSDictionary(dictionary: expected), "\(read)")
        }

        /// Random damage to the directories (the first 636 bytes of `photo-le.tif` and `photo-be.tif`: header, IFD0, the
        /// Exif and GPS sub-IFDs and their values; the pixels follow), through the random-access and the in-memory
        /// decode: never a crash or a line from libtiff, and every block produced parses (a little-endian TIFF header).
        @Test(.enabled(if: ready, reason))
        func damagedDirectoriesNeverCrashOrPrint() throws {
            let files = [TestPaths.bytes(Self.file("photo-le.tif")), TestPaths.bytes(Self.file("photo-be.tif"))]
            var random = SeededRandom(seed: 1414)
            var blocks = 0
            let (_, printed) = capturingStandardError {
                for round in 0..<2000 {
                    var damaged = files[round % 2]
                    for _ in 0..<(1 + random.below(4)) {
                        damaged[8 + random.below(628)] = UInt8(random.below(256))
                    }
                    var decoder = TIFFDecoder()
                    decoder.randomAccessThreshold = round % 4 < 2 ? 0 : Int.max
                    let metadata = (try? decoder.decode(ByteArraySource(damaged), options: .default))?.metadata
                        ?? (try? decoder.probe(damaged, limits: .default))
                    if let block = metadata?.exif {
                        blocks += 1
                        #expect(ExifDirectory(block) != nil && block.starts(with: [0x49, 0x49, 42, 0]))
                    }
                }
            }
            #expect(nonHarnessLines(printed).isEmpty, "\(printed.prefix(2000))")
            #expect(blocks > 1000, "most damaged files still give a block (\(blocks))")
        }

        /// Every corpus TIFF Pillow reads (real files from libtiff, Pillow, image-tiff, imagetestsuite...): the block
        /// reads, by Pillow, as Pillow reads the file's own IFD0 descriptive tags and Exif and GPS sub-IFDs; a file
        /// without any gives no block.
        @Test(.enabled(if: ready && TestPaths.corpusAvailable, "needs the corpus at \(TestPaths.corpus) and \(reason)"))
        func corpusTIFFsReadAsPillowReadsThem() throws {
            let entries = ["tiff/", "broken/tiff/"].flatMap { CorpusManifest.entries(under: $0) }
                .filter { $0.format == "tiff" && $0.pillow_ok == true }
            var items: [(kind: String, path: String)] = [], blockPaths: [String?] = []
            defer { for case let path? in blockPaths { try? FileManager.default.removeItem(atPath: path) } }
            for entry in entries {
                let metadata = try? TIFFDecoder().probe(TestPaths.bytes(entry.absolutePath), limits: .default)
                var blockPath: String?
                if let block = metadata?.exif {
                    blockPath = temporaryPath(".exif")
                    try Data(block).write(to: URL(fileURLWithPath: blockPath!))
                }
                blockPaths.append(blockPath)
                items.append(("image", entry.absolutePath))
                items.append(blockPath.map { ("block", $0) } ?? ("image", entry.absolutePath))
            }
            let views = try #require(PillowExifView.views(items))
            var compared = 0, withSubIFDs = 0, failures: [String] = []
            for (index, entry) in entries.enumerated() {
                guard let expected = views[2 * index] else { continue }
                let empty = expected.values.allSatisfy(\.isEmpty)
                guard blockPaths[index] != nil else {
                    if !empty { failures.append("\(entry.path): no block, Pillow reads \(expected)") }
                    continue
                }
                compared += 1
                if !(expected["exif"]?.isEmpty ?? true) || !(expected["gps"]?.isEmpty ?? true) { withSubIFDs += 1 }
                let read = views[2 * index + 1] ?? [:]
                if NSDictionary(dictionary: read) != NSDictionary(dictionary: expected) {
                    failures.append("\(entry.path): the block reads \(read), the file \(expected)")
                }
            }
            #expect(failures.isEmpty, "\(failures.count) files:\n\(failures.joined(separator: "\n"))")
            #expect(compared >= 100 && withSubIFDs >= 5, "\(compared) blocks, \(withSubIFDs) with sub-IFDs")
        }

        /// The values together are bounded by `Limits.maxMetadataBytes`: over it, a warning and no block.
        @Test(.enabled(if: ready, reason))
        func theMetadataLimitBoundsTheBlock() throws {
            var limits = Limits.default
            limits.maxMetadataBytes = 64
            let decoded = try TIFFDecoder().decode(TestPaths.bytes(Self.file("photo-le.tif")), options: DecodeOptions(limits: limits))
            #expect(decoded.metadata.exif == nil)
            #expect(TIFFDecoder.exifWarning(in: decoded.metadata)?.message.contains("metadata limit") == true)
        }
    }
}
