import Foundation
import Testing
import TestSupport

/// `imago info/decode/convert/to-array/dataset` on BMP files, against Pillow's decode (gen_bmp.py), Pillow's writer
/// and Keras's `load_img` (gen_keras.py).
@Suite(
    .enabled(if: CLIRunner.available, "imago binary missing at \(CLIRunner.binary): build it (swift build) or set IMAGO_BIN"),
    .enabled(if: TestPaths.fixturesAvailable("bmp") && TestPaths.fixturesAvailable("keras"),
             "BMP or Keras fixtures missing at \(TestPaths.fixtures): run `make fixtures`")
)
struct BMPCommandsTests {
    static let modes = ["1", "L", "P", "RGB", "RGBA"]

    @Test func infoAndDecodeGivePillowsPixels() throws {
        let files = ["1", "L", "RGB"].map { TestPaths.fixture("bmp/encode/\($0).bmp") }
        let info = try CLIRunner.run(["info", "--json"] + files)
        #expect(info.status == 0 && info.stderr.isEmpty, "\(info.stderr)")
        for line in info.stdoutLines {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            #expect(object["format"] as? String == "bmp")
            #expect(object["width"] as? Int == 61 && object["height"] as? Int == 37)
        }
        let directory = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let decode = try CLIRunner.run(["decode", "--out-dir", directory] + files)
        #expect(decode.status == 0 && decode.stderr.isEmpty, "\(decode.stderr)")
        for mode in ["1", "L", "RGB"] {
            let written = try NpyArray(path: directory + "/\(mode).bmp.npy")
            let reference = try NpyArray(path: TestPaths.fixture("bmp/encode/\(mode).npy"))
            #expect(written.shape == reference.shape && written.data == reference.data, "\(mode)")
        }
    }

    /// Converting Pillow's BMP to BMP writes Pillow's bytes again (L, RGB and RGBA need no options).
    @Test(arguments: ["L", "RGB", "RGBA"])
    func convertWritesPillowsBytes(_ mode: String) throws {
        let directory = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let source = TestPaths.fixture("bmp/encode/\(mode).bmp")
        let npy = TestPaths.fixture("bmp/encode/\(mode).npy")
        // RGBA BMPs read back as RGB (Pillow ignores the fourth byte of BI_RGB), so RGBA starts from its array.
        let input = mode == "RGBA" ? directory + "/in.png" : source
        if mode == "RGBA" {
            #expect(try CLIRunner.run(["from-array", npy, input]).status == 0)
        }
        let result = try CLIRunner.run(["convert", input, directory + "/out.bmp"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(TestPaths.bytes(directory + "/out.bmp") == TestPaths.bytes(source))
    }

    @Test func toArrayMatchesKeras() throws {
        let directory = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        for (file, mode) in [("palette.bmp", "rgb"), ("rle8.bmp", "grayscale"), ("bilevel.bmp", "rgba"), ("rgb555.bmp", "rgb")] {
            let out = directory + "/\(file).npy"
            let run = try CLIRunner.run(["to-array", TestPaths.fixture("keras/files/\(file)"), "--out", out, "--color-mode", mode])
            #expect(run.status == 0, "\(run.stderr)")
            let keras = try NpyArray(path: TestPaths.fixture("keras/load/\(file)__\(mode)__none__nearest.npy"))
            let ours = try NpyArray(path: out)
            #expect(ours.shape == keras.shape && ours.doubles == keras.doubles, "\(file) \(mode)")
        }
    }

    @Test func datasetReadsBMPClassFolders() throws {
        let directory = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        for (index, file) in ["palette.bmp", "rle8.bmp", "rgb.bmp", "gray.bmp"].enumerated() {
            let folder = directory + "/tree/" + (index < 2 ? "a" : "b")
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            try FileManager.default.copyItem(atPath: TestPaths.fixture("keras/files/\(file)"), toPath: folder + "/\(file)")
        }
        // The grain path (Pillow's decode) reads every BMP.
        let run = try CLIRunner.run(["dataset", directory + "/tree", "--out-dir", directory + "/out", "--image-size", "8",
                                     "--pixel-path", "grain"])
        #expect(run.status == 0, "\(run.stderr)")
        let batch = try NpyArray(path: directory + "/out/batch_00000.npy")
        #expect(batch.shape == [4, 8, 8, 3])
        // The default TensorFlow path reads BMPs with TensorFlow's own reader, which refuses compressed files
        // (tf.io.decode_image raises InvalidArgumentError on rle8.bmp): that one is skipped and reported.
        let tf = try CLIRunner.run(["dataset", directory + "/tree", "--out-dir", directory + "/tf", "--image-size", "8"])
        #expect(tf.status == 1 && tf.stderrLines.count == 1 && tf.stderr.contains("rle8.bmp"), "\(tf.stderr)")
        #expect(try NpyArray(path: directory + "/tf/batch_00000.npy").shape == [3, 8, 8, 3])
    }
}
