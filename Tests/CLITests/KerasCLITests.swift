import Foundation
import Testing
import TestSupport

/// `imago to-array` / `from-array` / `demo` against the Keras references of `gen_keras.py` (via the independent
/// `NpyArray` reader), and their failure reporting.
@Suite(.enabled(if: CLIRunner.available, "imago binary missing at \(CLIRunner.binary): build it (swift build) or set IMAGO_BIN"))
struct KerasCLITests {
    static let fixturesReady = TestPaths.fixturesAvailable("keras")

    @Test(.enabled(if: fixturesReady, "Keras fixtures missing at \(TestPaths.fixture("keras")): run make fixtures"))
    func toArrayMatchesKerasAndReportsFailures() throws {
        let directory = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let ppm = TestPaths.fixture("keras/files/rgb.ppm")
        let pgm = TestPaths.fixture("keras/files/gray.pgm")
        let empty = TestPaths.fixture("keras/files/empty.png")

        // --out-dir: NAME.EXT -> DIR/NAME.EXT.npy; a failed input gives one line and exit 1, the others are written.
        let run = try CLIRunner.run(["to-array", ppm, empty, pgm, "--out-dir", directory, "--color-mode", "grayscale"])
        #expect(run.status == 1)
        #expect(run.stderrLines.count == 1 && run.stderrLines[0].hasPrefix("imago: \(empty): "), "\(run.stderr)")
        for (file, name) in [(ppm, "rgb.ppm"), (pgm, "gray.pgm")] {
            _ = file
            let ours = try NpyArray(path: directory + "/\(name).npy")
            let keras = try NpyArray(path: TestPaths.fixture("keras/load/\(name)__grayscale__none__nearest.npy"))
            #expect(ours.dtype == "<f4" && ours.shape == keras.shape && ours.doubles == keras.doubles, "\(name)")
        }

        // --out with one file, channels_first: Keras's own float32 array, byte for byte in value.
        let cf = directory + "/cf.npy"
        let one = try CLIRunner.run(["to-array", ppm, "--out", cf, "--data-format", "channels_first"])
        #expect(one.status == 0, "\(one.stderr)")
        let keras = try NpyArray(path: TestPaths.fixture("keras/load/rgb.ppm__rgb__none__nearest__cf.npy"))
        let ours = try NpyArray(path: cf)
        #expect(ours.shape == keras.shape && ours.doubles == keras.doubles)

        // --out with several files stacks them when shapes agree, and refuses otherwise.
        let stacked = directory + "/stacked.npy"
        let same = try CLIRunner.run(["to-array", ppm, ppm, "--out", stacked, "--dtype", "uint8"])
        #expect(same.status == 0, "\(same.stderr)")
        let stack = try NpyArray(path: stacked)
        #expect(stack.dtype == "|u1" && stack.shape == [2] + keras.shape.suffix(2) + [3])
        let small = directory + "/small.pgm"
        try Data(Array("P5\n4 3\n255\n".utf8) + [UInt8](repeating: 9, count: 12)).write(to: URL(fileURLWithPath: small))
        let mixed = try CLIRunner.run(["to-array", ppm, small, "--out", directory + "/mixed.npy"])
        #expect(mixed.status == 1 && mixed.stderr.contains("cannot stack"))
        #expect(!FileManager.default.fileExists(atPath: directory + "/mixed.npy"))
    }

    @Test(.enabled(if: fixturesReady, "Keras fixtures missing at \(TestPaths.fixture("keras")): run make fixtures"))
    func fromArrayWritesWhatArrayToImageGives() throws {
        let directory = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        // Written as PNM (always bundled), decoded back with the CLI's decode command, compared with Keras's pixels.
        for (name, extra) in [("random_rgb", [String]()), ("noscale_wrap", ["--no-scale"]), ("channels_first", ["--data-format", "channels_first"])] {
            let out = directory + "/\(name).ppm"
            let run = try CLIRunner.run(["from-array", TestPaths.fixture("keras/roundtrip/\(name).input.npy"), out] + extra)
            #expect(run.status == 0, "\(name): \(run.stderr)")
            let decoded = directory + "/\(name).npy"
            #expect(try CLIRunner.run(["decode", out, "--out", decoded]).status == 0)
            let keras = try NpyArray(path: TestPaths.fixture("keras/roundtrip/\(name).pixels.npy"))
            let ours = try NpyArray(path: decoded)
            #expect(ours.doubles == keras.doubles, "\(name)")
        }
        let bad = try CLIRunner.run(["from-array", TestPaths.fixture("keras/roundtrip/two_channels.input.npy"), directory + "/x.ppm"])
        #expect(bad.status == 1 && bad.stderrLines.count == 1 && bad.stderr.contains("Unsupported channel number: 2"))
    }

    @Test func demoPrintsTheTutorialValues() throws {
        let directory = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let run = try CLIRunner.run(["demo", "--work-dir", directory])
        #expect(run.status == 0, "\(run.stderr)")
        let lines = run.stdoutLines.filter { !$0.hasPrefix(">>>") && !$0.hasPrefix("#") && !$0.hasPrefix("//") && !$0.isEmpty }
        // Python's prints for the tutorial (the format line depends on which encoder wrote the generated beach).
        #expect(lines.count == 12, "\(lines)")
        guard lines.count == 12 else { return }
        #expect(lines[2] == "RGB" && lines[3] == "(640, 427)")
        #expect(Array(lines[4...7]) == ["float32", "(427, 640, 3)", "<class 'PIL.Image.Image'>", "float32 (427, 640, 1)"])
        #expect(Array(lines[8...11]) == ["<class 'PIL.Image.Image'>", "None", "RGB", "(640, 427)"])
    }
}
