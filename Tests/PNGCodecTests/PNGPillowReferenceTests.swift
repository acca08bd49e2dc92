import Foundation
import Testing
import ImageKernel
import PNGCodec
import TestSupport

/// Imago's PNG decode against Pillow's, for every corpus PNG that Pillow decodes (references written by
/// `scripts/fixtures/gen_png.py`; the mode mapping is documented in ``PillowMapping``).
///
/// Decoding uses ``PNGDecoder/ChecksumPolicy/ignoreImageDataCRC``, the policy that reproduces what Keras sees.
@Suite struct PNGPillowReferenceTests {
    /// Files where Imago and Pillow are known to differ, with the reason. The test fails if one of them stops differing.
    static let knownDifferences: [String: String] = [
        "pngsuite/tbbn0g04.png": subByteTRNS,
        "png/libpng-pngsuite-extra/ftbbn0g04.png": subByteTRNS,
        "png/libpng-pngsuite-extra/interlaced/iftbbn0g04.png": subByteTRNS,
        "png/libpng-testpngs/gray-2-1.8-tRNS.png": subByteTRNS,
        "png/libpng-testpngs/gray-2-linear-tRNS.png": subByteTRNS,
        "png/libpng-testpngs/gray-2-sRGB-tRNS.png": subByteTRNS,
        "png/libpng-testpngs/gray-2-tRNS.png": subByteTRNS,
        "png/libpng-testpngs/gray-4-1.8-tRNS.png": subByteTRNS,
        "png/libpng-testpngs/gray-4-linear-tRNS.png": subByteTRNS,
        "png/libpng-testpngs/gray-4-sRGB-tRNS.png": subByteTRNS,
        "png/libpng-testpngs/gray-4-tRNS.png": subByteTRNS,
        "pngsuite/tbwn0g16.png": gray16TRNS,
        "png/libpng-pngsuite-extra/ftbwn0g16.png": gray16TRNS,
        "png/libpng-pngsuite-extra/iftbwn0g16.png": gray16TRNS,
        "broken/png/imagetestsuite/1ae14e57b7062597279134ff2eeb39c0.png": "fuzzed file with two tRNS chunks on 4-bit gray: libpng keeps the first and warns; Pillow keeps the last and also has the 2/4-bit tRNS bug",
        "broken/png/imagetestsuite/42ec8668adb5dbc6581393f463976510.png": "fuzzed file with tRNS after IDAT: libpng ignores it (out of place, warning); Pillow picks it up while reading the chunks after the image",
        "broken/png/imagetestsuite/463d3570f92a6b6ecba0cc4fd9a7a384.png": "fuzzed file with two PLTE chunks: libpng rejects it ('PLTE: duplicate'); Pillow uses one",
        "broken/png/imagetestsuite/4f14b7aab3a41855378c5517342598b9.png": "fuzzed file whose tRNS is longer than the palette: libpng drops it ('tRNS: invalid', warning) and gives RGB; Pillow uses it",
        "broken/png/imagetestsuite/a1d1aafb5bca660229f8e9fc65291eab.png": "fuzzed IHDR with an unknown compression method: libpng rejects it ('Invalid IHDR data'); Pillow ignores the field",
        "broken/png/imagetestsuite/b583e48e218193e4c287f033931a6314.png": "fuzzed file with a malformed suggested PLTE in an RGBA image: libpng rejects it ('Invalid palette'); Pillow ignores the PLTE",
        "broken/png/imagetestsuite/f427b6bee1acd1fea3ec953bc556a18a.png": "fuzzed file with a malformed PLTE: libpng rejects it ('Invalid palette'); Pillow accepts it",
        "broken/png/imagetestsuite/c-m1-6bfb149151f58d124d6fa76eaad75520.png": "fuzzed file whose zlib stream ends before the image does: libpng reports 'Not enough image data'; Pillow fills the image from what there is",
        "broken/png/libpng-crashers/huge_IDAT.png": "an IDAT declaring 1 GiB of which a few bytes exist: libpng reports truncation; Pillow decodes the 2x2 image from the bytes present",
    ]
    static let subByteTRNS = "Pillow's tRNS bug on 2/4-bit gray: Pillow compares the raw tRNS sample (e.g. 1 or 15) with samples it has already scaled by 85/17, so its convert(\"RGBA\") alpha is wrong; Imago (libpng) applies tRNS at the file's bit depth, as the PNG spec says and `pngtopam -alphapam` agrees (PNGNetpbmReferenceTests)"
    static let gray16TRNS = "Pillow's I;16 -> RGBA goes through L (clipped at 255) before the tRNS comparison, so every sample >= 255 compares as transparent; Imago compares the full 16-bit value with the 16-bit tRNS value, as the PNG spec says and `pngtopam -alphapam` agrees"

