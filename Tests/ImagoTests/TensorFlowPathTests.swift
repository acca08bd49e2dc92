import Foundation
import Imago
import Testing
import TestSupport

/// The TensorFlow pixel path against TensorFlow 2.21 and Keras 3.15.1 (TF backend, `format="tf"`), with the
/// references `scripts/fixtures/gen_tf.py` computes: `decode_image` identical; bilinear, nearest, bicubic and area
/// identical; lanczos3, lanczos5, gaussian and mitchellcubic within 1e-4.
@Suite(.enabled(if: TensorFlowFixtures.available, TensorFlowFixtures.reason))
struct TensorFlowPathTests {
    /// Maximum difference allowed for a method: 0 for TensorFlow's dedicated kernels, 1e-4 for scale-and-translate.
    static func tolerance(_ method: String) -> Double {
        ["bilinear", "nearest", "bicubic", "area"].contains(method) ? 0 : 1e-4
    }

    static func difference(_ ours: NDArray, _ expected: NDArray) -> Double? {
        guard ours.shape == expected.shape, ours.dtype == expected.dtype else { return nil }
        return zip(ours.doubles(), expected.doubles()).map { abs($0 - $1) }.max() ?? 0
    }

    static func array(_ image: ImageBuffer) throws -> NDArray {
        let bytes: [UInt8] = image.packedBytes()
        return try NDArray(shape: [image.height, image.width, image.channelCount], elements: bytes)
    }

    /// Compares `TensorFlowDecode` with TensorFlow's `decode_image` arrays (or errors) for `entries` under `root`.
    static func compareDecodes(_ entries: [TensorFlowFixtures.Decode], root: String) throws -> (compared: Int, failures: [String]) {
        var compared = 0, failures: [String] = []
        for entry in entries {
            let bytes = TestPaths.bytes(root + "/" + entry.file)
            let label = "\(entry.file) channels=\(entry.channels)"
            compared += 1
            guard let npy = entry.npy else {
                if (try? TensorFlowDecode.decode(bytes, channels: entry.channels)) != nil {
                    failures.append("\(label): TensorFlow fails (\(entry.error ?? "")) but Imago decoded it")
                }
                continue
            }
            let expected = try NDArray(npyPath: TensorFlowFixtures.path(npy))
            do {
                let image = try TensorFlowDecode.decode(bytes, channels: entry.channels)
                let ours = try Self.array(image)
                if ours != expected {
                    let diff = Self.difference(ours, expected).map { "\($0)" } ?? "a different shape or dtype"
                    failures.append("\(label): differs by up to \(diff)")
                }
            } catch {
                failures.append("\(label): Imago failed: \(error)")
            }
        }
        return (compared, failures)
    }

    @Test func decodeMatchesTensorFlow() throws {
        let (compared, failures) = try Self.compareDecodes(TensorFlowFixtures.decode, root: TensorFlowFixtures.tree)
        #expect(compared > 40)
        #expect(failures.isEmpty, "\(failures.count) of \(compared):\n\(failures.joined(separator: "\n"))")
        print("tf decode_image: \(compared - failures.count)/\(compared) identical (arrays or errors)")
    }

