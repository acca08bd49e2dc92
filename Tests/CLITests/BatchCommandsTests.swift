import Foundation
import Testing
import TestSupport

/// Batch behaviour shared by `convert --out-dir`, `to-array` and `decode --out-dir`: the progress bar (only on a
/// terminal, never with --quiet), `--jobs`, failures listed at the end, and same-name inputs never overwriting
/// each other's outputs.
@Suite(
    .enabled(if: CLIRunner.available, "imago binary missing at \(CLIRunner.binary): build it (swift build) or set IMAGO_BIN"),
    .enabled(if: TestPaths.fixturesAvailable("keras/files"), "Keras fixtures missing at \(TestPaths.fixtures): run `make fixtures`")
)
struct BatchCommandsTests {
    static func keras(_ name: String) -> String { TestPaths.fixture("keras/files/" + name) }
    static let images = ["rgb.png", "gray.png", "rgba.png", "photo.jpg", "gray16.tif", "lossy.webp"].map(keras)

    /// Runs `imago arguments...` with its standard error on a pseudo-terminal (util-linux `script`); returns what the
    /// terminal showed, or nil when `script` is missing.
    static func onTerminal(_ arguments: [String]) -> String? {
        let quoted = ([CLIRunner.binary] + arguments).map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }
        return runToolCapturing("/usr/bin/script", ["-qec", quoted.joined(separator: " ") + " >/dev/null", "/dev/null"])?.output
    }

    @Test func progressBarOnlyOnATerminalAndNotWithQuiet() throws {
        let directory = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let commands: [[String]] = [
            ["convert"] + Self.images + ["--out-dir", directory + "/c", "--to", "png"],
            ["to-array"] + Self.images + ["--out-dir", directory + "/a"],
        ]
        try FileManager.default.createDirectory(atPath: directory + "/a", withIntermediateDirectories: true)
        for command in commands {
            // Pipes (not a terminal): nothing at all on stderr.
            let piped = try CLIRunner.run(command)
            #expect(piped.status == 0 && piped.stderr.isEmpty && piped.stdout.isEmpty, "\(command[0]): \(piped.stderr)")
            guard FileManager.default.isExecutableFile(atPath: "/usr/bin/script") else { continue }
            // A terminal: the bar ends at n/n files with a rate and the time left.
            let shown = try #require(Self.onTerminal(command))
            #expect(shown.contains("\(Self.images.count)/\(Self.images.count) files") && shown.contains("files/s") && shown.contains("left"),
                    "\(command[0]): \(shown.debugDescription)")
            // --quiet: nothing.
            let quiet = try #require(Self.onTerminal(command + ["--quiet"]))
            #expect(quiet.isEmpty, "\(command[0]) --quiet: \(quiet.debugDescription)")
        }
    }

    @Test func toArrayJobsGiveIdenticalArraysAndFailuresComeLast() throws {
        let directory = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let empty = Self.keras("empty.png"), truncated = Self.keras("truncated50.png")
        let inputs = [Self.images[0], empty] + Self.images.dropFirst() + [truncated]
        var runs: [CLIRunner.Result] = []
        for jobs in ["1", "2"] {
            let out = directory + "/j" + jobs
            try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
            runs.append(try CLIRunner.run(["to-array"] + inputs + ["--out-dir", out, "--jobs", jobs, "--target-size", "20", "30"]))
            runs.append(try CLIRunner.run(["to-array"] + inputs + ["--out", out + "/stacked.npy", "--jobs", jobs, "--target-size", "20", "30"]))
        }
        for run in runs {
            #expect(run.status == 1 && !run.signalled && run.stdout.isEmpty)
            // The bad files, in input order, whichever worker finished first.
            #expect(run.stderrLines.count == 2 && run.stderrLines.first?.hasPrefix("imago: \(empty): ") == true
                    && run.stderrLines.last?.hasPrefix("imago: \(truncated): ") == true, "\(run.stderr)")
        }
        let names = try FileManager.default.contentsOfDirectory(atPath: directory + "/j1").sorted()
        #expect(names.count == Self.images.count + 1)
        for name in names {
            let one = try NpyArray(path: directory + "/j1/" + name), two = try NpyArray(path: directory + "/j2/" + name)
            #expect(one.shape == two.shape && one.data == two.data, "\(name)")
        }
        // The stacked array is the per-file arrays in input order.
        let stacked = try NpyArray(path: directory + "/j2/stacked.npy")
        #expect(stacked.shape == [Self.images.count, 20, 30, 3])
        var concatenated: [UInt8] = []
        for input in Self.images { concatenated += try NpyArray(path: directory + "/j1/" + (input as NSString).lastPathComponent + ".npy").data }
        #expect(stacked.data == concatenated)
    }

    @Test(arguments: ["decode", "to-array"])
    func sameFileNamesInDifferentFoldersDoNotOverwriteEachOther(_ command: String) throws {
        let directory = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        // a/x.png and b/x.png hold different images.
        let first = directory + "/a/x.png", second = directory + "/b/x.png"
        try CLIRunner.copy([(Self.keras("rgb.png"), first), (Self.keras("gray.png"), second)])
        let out = directory + "/out"
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        let result = try CLIRunner.run([command, first, second, "--out-dir", out])
        #expect(result.status == 1 && !result.signalled)
        try #require(result.stderrLines.count == 1, "\(result.stderr)")
        #expect(result.stderrLines[0].hasPrefix("imago: \(second): ") && result.stderrLines[0].contains(first))
        // The first input's array is the one written: the colour image's height and width.
        let written = try NpyArray(path: out + "/x.png.npy")
        let source = try #require(ReferenceDecoders.png(first))
        #expect(Array(written.shape.prefix(2)) == [source.height, source.width] && written.shape.last == 3)
        #expect(try FileManager.default.contentsOfDirectory(atPath: out) == ["x.png.npy"])
    }

    @Test func toArrayRefusesZeroJobs() throws {
        let result = try CLIRunner.run(["to-array", Self.images[0], "--out", "/tmp/never.npy", "--jobs", "0"])
        #expect(result.status == 64 && !FileManager.default.fileExists(atPath: "/tmp/never.npy"))
    }
}
