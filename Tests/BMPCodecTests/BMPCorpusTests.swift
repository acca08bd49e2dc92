import Foundation
import BMPCodec
import ImageKernel
import Testing
import TestSupport

/// Pillow 13's decode of each corpus BMP (scripts/fixtures/gen_bmp.py), by corpus path.
enum PillowBMPIndex {
    static let available = TestPaths.corpusAvailable && TestPaths.fixturesAvailable("bmp")
        && FileManager.default.fileExists(atPath: TestPaths.fixture("bmp/decode/index.json"))
    static let missingReason: Comment =
        "BMP corpus or references missing (corpus \(TestPaths.corpus), fixtures \(TestPaths.fixture("bmp/decode"))): set IMAGO_CORPUS and run `make fixtures`"

    static let index: [String: [String: String]] = {
        guard let data = FileManager.default.contents(atPath: TestPaths.fixture("bmp/decode/index.json")),
              let object = try? JSONSerialization.jsonObject(with: data) as? [String: [String: String]] else { return [:] }
        return object
    }()
}

/// Every corpus BMP: the strict expectations hold, Pillow's pixels and mode wherever Pillow decodes the file, and a
/// typed error (never a crash) everywhere else.
@Suite(.enabled(if: PillowBMPIndex.available, PillowBMPIndex.missingReason))
struct BMPCorpusTests {
    static let paths = (CorpusManifest.entries(under: "bmp/") + CorpusManifest.entries(under: "broken/bmp/")).map(\.path)

    @Test func corpusHasTheBMPSuite() {
        #expect(Self.paths.count >= 76, "expected the 69 bmp/ and 7 broken/bmp/ entries, found \(Self.paths.count)")
        #expect(PillowBMPIndex.index.count == Self.paths.count)
    }

    @Test(arguments: paths)
    func corpusEntry(_ path: String) throws {
        let entry = try #require(CorpusManifest.entries.first { $0.path == path })
        let bytes = TestPaths.bytes(entry.absolutePath)
        let pillow = try #require(PillowBMPIndex.index[path], "no Pillow reference for \(path)")
        let result = Result { try BMPDecoder().decode(bytes, options: .default) }
        if case .failure(let error) = result {
            #expect(error is ImageError, "\(path): untyped error \(error)")
        }
        if let npy = pillow["npy"] {
            // Pillow decodes it: Imago gives the same pixels, in the representation of the same mode.
            let decoded = try result.get()
            let reference = try NpyArray(path: TestPaths.fixture(npy))
            #expect(reference.mismatch(decoded.image) == nil, "\(path): \(reference.mismatch(decoded.image) ?? "")")
            #expect(decoded.metadata.properties["bmp.pillowMode"] == pillow["mode"], "\(path): Pillow mode \(pillow["mode"]!)")
            let probed = try BMPDecoder().probe(bytes, limits: .default)
            #expect(probed == decoded.metadata)
        } else if entry.expect == "decode" && entry.isStrict {
            // BMP Suite `g/` files Pillow cannot read: the suite's documented picture, which `g/rgb24.bmp` holds in
            // full colour (every `g/` file shows the same image; for 8-bit fields the values are exact).
            let decoded = try result.get()
            let reference = try NpyArray(path: TestPaths.fixture("bmp/decode/bmp/pillow/bmp__g__rgb24.bmp.npy"))
            #expect(reference.mismatch(decoded.image) == nil, "\(path): \(reference.mismatch(decoded.image) ?? "")")
        } else if entry.expect == "reject" && entry.isStrict {
            #expect(throws: ImageError.self, "\(path) must be rejected") { try result.get() }
        }
    }

    /// What Imago does with the corpus files Pillow refuses, so the difference is visible in the log.
    @Test func filesPillowRefusesAreListed() {
        for path in Self.paths {
            guard let error = PillowBMPIndex.index[path]?["error"] else { continue }
            let bytes = TestPaths.bytes(TestPaths.corpusFile(path))
            switch Result(catching: { try BMPDecoder().decode(bytes, options: .default) }) {
            case .success(let decoded):
                print("BMP \(path): Pillow fails (\(error)); Imago decodes \(decoded.metadata.nativeDescription) as \(decoded.image.format)")
            case .failure(let ours):
                print("BMP \(path): Pillow fails (\(error)); Imago fails too (\(ours))")
            }
        }
    }