    /// One entry of `png/index.json`.
    struct Reference: Decodable, Sendable {
        var mode: String?
        var alpha: Bool?
    }

    static let index: [String: Reference] = {
        guard let data = FileManager.default.contents(atPath: TestPaths.fixture("png/index.json")) else { return [:] }
        return (try? JSONDecoder().decode([String: Reference].self, from: data)) ?? [:]
    }()

    @Test(.enabled(if: TestPaths.corpusAvailable && TestPaths.fixturesAvailable("png"),
                   "needs the shared corpus (\(TestPaths.corpus)) and `make fixtures` (\(TestPaths.fixtures)/png)"))
    func pixelsEqualPillow() throws {
        var differences: [String] = []
        var compared = 0
        let decoder = PNGDecoder(checksums: .ignoreImageDataCRC)
        for (path, record) in Self.index.sorted(by: { $0.key < $1.key }) {
            guard let mode = record.mode else { continue }
            let outcome: String?
            do {
                let decoded = try decoder.decode(TestPaths.bytes(TestPaths.corpusFile(path)), options: .default)
                outcome = try compare(decoded.image, path: path, mode: mode, hasAlpha: record.alpha == true)
            } catch {
                outcome = "Imago fails: \(error)"
            }
            compared += 1
            recordDifference(outcome: outcome.map { "[\(mode)] \($0)" }, for: path, known: Self.knownDifferences, into: &differences)
        }
        #expect(compared > 400)
        #expect(differences.isEmpty, "\(differences.count) of \(compared) differ from Pillow:\n\(differences.joined(separator: "\n"))")
    }

    /// `nil` when equal, otherwise a description of the first difference.
    private func compare(_ image: ImageBuffer, path: String, mode: String, hasAlpha: Bool) throws -> String? {
        let reference = try NpyArray(path: TestPaths.fixture("png/\(path).npy"))
        guard let expected = PillowMapping.expected(from: image, pillowMode: mode) else {
            return "Imago gives \(image.format), no mapping onto Pillow mode \(mode)"
        }
        let pillow = reference.doubles.map { Int($0) }
        guard pillow.count == expected.samples.count else {
            return "\(image.width)x\(image.height) \(image.format) vs Pillow shape \(reference.shape)"
        }
        if let index = pillow.indices.first(where: { pillow[$0] != expected.samples[$0] }) {
            let count = zip(pillow, expected.samples).filter { $0 != $1 }.count
            return "\(count) samples differ; first at sample \(index): Imago \(expected.samples[index]), Pillow \(pillow[index])"
        }
        if hasAlpha {
            let pillowAlpha = try NpyArray(path: TestPaths.fixture("png/\(path).alpha.npy")).doubles.map { Int($0) }
            guard let alpha = expected.alpha else { return "Pillow has a tRNS alpha, Imago gives \(image.format)" }
            if pillowAlpha.count != alpha.count { return "alpha plane size differs" }
            if let index = alpha.indices.first(where: { pillowAlpha[$0] != alpha[$0] }) {
                return "alpha differs at pixel \(index): Imago \(alpha[index]), Pillow \(pillowAlpha[index])"
            }
        } else if expected.alpha != nil {
            return "Imago adds a tRNS alpha that Pillow's convert(\"RGBA\") does not have"
        }
        return nil
    }
}
