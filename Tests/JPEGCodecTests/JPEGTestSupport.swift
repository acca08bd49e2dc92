import Foundation
import ImageKernel
import JPEGCodec
import TestSupport
import Testing

/// Shared helpers of the JPEG tests.
enum JPEGFixtures {
    static let available = TestPaths.fixturesAvailable("jpeg")
    static let reason: Comment = "JPEG fixtures missing at \(TestPaths.fixture("jpeg")): run `VENV=/work/venv make fixtures`"
    static let corpusReason: Comment = "shared corpus missing at \(TestPaths.corpus)"

    /// Pillow's record of each corpus file (`corpus.json` from scripts/fixtures/gen_jpeg.py).
    struct PillowRecord: Decodable {
        var ok: Bool
        var mode: String?
        var width: Int?
        var height: Int?
        var format: String?
        var icc: String?
        var exif: String?
        var orientation: Int?
        var error: String?
    }

    static let pillow: [String: PillowRecord] = {
        guard let data = FileManager.default.contents(atPath: TestPaths.fixture("jpeg/corpus.json")) else { return [:] }
        return (try? JSONDecoder().decode([String: PillowRecord].self, from: data)) ?? [:]
    }()

    /// Corpus entries that are JPEG files by content (the folders also hold PNG references).
    static func jpegEntries(under prefix: String) -> [CorpusEntry] {
        CorpusManifest.entries(under: prefix).filter { entry in
            guard entry.expect != nil, let handle = FileHandle(forReadingAtPath: entry.absolutePath) else { return false }
            defer { try? handle.close() }
            return JPEG.format.matches([UInt8](handle.readData(ofLength: 3)))
        }
    }

    /// The reference array's bytes and shape, after checking it is uint8.
    static func reference(_ relative: String) throws -> NpyArray {
        try NpyArray(path: TestPaths.fixture(relative))
    }

    /// The first differing sample, or nil when `image` equals the reference exactly (shape included).
    static func difference(_ image: ImageBuffer, _ reference: NpyArray) -> String? {
        let expectedShape = image.channelCount == 1 ? [image.height, image.width] : [image.height, image.width, image.channelCount]
        guard reference.shape == expectedShape else { return "shape \(expectedShape) != reference \(reference.shape)" }
        guard reference.dtype == "|u1" else { return "reference dtype \(reference.dtype)" }
        let ours = image.packedBytes()
        guard ours.count == reference.data.count else { return "byte count \(ours.count) != \(reference.data.count)" }
        var mismatches = 0, maxDelta = 0, first = -1
        for i in 0..<ours.count where ours[i] != reference.data[i] {
            if first < 0 { first = i }
            mismatches += 1
            maxDelta = max(maxDelta, abs(Int(ours[i]) - Int(reference.data[i])))
        }
        return mismatches == 0 ? nil : "\(mismatches) samples differ (max delta \(maxDelta), first at byte \(first))"
    }

    static func hex(_ bytes: [UInt8]) -> String { bytes.map { String(format: "%02x", $0) }.joined() }
}
