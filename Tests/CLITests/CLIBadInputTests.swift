import Foundation
import Testing
import TestSupport

/// Bad inputs: exit status 1, one clear line each on stderr, nothing on stdout, never a signal.
@Suite(.enabled(if: CLIRunner.available, "imago binary missing at \(CLIRunner.binary): build it (swift build) or set IMAGO_BIN"))
struct CLIBadInputTests {
    /// Writes the bad files and returns their paths: those whose header is bad (every command fails on them),
    /// then those whose header is fine but whose pixels are missing (only `decode` fails on them).
    static func badFiles(in directory: String) throws -> (badHeader: [String], badPixels: [String]) {
        var generator = SystemRandomNumberGenerator()
        let random = (0..<4096).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let pgm = Array("P5\n64 64\n255\n".utf8) + [UInt8](repeating: 7, count: 64 * 64)
        func write(_ files: [(String, [UInt8])]) throws -> [String] {
            try files.map { name, bytes in
                let path = directory + "/" + name
                try Data(bytes).write(to: URL(fileURLWithPath: path))
                return path
            }
        }
        let badHeader = try write([
            ("empty.pgm", []),
            ("random.bin", [0x00] + random),
            ("random.png", [0x01] + random),  // garbage named like a PNG
            ("text.ppm", Array("hello, not an image\n".utf8)),  // mislabelled
            ("huge.pgm", Array("P5\n100000 100000\n255\n".utf8)),
        ]) + [directory + "/missing.pgm", directory]
        let badPixels = try write([
            ("truncated.pgm", Array(pgm.prefix(pgm.count / 2))),
            ("header-only.ppm", Array("P6\n10 10\n255\n".utf8)),
        ])
        return (badHeader, badPixels)
    }

    @Test(arguments: ["info", "info --json", "decode"])
    func everyBadFileFailsWithOneLine(_ command: String) throws {
        let directory = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let bad = try Self.badFiles(in: directory)
        // info reads headers only, so files with a good header but missing pixels are not its failures.
        let files = command == "decode" ? bad.badHeader + bad.badPixels : bad.badHeader
        var arguments = command.split(separator: " ").map(String.init)
        if command == "decode" { arguments += ["--out-dir", directory] }
        let result = try CLIRunner.run(arguments + files)
        #expect(!result.signalled, "the CLI died from a signal")
        #expect(result.status == 1)
        #expect(result.stdout.isEmpty, "nothing on stdout: \(result.stdout)")
        let lines = result.stderrLines
        #expect(lines.count == files.count, "one line per bad file: \(result.stderr)")
        for (line, path) in zip(lines, files) {
            #expect(line.hasPrefix("imago: \(path): "), "\(line)")
            #expect(line.count > "imago: \(path): ".count + 5, "a reason is given: \(line)")
        }
        if command == "decode" {
            let written = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasSuffix(".npy") }
            #expect(written.isEmpty, "no output for failed inputs: \(written)")
        }
    }

    @Test func infoReadsHeadersOnly() throws {
        let directory = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let result = try CLIRunner.run(["info", "--json"] + (try Self.badFiles(in: directory)).badPixels)
        #expect(result.status == 0 && result.stdoutLines.count == 2)
    }

    @Test func goodInputsAreStillProcessedWhenOthersFail() throws {
        let directory = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let good = directory + "/good.pgm"
        try Data(Array("P5\n2 1\n255\n".utf8) + [3, 4]).write(to: URL(fileURLWithPath: good))
        let bad = try Self.badFiles(in: directory).badHeader
        let info = try CLIRunner.run(["info", "--json", bad[0], good, bad[1]])
        #expect(info.status == 1 && info.stdoutLines.count == 1 && info.stderrLines.count == 2)
        let decode = try CLIRunner.run(["decode", "--out-dir", directory, bad[0], good, bad[1]])
        #expect(decode.status == 1 && decode.stderrLines.count == 2)
        let written = try NpyArray(path: good + ".npy")
        #expect(written.shape == [1, 2, 1] && written.data == [3, 4])
    }

    @Test func pngBytesNamedPGMAreNotMistakenForPNM() throws {
        let directory = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        // A PGM named .png is decoded by content.
        let misnamed = directory + "/gray.png"
        try Data(Array("P5\n2 1\n255\n".utf8) + [3, 4]).write(to: URL(fileURLWithPath: misnamed))
        let result = try CLIRunner.run(["info", "--json", misnamed])
        #expect(result.status == 0 && result.stdout.contains("\"format\":\"pnm\""))
    }

    @Test func usageErrorsExit64() throws {
        #expect(try CLIRunner.run(["decode", "a.pgm"]).status == 64)
        #expect(try CLIRunner.run(["decode", "a.pgm", "b.pgm", "--out", "x.npy"]).status == 64)
        #expect(try CLIRunner.run(["convert", "a.pgm", "b.pgm", "--quality", "101"]).status == 64)
        #expect(try CLIRunner.run(["frobnicate"]).status == 64)
    }
}
