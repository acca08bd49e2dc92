import Foundation
import Testing
import ImageKernel
import PNGCodec
import TestSupport

/// Imago's PNG metadata against what Pillow reports in `im.info` / `im.text` (written by `scripts/fixtures/gen_png.py`):
/// gAMA (`png.gamma` vs `info["gamma"]`), pHYs (`resolution` in metres vs `info["dpi"]` = per-metre x 0.0254, or
/// `info["aspect"]` when the unit is unknown), tEXt/zTXt/iTXt (`text`, the last of duplicate keys winning as in
/// Pillow's dict), the iCCP profile and the eXIf block (byte for byte).
@Suite struct PNGPillowMetadataTests {
    struct Reference: Decodable, Sendable {
        struct Meta: Decodable, Sendable {
            var gamma: Double?
            var dpi: [Double]?
            var aspect: [Double]?
            var text: [String: String]
            var icc_profile: Bool?
            var exif: Bool?
        }
        var meta: Meta?
    }

    /// Files where Imago and Pillow are known to report different metadata, with the reason.
    static let knownDifferences: [String: String] = [
        "broken/png/imagetestsuite/1b9a48cf04466108f6f2d225d100edbf.png": outOfPlace,
        "broken/png/imagetestsuite/bf203e765c98b12f6c2b2c33577c730d.png": outOfPlace,
        "broken/png/imagetestsuite/ed5f2464fcaadd4e0a5e905e3ac41ad5.png": outOfPlace,
        "broken/png/imagetestsuite/71714b783e01aec455b5a4a760326ccc.png": outOfPlace,
        "broken/png/imagetestsuite/829b05b759b2977bc3eb970ab256d867.png": outOfPlace,
        "broken/png/imagetestsuite/c1a4baf5d7c68d366d4d4f948f7295be.png": outOfPlace,
        "broken/png/imagetestsuite/2a6ff5f8106894b22dad3ce99673481a.png": sRGBAndICC,
        "png/image-png/issue_1825.png": sRGBAndICC,
        "broken/png/imagetestsuite/c-m1-66ac49ef3f48ac9482049e1ab57a53e9.png": badZTXt,
        "broken/png/imagetestsuite/c-m3-66ac49ef3f48ac9482049e1ab57a53e9.png": badZTXt,
    ]
    static let outOfPlace = "a pHYs/iCCP/gAMA chunk where the PNG spec forbids it (after IDAT or PLTE): libpng ignores it ('out of place' in png.warnings); Pillow reads it"
    static let sRGBAndICC = "both sRGB and iCCP: the PNG spec allows only one, libpng keeps sRGB and drops the profile ('iCCP: too many profiles' in png.warnings); Pillow returns the iCCP bytes"
    static let badZTXt = "a zTXt chunk whose deflate stream is corrupt: libpng drops the entry (warning); Pillow returns what it could inflate"

    @Test(.enabled(if: TestPaths.corpusAvailable && TestPaths.fixturesAvailable("png"),
                   "needs the shared corpus (\(TestPaths.corpus)) and `make fixtures` (\(TestPaths.fixtures)/png)"))
    func metadataEqualsPillow() throws {
        let data = try #require(FileManager.default.contents(atPath: TestPaths.fixture("png/index.json")))
        let index = try JSONDecoder().decode([String: Reference].self, from: data)
        let decoder = PNGDecoder(checksums: .ignoreImageDataCRC)
        var differences: [String] = []
        var checked = 0
        for (path, reference) in index.sorted(by: { $0.key < $1.key }) {
            guard let meta = reference.meta else { continue }
            guard let decoded = try? decoder.decode(TestPaths.bytes(TestPaths.corpusFile(path)), options: .default) else { continue }
            checked += 1
            let m = decoded.metadata
            var problems: [String] = []
            let gamma = m.properties["png.gamma"].flatMap(Double.init)
            if let expected = meta.gamma, gamma.map({ abs($0 - expected) > 1e-9 }) ?? true {
                problems.append("gamma \(String(describing: gamma)) vs \(expected)")
            } else if meta.gamma == nil, gamma != nil {
                problems.append("gamma \(gamma!) that Pillow does not report")
            }
            if let dpi = meta.dpi {
                if let r = m.resolution, r.unit == .meter, abs(r.x * 0.0254 - dpi[0]) < 1e-6, abs(r.y * 0.0254 - dpi[1]) < 1e-6 {} else {
                    problems.append("resolution \(String(describing: m.resolution)) vs dpi \(dpi)")
                }
            } else if let aspect = meta.aspect {
                if let r = m.resolution, r.unit == .unknown, r.x == aspect[0], r.y == aspect[1] {} else {
                    problems.append("resolution \(String(describing: m.resolution)) vs aspect \(aspect)")
                }
            } else if m.resolution != nil {
                problems.append("resolution \(m.resolution!) that Pillow does not report")
            }
            var text: [String: String] = [:]
            for entry in m.text { text[entry.key] = entry.value }
            if text != meta.text { problems.append("text \(text.keys.sorted()) vs Pillow \(meta.text.keys.sorted())") }
            let icc = FileManager.default.contents(atPath: TestPaths.fixture("png/\(path).icc_profile")).map { [UInt8]($0) }
            if m.iccProfile != icc { problems.append("ICC \(m.iccProfile?.count ?? 0) bytes vs Pillow \(icc?.count ?? 0)") }
            let exif = FileManager.default.contents(atPath: TestPaths.fixture("png/\(path).exif")).map { [UInt8]($0) }
            if m.exif != exif { problems.append("EXIF \(m.exif?.count ?? 0) bytes vs Pillow \(exif?.count ?? 0)") }
            let outcome = problems.isEmpty ? nil : problems.joined(separator: "; ")
            recordDifference(outcome: outcome, for: path, known: Self.knownDifferences, into: &differences)
        }
        #expect(checked > 400)
        #expect(differences.isEmpty, "\(differences.count) metadata differences:\n\(differences.joined(separator: "\n"))")
    }
}