    /// The V5 header's embedded profile is returned whole: an ICC profile states its own size and signature.
    @Test func embeddedICCProfileIsMetadata() throws {
        let bytes = TestPaths.bytes(TestPaths.corpusFile("bmp/pillow/bmp__q__rgb24prof.bmp"))
        let metadata = try BMPDecoder().probe(bytes, limits: .default)
        let profile = try #require(metadata.iccProfile)
        let declared = Int(profile[0]) << 24 | Int(profile[1]) << 16 | Int(profile[2]) << 8 | Int(profile[3])
        #expect(declared == profile.count)
        #expect(Array(profile[36..<40]) == Array("acsp".utf8))
    }
}

/// BMP Suite `q/` files Pillow cannot read, against Pillow's decode of the suite file that stores the same picture
/// in a layout Pillow reads (the suite draws every file from one image).
@Suite(.enabled(if: PillowBMPIndex.available, PillowBMPIndex.missingReason))
struct BMPBeyondPillowTests {
    static let pairs: [(file: String, sameAs: String, tolerance: Int)] = [
        ("bmp__q__rgba32abf.bmp", "bmp__q__rgba32.bmp", 0),           // BI_ALPHABITFIELDS
        ("bmp__q__pal8os2v2-16.bmp", "bmp__g__pal8.bmp", 0),          // 16-byte OS/2 2.x header
        ("bmp__q__pal8oversizepal.bmp", "bmp__g__pal8.bmp", 0),       // 300 palette entries
        ("bmp__q__rgb32-111110.bmp", "bmp__g__rgb24.bmp", 1),         // 11-11-10-bit fields
    ]

    @Test(arguments: pairs.map(\.file))
    func decodesToTheSuitesPicture(_ file: String) throws {
        let pair = try #require(Self.pairs.first { $0.file == file })
        let decoded = try BMPDecoder().decode(TestPaths.bytes(TestPaths.corpusFile("bmp/pillow/" + file)), options: .default)
        let reference = try NpyArray(path: TestPaths.fixture("bmp/decode/bmp/pillow/\(pair.sameAs).npy"))
        let ours = decoded.image.packedBytes()
        #expect(reference.shape == [decoded.image.height, decoded.image.width, decoded.image.channelCount])
        let worst = zip(ours, reference.data).map { abs(Int($0) - Int($1)) }.max() ?? .max
        #expect(ours.count == reference.data.count && worst <= pair.tolerance, "\(file): largest difference \(worst)")
    }
}

/// Hand-built files for layouts the corpus lacks (gen_bmp.py `crafted/`), against Pillow's decode of each.
@Suite(.enabled(if: FileManager.default.fileExists(atPath: TestPaths.fixture("bmp/crafted/index.json")),
                "BMP fixtures missing at \(TestPaths.fixture("bmp/crafted")): run `make fixtures`"))
struct BMPCraftedTests {
    static let index: [String: [String: String]] = {
        guard let data = FileManager.default.contents(atPath: TestPaths.fixture("bmp/crafted/index.json")),
              let object = try? JSONSerialization.jsonObject(with: data) as? [String: [String: String]] else { return [:] }
        return object
    }()

    @Test(arguments: index.keys.sorted())
    func craftedFileMatchesPillow(_ name: String) throws {
        let entry = try #require(Self.index[name])
        let bytes = TestPaths.bytes(TestPaths.fixture("bmp/crafted/\(name)"))
        guard let npy = entry["npy"] else {
            // Pillow refuses it; the only such file ends early with an end-of-bitmap code, which Imago fills with index 0.
            let decoded = try BMPDecoder().decode(bytes, options: .default)
            #expect(decoded.metadata.properties["bmp.endedEarly"] == "true", "\(name): Pillow fails (\(entry["error"]!))")
            return
        }
        let decoded = try BMPDecoder().decode(bytes, options: .default)
        let reference = try NpyArray(path: TestPaths.fixture(npy))
        #expect(reference.mismatch(decoded.image) == nil, "\(name): \(reference.mismatch(decoded.image) ?? "")")
        #expect(decoded.metadata.properties["bmp.pillowMode"] == entry["mode"])
    }
}