    @Test(.enabled(if: TestPaths.corpusAvailable, "shared corpus missing: TensorFlow decodes of the corpus not compared"))
    func corpusDecodesMatchTensorFlow() throws {
        let entries = TensorFlowFixtures.corpusDecode
        try #require(!entries.isEmpty, "decode_corpus.json is empty: regenerate the fixtures with IMAGO_CORPUS set")
        let (compared, failures) = try Self.compareDecodes(entries, root: TestPaths.corpus)
        // Documented deviations (TensorFlowDecode): gray from a colour PNG through libpng's 16-bit gamma tables, or
        // with the sRGB gamma libpng infers from an iCCP profile it recognises. Everything else must be identical.
        var known: [String] = [], unexpected: [String] = []
        for failure in failures {
            let file = String(failure.prefix { $0 != " " })
            let metadata = try? FormatRegistry.standard.probe(path: TestPaths.corpus + "/" + file)
            let gammaDeviation = failure.contains("channels=1") && metadata.map {
                $0.format == .png && ($0.pixelFormat.sampleType == .uint16 || ($0.iccProfile != nil && $0.properties["png.gamma"] == nil))
            } == true
            // giflib's DGifSlurp (which TensorFlow calls) rejects a comment extension made of empty sub-blocks, which
            // Imago's GIF reader (and Pillow) accept; documented in GIFTensorFlowDecode.
            let slurpDeviation = failure.hasPrefix("gif/pillow/hopper_zero_comment_subblocks.gif") && failure.contains("TensorFlow fails")
            if gammaDeviation || slurpDeviation { known.append(failure) } else { unexpected.append(failure) }
        }
        #expect(unexpected.isEmpty, "\(unexpected.count) of \(compared):\n\(unexpected.prefix(40).joined(separator: "\n"))")
        print("tf decode_image on the corpus: \(compared - failures.count)/\(compared) identical (arrays or errors); "
              + "\(known.count) documented deviations (gray gamma; giflib's slurp):\n\(known.joined(separator: "\n"))")
    }

    @Test func unknownBytesFailAsInTensorFlow() throws {
        let text = Array("not an image at all".utf8)
        do { _ = try TensorFlowDecode.decode(text, channels: 3) } catch let error as ImageError {
            #expect(error.kind == .unknownFormat)
        }
    }

    @Test func resizeKernelsMatchTensorFlow() throws {
        var compared = 0, exact = 0, worst = 0.0, failures: [String] = []
        for entry in TensorFlowFixtures.resize {
            let input = try NDArray(npyPath: TensorFlowFixtures.path(entry.input))
            let expected = try NDArray(npyPath: TensorFlowFixtures.path(entry.output))
            let method = ResizeMethod(rawValue: entry.method)!
            let ours = entry.kind == "resize"
                ? try tensorFlowResize(input, size: ImageSize(height: entry.height, width: entry.width), method: method)
                : try smartResize(input, size: ImageSize(height: entry.height, width: entry.width), interpolation: method, backend: .tensorflow)
            compared += 1
            guard let diff = Self.difference(ours, expected) else {
                failures.append("\(entry.output): \(ours.dtype) \(ours.shape), TensorFlow \(expected.dtype) \(expected.shape)")
                continue
            }
            if diff == 0 { exact += 1 }
            worst = max(worst, diff)
            if diff > Self.tolerance(entry.method) { failures.append("\(entry.output): max difference \(diff)") }
        }
        #expect(compared > 100)
        #expect(failures.isEmpty, "\(failures.count) of \(compared):\n\(failures.joined(separator: "\n"))")
        print("tf.image.resize / smart_resize (TF backend): \(exact)/\(compared) identical, the rest within \(worst)")
    }

