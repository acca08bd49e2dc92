import Foundation
import Testing
import TestSupport

/// `imago to-array --preprocess`: Keras's `load_img` + `img_to_array` + `preprocess_input`, against the references
/// of `scripts/fixtures/gen_preprocess.py`, bit for bit.
@Suite(.enabled(if: CLIRunner.available, "imago binary missing at \(CLIRunner.binary): build it (swift build) or set IMAGO_BIN"))
struct PreprocessCLITests {
    static let fixturesReady = FileManager.default.fileExists(atPath: TestPaths.fixture("preprocess/manifest.json"))

    @Test(.enabled(if: fixturesReady, "preprocess fixtures missing at \(TestPaths.fixture("preprocess")): run make fixtures"),
          arguments: [
              // (file, extra arguments, reference case)
              ("scene.png", ["--preprocess", "vgg16"], "scene.png__channels_last__float32__vgg16"),
              ("scene.jpg", ["--preprocess", "densenet", "--data-format", "channels_first", "--dtype", "float64"],
               "scene.jpg__channels_first__float64__densenet"),
              ("scene.png", ["--preprocess", "tf", "--dtype", "uint8"], "scene.png__channels_last__float32__tf"),
              ("scene.jpg", ["--preprocess", "caffe", "--data-format", "channels_first"], "scene.jpg__channels_first__float32__caffe"),
              ("scene.png", ["--preprocess", "convnext", "--dtype", "float64"], "scene.png__channels_last__float64__convnext"),
          ])
    func toArrayPreprocessesAsKeras(file: String, extra: [String], reference: String) throws {
        let directory = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let out = directory + "/out.npy"
        let run = try CLIRunner.run(["to-array", TestPaths.fixture("preprocess/files/\(file)"), "--out", out] + extra)
        #expect(run.status == 0, "\(run.stderr)")
        let ours = try NpyArray(path: out)
        let keras = try NpyArray(path: TestPaths.fixture("preprocess/outputs/\(reference).npy"))
        #expect(ours.dtype == keras.dtype && ours.shape == keras.shape)
        #expect(ours.data == keras.data, "\(reference): bytes differ from Keras")
    }

    @Test func helpListsTheValuesAndBadValuesAreUsageErrors() throws {
        let help = try CLIRunner.run(["to-array", "--help"])
        let flat = help.stdout.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(flat.contains("caffe, tf, torch, vgg16"), "\(help.stdout)")
        #expect(flat.contains("densenet") && flat.contains("efficientnet_v2"))
        let bad = try CLIRunner.run(["to-array", "x.png", "--out", "x.npy", "--preprocess", "vgg17"])
        #expect(bad.status == 64, "\(bad.stderr)")
        #expect(bad.stderr.contains("vgg17"))
    }

    @Test(.enabled(if: fixturesReady, "preprocess fixtures missing at \(TestPaths.fixture("preprocess")): run make fixtures"))
    func grayscaleWithCaffeFailsAsOneLine() throws {
        let directory = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let file = TestPaths.fixture("preprocess/files/scene.png")
        let run = try CLIRunner.run(["to-array", file, "--out", directory + "/g.npy", "--color-mode", "grayscale", "--preprocess", "caffe"])
        #expect(run.status == 1)
        #expect(run.stderrLines.count == 1 && run.stderrLines[0].hasPrefix("imago: \(file): "), "\(run.stderr)")
    }
}
