import Foundation
import ImageKernel
import PNMCodec
import Testing
import TestSupport

/// Files written by Pillow 13 and by the Netpbm tools (scripts/fixtures/gen_pnm.py), against the
/// pixels Pillow decodes from them (or numpy computes from their stored samples, for what Pillow cannot read).
@Suite(.enabled(if: TestPaths.fixturesAvailable("pnm"), "PNM fixtures missing at \(TestPaths.fixture("pnm")): run `make fixtures`"))
struct PNMFixtureTests {
    static let entries = FixtureManifest.entries("pnm")
    static let valid = entries.filter { $0.expect == "decode" }.map(\.path)
    static let malformed = entries.filter { $0.expect == "reject" }.map(\.path)

    @Test func fixturesCoverEveryVariant() {
        let names = Set(Self.valid.map { ($0 as NSString).lastPathComponent })
        for required in ["gray8.pgm", "rgb8.ppm", "gray16.pgm", "bitmap.pbm", "bitmap_plain.pbm", "gray8_plain.pgm",
                         "rgb8_plain.ppm", "gray_maxval100.pgm", "rgb_maxval1000.ppm", "rgb16.ppm", "grayalpha8.pam",
                         "rgba16.pam", "blackandwhite.pam", "bwalpha.pam"] {
            #expect(names.contains(required), "fixture \(required) missing")
        }
        #expect(Self.malformed.count >= 15)
    }

    /// The committed conformance manifest is the one the generator writes (regenerate it with `gen_pnm.py --manifest`).
    @Test func committedConformanceManifestMatchesTheFixtures() throws {
        let committed = try String(contentsOfFile: TestPaths.packageRoot + "/Conformance/manifests/pnm.json", encoding: .utf8)
        let generated = try String(contentsOfFile: TestPaths.fixture("pnm/manifest.json"), encoding: .utf8)
        #expect(committed == generated, "run: python scripts/fixtures/gen_pnm.py --manifest > Conformance/manifests/pnm.json")
    }

    @Test(arguments: valid)
    func decodesExactlyLikeTheReference(_ path: String) throws {
        let bytes = TestPaths.bytes(TestPaths.fixture(path))
        let reference = try NpyArray(path: TestPaths.fixture(path) + ".npy")
        let decoded = try PNMDecoder().decode(bytes, options: .default)
        #expect(reference.mismatch(decoded.image) == nil, "\(path): \(reference.mismatch(decoded.image) ?? "")")
        let probed = try PNMDecoder().probe(bytes, limits: .default)
        #expect(probed == decoded.metadata)
        #expect(probed.width == reference.shape[1] && probed.height == reference.shape[0])
        #expect(decoded.image.format.sampleType == (reference.dtype == "<u2" ? .uint16 : .uint8))
    }

    /// The exact error kind each malformed fixture must produce (by file name).
    static let expectedKinds: [String: ImageError.Kind] = [
        "empty.pgm": .unknownFormat, "magic_only.pgm": .truncated, "truncated_raster.pgm": .truncated,
        "truncated_header.pgm": .truncated, "maxval_zero.pgm": .corrupt, "maxval_huge.pgm": .corrupt,
        "width_zero.pgm": .corrupt, "letters.pgm": .corrupt, "huge.pgm": .limitExceeded, "huge.pam": .limitExceeded,
        "overflow.ppm": .limitExceeded, "ascii_overrange.pgm": .corrupt, "ascii_garbage.ppm": .corrupt,
        "ascii_truncated.pbm": .truncated, "pam_no_endhdr.pam": .truncated, "pam_depth_mismatch.pam": .corrupt,
        "pam_unknown_tupltype.pam": .unsupported, "pam_bad_keyword.pam": .corrupt,
    ]

    @Test(arguments: malformed)
    func malformedFileGivesItsTypedError(_ path: String) throws {
        let name = (path as NSString).lastPathComponent
        let expected = try #require(Self.expectedKinds[name], "no expected error kind for \(name)")
        let bytes = TestPaths.bytes(TestPaths.fixture(path))
        let error = #expect(throws: ImageError.self) { try PNMDecoder().decode(bytes, options: .default) }
        #expect(error?.kind == expected, "\(name): \(error.map(String.init(describing:)) ?? "no error")")
        #expect(error.map { !$0.reason.contains("\n") } ?? true, "error reasons are single lines")
    }

    /// Our encoder writes byte for byte what Pillow (P4, P5, P6) and Netpbm's pamstack (P7) write.
    @Test(arguments: [
        ("pillow/gray8.pgm", false), ("pillow/rgb8.ppm", false), ("pillow/gray16.pgm", false), ("pillow/bitmap.pbm", true),
        ("netpbm/grayalpha8.pam", false), ("netpbm/rgba8.pam", false), ("netpbm/rgba16.pam", false),
    ])
    func encoderMatchesTheOtherWriters(_ path: String, pbm: Bool) throws {
        let original = TestPaths.bytes(TestPaths.fixture("pnm/" + path))
        let reference = try NpyArray(path: TestPaths.fixture("pnm/" + path) + ".npy")
        let layouts: [Int: ChannelLayout] = [1: .gray, 2: .grayAlpha, 3: .rgb, 4: .rgba]
        let format = PixelFormat(try #require(layouts[reference.shape[2]]), reference.dtype == "<u2" ? .uint16 : .uint8)
        let image = try ImageBuffer(width: reference.shape[1], height: reference.shape[0], format: format, bytes: reference.data)
        let encoded = try PNMEncoder().encode(image, options: EncodeOptions().with(PNMEncodeOptions(pbm: pbm)))
        #expect(encoded == original, "\(path): encoder output differs from the file")
    }
}
