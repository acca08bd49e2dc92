import Foundation
import Testing
import TestSupport

/// `imago info --json` and `imago decode` on files written by Pillow and Netpbm, against Pillow's pixels.
@Suite(
    .enabled(if: CLIRunner.available, "imago binary missing at \(CLIRunner.binary): build it (swift build) or set IMAGO_BIN"),
    .enabled(if: TestPaths.fixturesAvailable("pnm"), "PNM fixtures missing at \(TestPaths.fixture("pnm")): run `make fixtures`")
)
struct CLIFixtureTests {
    static let valid = FixtureManifest.entries("pnm").filter { $0.expect == "decode" }.map { TestPaths.fixture($0.path) }

    @Test func infoJSONGivesSizeAndPixelFormatOfEveryFile() throws {
        let result = try CLIRunner.run(["info", "--json"] + Self.valid)
        #expect(result.status == 0 && !result.signalled)
        #expect(result.stderr.isEmpty)
        let lines = result.stdoutLines
        try #require(lines.count == Self.valid.count)
        for (line, path) in zip(lines, Self.valid) {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            let reference = try NpyArray(path: path + ".npy")
            #expect(object["path"] as? String == path)
            #expect(object["format"] as? String == "pnm")
            #expect(object["width"] as? Int == reference.shape[1], "\(path)")
            #expect(object["height"] as? Int == reference.shape[0], "\(path)")
            let layouts = [1: "gray", 2: "grayAlpha", 3: "rgb", 4: "rgba"]
            let expected = layouts[reference.shape[2]]! + (reference.dtype == "<u2" ? "16" : "8")
            #expect(object["pixel_format"] as? String == expected, "\(path)")
            #expect(object["frames"] as? Int == 1)
            #expect(object["orientation"] as? Int == 1)
            #expect(object["icc_bytes"] as? Int == 0)
        }
    }

    @Test func decodeWritesExactlyThePixelsPillowReads() throws {
        let directory = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let result = try CLIRunner.run(["decode", "--out-dir", directory] + Self.valid)
        #expect(result.status == 0 && !result.signalled && result.stderr.isEmpty && result.stdout.isEmpty)
        for path in Self.valid {
            let name = (path as NSString).lastPathComponent
            let written = try NpyArray(path: directory + "/" + name + ".npy")
            let reference = try NpyArray(path: path + ".npy")
            #expect(written.dtype == reference.dtype, "\(name)")
            #expect(written.shape == reference.shape, "\(name)")
            #expect(written.data == reference.data, "\(name): pixels differ")
        }
    }

    @Test func decodeToOneFile() throws {
        let directory = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let source = TestPaths.fixture("pnm/netpbm/rgba16.pam")
        let result = try CLIRunner.run(["decode", source, "--out", directory + "/x.npy"])
        #expect(result.status == 0)
        let written = try NpyArray(path: directory + "/x.npy")
        let reference = try NpyArray(path: source + ".npy")
        #expect(written.dtype == "<u2" && written.shape == reference.shape && written.data == reference.data)
    }

    @Test func convertKeepsThePixels() throws {
        let directory = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let source = TestPaths.fixture("pnm/netpbm/rgb_maxval100_plain.ppm")
        let converted = directory + "/out.bin"
        #expect(try CLIRunner.run(["convert", source, converted, "--format", "pnm"]).status == 0)
        #expect(try CLIRunner.run(["decode", converted, "--out", directory + "/x.npy"]).status == 0)
        let reference = try NpyArray(path: source + ".npy")
        let written = try NpyArray(path: directory + "/x.npy")
        #expect(written.shape == reference.shape && written.data == reference.data)
        // The format comes from the extension when --format is absent; an unknown one is a clear failure.
        #expect(try CLIRunner.run(["convert", source, directory + "/out.PGM"]).status == 0)
        let unknown = try CLIRunner.run(["convert", source, directory + "/out.xyz"])
        #expect(unknown.status == 1 && unknown.stderrLines.count == 1 && unknown.stdout.isEmpty)
        #expect(!FileManager.default.fileExists(atPath: directory + "/out.xyz"))
    }
}
