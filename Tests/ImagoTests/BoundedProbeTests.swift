import Foundation
import Imago
import Testing
import TestSupport

/// `probe` (and so `imago info`, which calls `FormatRegistry.probe(path:)`) reads only what the header needs: the
/// large files of `gen_probe.py` (a 42 MB TIFF with its IFD at the end, one with it at the start, a 42 MB PNG, a 9 MB
/// JPEG) are probed through a `FileByteSource` whose byte count is checked, against Pillow's reading of the headers.
@Suite struct BoundedProbeTests {
    struct Entry: Decodable {
        var path: String
        var format: String
        var width: Int
        var height: Int
        var mode: String
        var icc_bytes: Int
        var frames: Int
        var file_bytes: Int
    }

    static let available = TestPaths.fixturesAvailable("probe")
    static let missing: Comment = "probe fixtures missing at \(TestPaths.fixtures)/probe: run `make fixtures` (gen_probe.py)"

    static func entries() throws -> [Entry] {
        let data = try Data(contentsOf: URL(fileURLWithPath: TestPaths.fixture("probe/manifest.json")))
        struct File: Decodable { var files: [Entry] }
        return try JSONDecoder().decode(File.self, from: data).files
    }

    @Test(.enabled(if: available, missing))
    func largeFilesAreProbedFromLessThanOneMegabyte() throws {
        let entries = try Self.entries()
        try #require(entries.count == 4)
        for entry in entries {
            let path = TestPaths.fixture(entry.path)
            let source = try FileByteSource(path: path)
            #expect(source.count == entry.file_bytes)
            let metadata = try FormatRegistry.standard.probe(source, limits: .default)
            #expect(source.bytesRead < 1_000_000, "\(entry.path): \(source.bytesRead) bytes read of \(source.count)")
            // Pillow's reading of the same header.
            #expect(metadata.format.rawValue == entry.format, "\(entry.path)")
            #expect(metadata.width == entry.width && metadata.height == entry.height, "\(entry.path)")
            #expect(metadata.pixelFormat == (entry.mode == "RGB" ? .rgb8 : nil), "\(entry.path): \(metadata.pixelFormat)")
            #expect((metadata.iccProfile?.count ?? 0) == entry.icc_bytes, "\(entry.path)")
            #expect(metadata.frameCount == entry.frames, "\(entry.path)")
            // Reading the whole file says the same.
            #expect(try FormatRegistry.standard.probe(try FileIO.read(path)) == metadata, "\(entry.path)")
        }
    }

    @Test(.enabled(if: available, missing))
    func theTIFFWithItsDirectoryAtTheEndIsReadAtTheEnd() throws {
        let path = TestPaths.fixture("probe/ifd_end.tif")
        let source = try FileByteSource(path: path)
        _ = try FormatRegistry.standard.probe(source, limits: .default)
        // Header, IFD and values: a few kilobytes (the strip tables of 219 strips are 1.7 KB).
        #expect(source.bytesRead < 16 * 1024, "\(source.bytesRead) bytes read")
    }

    /// Every corpus file, broken ones included: probing through a file source answers what probing the whole file
    /// answers (the same metadata, or an error of the same kind), and the manifest's size for files it decodes.
    @Test(.enabled(if: TestPaths.corpusAvailable, "corpus missing at \(TestPaths.corpus): set IMAGO_CORPUS"))
    func probingThroughASourceAnswersAsTheWholeFileDoes() throws {
        var mismatches: [String] = []
        for entry in CorpusManifest.entries {
            let path = entry.absolutePath
            let whole: Result<ImageMetadata, ImageError>
            do { whole = .success(try FormatRegistry.standard.probe(try FileIO.read(path))) } catch let e as ImageError { whole = .failure(e) }
            let bounded: Result<ImageMetadata, ImageError>
            do { bounded = .success(try FormatRegistry.standard.probe(try FileByteSource(path: path), limits: .default)) } catch let e as ImageError { bounded = .failure(e) }
            switch (whole, bounded) {
            case (.success(let a), .success(let b)) where a == b:
                // The manifest gives Pillow's loaded size: a TIFF is turned upright by its Orientation tag.
                let upright = b.format == .tiff && b.orientation.swapsDimensions ? (b.height, b.width) : (b.width, b.height)
                if entry.expect == "decode", let width = entry.width, let height = entry.height, upright != (width, height) {
                    mismatches.append("\(entry.path): \(upright.0)x\(upright.1), manifest \(width)x\(height)")
                }
            case (.failure(let a), .failure(let b)) where a.kind == b.kind:
                break
            default:
                mismatches.append("\(entry.path): whole file \(whole), bounded \(bounded)")
            }
        }
        #expect(mismatches.isEmpty, "\(mismatches.prefix(10))")
    }

    @Test func prefixProbeGrowsUntilTheHeaderFitsAndStopsAtTheEnd() throws {
        // A source of 1 MB whose "header" needs the first 300 000 bytes: the probe sees 64 KiB, then 512 KiB.
        let source = ByteArraySource([UInt8](repeating: 7, count: 1 << 20))
        var lengths: [Int] = []
        let metadata = try PrefixProbe.probe(source) { prefix in
            lengths.append(prefix.count)
            guard prefix.count >= 300_000 else { throw ImageError.truncated("header cut short") }
            return ImageMetadata(format: .png, width: 1, height: 1, pixelFormat: .gray8)
        }
        #expect(metadata.width == 1)
        #expect(lengths == [65_536, 524_288])
        // A failure that more data cannot change is final at once; others are final at the end of the source.
        lengths = []
        #expect(throws: ImageError.self) {
            try PrefixProbe.probe(source) { prefix in
                lengths.append(prefix.count)
                throw ImageError.limitExceeded("width", value: 2, maximum: 1)
            }
        }
        #expect(lengths == [65_536])
        lengths = []
        #expect(throws: ImageError.self) {
            try PrefixProbe.probe(source) { prefix in
                lengths.append(prefix.count)
                throw ImageError.corrupt("bad")
            }
        }
        #expect(lengths == [65_536, 524_288, 1 << 20])
    }
}
