import Foundation
import Imago
import Testing
import TestSupport

/// The `URL` and `Data` forms of `loadImage`, `saveImage`, `NDArray` and the registry, against the corpus manifest's
/// sizes and numpy's reading of the `.npy` written through a URL.
@Suite struct FoundationFormsTests {
    static let corpusMissing: Comment = "corpus missing at \(TestPaths.corpus): set IMAGO_CORPUS"

    /// A few decodable corpus files of every bundled format.
    static func samples() -> [CorpusEntry] {
        ["png", "jpeg", "tiff", "webp"].compactMap { format in
            CorpusManifest.entries.first { $0.format == format && $0.expect == "decode" && $0.width != nil && !$0.path.hasPrefix("broken/") }
        }
    }

    @Test(.enabled(if: TestPaths.corpusAvailable, corpusMissing))
    func urlAndDataFormsReadTheManifestSizes() throws {
        let samples = Self.samples()
        try #require(samples.count == 4, "corpus has no decodable sample of some format")
        for entry in samples {
            let url = URL(fileURLWithPath: entry.absolutePath)
            let data = try Data(contentsOf: url)
            let expected = ImageSize(height: entry.height!, width: entry.width!)
            #expect(try loadImage(contentsOf: url).dimensions == expected, "\(entry.path)")
            #expect(try loadImage(data: data).dimensions == expected, "\(entry.path)")
            let probed = try FormatRegistry.standard.probe(contentsOf: url)
            #expect(ImageSize(height: probed.height, width: probed.width) == expected, "\(entry.path)")
            #expect(try FormatRegistry.standard.probe(data) == probed, "\(entry.path)")
            let decoded = try FormatRegistry.standard.decode(contentsOf: url)
            #expect(decoded.image == (try FormatRegistry.standard.decode(data)).image, "\(entry.path)")
        }
    }

    @Test func onlyFileURLsAreAccepted() throws {
        let remote = try #require(URL(string: "https://example.com/cat.png"))
        do {
            _ = try loadImage(contentsOf: remote)
            Issue.record("a remote URL was accepted")
        } catch let error as ImageError {
            #expect(error.kind == .invalidArgument)
        }
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: TestPaths.packageRoot + "/.venv/bin/python"), "no .venv for numpy"))
    func saveAndNpyThroughURLs() throws {
        let folder = URL(fileURLWithPath: temporaryPath("-forms"), isDirectory: true)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let values = (0..<(6 * 5 * 3)).map { Float($0 % 256) }
        let array = try NDArray(shape: [6, 5, 3], elements: values)
        let npy = folder.appendingPathComponent("a.npy")
        try array.writeNpy(to: npy)
        // numpy's reading of the file written through the URL.
        let script = "import numpy; a = numpy.load('\(npy.path)'); print(a.dtype, a.shape, int(a.sum()))"
        let numpy = try #require(runToolCapturing(TestPaths.packageRoot + "/.venv/bin/python", ["-c", script]))
        #expect(numpy.output.trimmingCharacters(in: .whitespacesAndNewlines) == "float32 (6, 5, 3) \(Int(values.reduce(0, +)))")
        #expect(try NDArray(contentsOf: npy).npyBytes() == array.npyBytes())
        #expect(try NDArray(npyData: array.npyData()).npyBytes() == array.npyBytes())
        // save_img through a URL writes the PNG the path form writes.
        let viaURL = folder.appendingPathComponent("u.png"), viaPath = folder.appendingPathComponent("p.png")
        #expect(try saveImage(to: viaURL, array, scale: false).isEmpty)
        try saveImage(viaPath.path, array, scale: false)
        #expect(try Data(contentsOf: viaURL) == (try Data(contentsOf: viaPath)))
        #expect(try loadImage(contentsOf: viaURL).dimensions == ImageSize(height: 6, width: 5))
    }
}