    @Test func loadImageTFMatchesKeras() throws {
        var compared = 0, exact = 0, worst = 0.0, failures: [String] = []
        var datasets: [String: ImageDataset] = [:]
        for entry in TensorFlowFixtures.load {
            let key = "\(entry.config)/\(entry.color_mode)/\(entry.data_format)"
            if datasets[key] == nil {
                datasets[key] = try imageDatasetFromDirectory(
                    TensorFlowFixtures.tree, labelMode: .none, colorMode: ColorMode(rawValue: entry.color_mode)!,
                    imageSize: (entry.height, entry.width), shuffle: false, interpolation: ResizeMethod(rawValue: entry.interpolation)!,
                    cropToAspectRatio: entry.crop, padToAspectRatio: entry.pad,
                    dataFormat: DataFormat(rawValue: entry.data_format)!)
            }
            let dataset = datasets[key]!
            let label = "\(key)/\(entry.file)"
            guard let index = dataset.filePaths.firstIndex(of: TensorFlowFixtures.tree + "/" + entry.file) else {
                failures.append("\(label): not listed")
                continue
            }
            compared += 1
            guard let npy = entry.npy else {
                if (try? dataset.image(at: index)) != nil {
                    failures.append("\(label): Keras fails (\(entry.error ?? "")) but Imago loaded it")
                } else {
                    exact += 1
                }
                continue
            }
            let expected = try NDArray(npyPath: TensorFlowFixtures.path(npy))
            do {
                let ours = try dataset.image(at: index)
                guard let diff = Self.difference(ours, expected) else {
                    failures.append("\(label): \(ours.dtype) \(ours.shape), Keras \(expected.dtype) \(expected.shape)")
                    continue
                }
                if diff == 0 { exact += 1 }
                worst = max(worst, diff)
                if diff > Self.tolerance(entry.interpolation) { failures.append("\(label): max difference \(diff)") }
            } catch {
                failures.append("\(label): Imago failed: \(error)")
            }
        }
        #expect(compared > 1000)
        #expect(failures.isEmpty, "\(failures.count) of \(compared):\n\(failures.prefix(40).joined(separator: "\n"))")
        print("_load_image_tf (Keras TF backend): \(exact)/\(compared) identical or the same error, the rest within \(worst)")
    }

    @Test(arguments: [1, 2])
    func datasetBatchesMatchKeras(jobs: Int) throws {
        for reference in TensorFlowFixtures.datasets {
            let dataset = try imageDatasetFromDirectory(
                TensorFlowFixtures.tree, batchSize: 64, imageSize: (24, 20), shuffle: false,
                interpolation: ResizeMethod(rawValue: reference.interpolation)!, dataFormat: DataFormat(rawValue: reference.data_format)!)
            #expect(dataset.filePaths == reference.file_paths.map { TensorFlowFixtures.tree + "/" + $0 })
            let expected = try NDArray(npyPath: TensorFlowFixtures.path(reference.images))
            var batches: [DatasetBatch] = []
            try dataset.batches(jobs: jobs).forEach { batches.append($0) }
            #expect(batches.count == 1)
            #expect(batches.first?.images == expected, "\(reference.name): images differ from Keras's")
            #expect(batches.first?.labels?.elements(as: Int32.self).map(Int.init) == reference.labels)
        }
    }
}

/// The references written by `scripts/fixtures/gen_tf.py`.
enum TensorFlowFixtures {
    static let available = TestPaths.fixturesAvailable("tf/load.json")
    static let reason: Comment = "TensorFlow fixtures missing at \(TestPaths.fixture("tf")): run `make fixtures` (needs tensorflow-cpu 2.21.0)"
    static let tree = TestPaths.fixture("tf/tree")

    static func path(_ relative: String) -> String { TestPaths.fixture("tf/" + relative) }

    struct Decode: Decodable {
        var file: String
        var channels: Int
        var npy: String?
        var error: String?
    }

    struct Resize: Decodable {
        var kind: String
        var input: String
        var method: String
        var height: Int
        var width: Int
        var dtype: String
        var output: String
    }

    struct Load: Decodable {
        var config: String
        var height: Int
        var width: Int
        var interpolation: String
        var crop: Bool
        var pad: Bool
        var color_mode: String
        var data_format: String
        var file: String
        var npy: String?
        var error: String?
    }

    struct Dataset: Decodable {
        var name: String
        var interpolation: String
        var data_format: String
        var file_paths: [String]
        var images: String
        var labels: [Int]
    }

    static let decode: [Decode] = load("decode.json")
    static let corpusDecode: [Decode] = load("decode_corpus.json")
    static let resize: [Resize] = load("resize.json")
    static let load: [Load] = load("load.json")
    static let datasets: [Dataset] = load("dataset.json")

    static func load<T: Decodable>(_ name: String) -> T {
        let data = FileManager.default.contents(atPath: path(name)) ?? Data("[]".utf8)
        do { return try JSONDecoder().decode(T.self, from: data) } catch { fatalError("cannot parse \(name): \(error)") }
    }
}
