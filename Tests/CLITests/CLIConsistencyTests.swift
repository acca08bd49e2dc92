import Foundation
import Testing
import TestSupport

/// The conventions every `imago` subcommand shares: `--version`, `--format`, output folders created when missing,
/// failures as one `imago: PATH: reason` line, enum options listed by `--help`, and `imago formats` telling the truth
/// about the registry (checked by converting to and probing every listed format).
@Suite(.enabled(if: CLIRunner.available, "imago binary missing at \(CLIRunner.binary): build it (swift build) or set IMAGO_BIN"))
struct CLIConsistencyTests {
    /// A 4x3 binary PGM, written into `directory`.
    static func pgm(in directory: String, name: String = "gray.pgm") throws -> String {
        let path = directory + "/" + name
        let pixels = (0..<12).map { UInt8($0 * 20) }
        try Data(Array("P5\n4 3\n255\n".utf8) + pixels).write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test func versionIsTheOneConstant() throws {
        let source = try String(contentsOfFile: TestPaths.packageRoot + "/Sources/Imago/ImagoVersion.swift", encoding: .utf8)
        let declared = try #require(source.firstMatch(of: /static let current = "([0-9]+\.[0-9]+\.[0-9]+)"/)?.1)
        let run = try CLIRunner.run(["--version"])
        #expect(run.status == 0)
        #expect(run.stdout == "\(declared)\n", "\(run.stdout)")
    }

    @Test func formatIsSpelledTheSameEverywhere() throws {
        let directory = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let source = try Self.pgm(in: directory)
        let array = directory + "/gray.npy"
        #expect(try CLIRunner.run(["decode", source, "--out", array]).status == 0)
        // from-array takes --format (Keras's --file-format still works), as convert does.
        for (index, spelling) in ["--format", "--file-format"].enumerated() {
            let out = directory + "/out\(index).image"
            let run = try CLIRunner.run(["from-array", array, out, spelling, "png"])
            #expect(run.status == 0, "\(spelling): \(run.stderr)")
            #expect(try CLIRunner.run(["info", out]).stdout.contains(": png "))
        }
        #expect(try CLIRunner.run(["convert", source, directory + "/c.image", "--format", "png"]).status == 0)
        for command in ["convert", "from-array"] {
            let help = try CLIRunner.run([command, "--help"]).stdout
            #expect(help.contains("--format <format>"), "\(command): \(help)")
        }
    }

    @Test func outputFoldersAreCreatedWhenMissing() throws {
        let directory = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let source = try Self.pgm(in: directory)
        for (command, extra) in [("decode", [String]()), ("to-array", []), ("convert", ["--to", "png"])] {
            let folder = directory + "/\(command)/nested/out"
            let run = try CLIRunner.run([command, source, "--out-dir", folder] + extra)
            #expect(run.status == 0, "\(command): \(run.stderr)")
            let written = try FileManager.default.contentsOfDirectory(atPath: folder)
            #expect(written.count == 1, "\(command): \(written)")
        }
        // A file where the folder should be: one line naming it, exit status 1.
        let blocker = directory + "/blocker"
        try Data([1]).write(to: URL(fileURLWithPath: blocker))
        for (command, extra) in [("decode", [String]()), ("to-array", []), ("convert", ["--to", "png"])] {
            let run = try CLIRunner.run([command, source, "--out-dir", blocker] + extra)
            #expect(run.status == 1 && !run.signalled, "\(command)")
            #expect(run.stderrLines.count == 1 && run.stderrLines[0].hasPrefix("imago: \(blocker): "), "\(command): \(run.stderr)")
        }
    }

    /// A class tree with one PNG (converted from a PGM by the CLI itself).
    static func tree(in directory: String) throws -> String {
        let tree = directory + "/tree"
        try FileManager.default.createDirectory(atPath: tree + "/a", withIntermediateDirectories: true)
        let source = try pgm(in: directory)
        let run = try CLIRunner.run(["convert", source, tree + "/a/one.png"])
        #expect(run.status == 0, "\(run.stderr)")
        return tree
    }

    @Test func datasetFailuresAreOneLine() throws {
        let directory = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let tree = try Self.tree(in: directory)
        let arguments = ["dataset", tree, "--image-size", "2", "2", "--no-shuffle", "--quiet"]

        // The output folder cannot be created.
        let blocker = directory + "/blocker"
        try Data([1]).write(to: URL(fileURLWithPath: blocker))
        let folder = try CLIRunner.run(arguments + ["--out-dir", blocker])
        #expect(folder.status == 1 && !folder.signalled)
        #expect(folder.stderrLines.count == 1 && folder.stderrLines[0].hasPrefix("imago: \(blocker): "), "\(folder.stderr)")

        // A batch cannot be written (a folder is in the way): an error thrown while writing, one line too.
        let out = directory + "/out"
        try FileManager.default.createDirectory(atPath: out + "/batch_00000.npy", withIntermediateDirectories: true)
        let write = try CLIRunner.run(arguments + ["--out-dir", out])
        #expect(write.status == 1 && !write.signalled)
        #expect(write.stderrLines.count == 1 && write.stderrLines[0].hasPrefix("imago: "), "\(write.stderr)")
        #expect(!write.stderr.contains("Error:"), "\(write.stderr)")

        // And the same tree works into a fresh folder.
        let good = try CLIRunner.run(arguments + ["--out-dir", directory + "/good/nested"])
        #expect(good.status == 0, "\(good.stderr)")
        #expect(FileManager.default.fileExists(atPath: directory + "/good/nested/batch_00000.npy"))
    }

    @Test(arguments: [
        ("dataset", "--label-mode", "int, categorical, binary, none"),
        ("dataset", "--subset", "training, validation"),
        ("dataset", "--color-mode", "grayscale, rgb, rgba"),
        ("dataset", "--interpolation", "bilinear, nearest, bicubic, area, lanczos3, lanczos5, gaussian, mitchellcubic"),
        ("dataset", "--data-format", "channels_last, channels_first"),
        ("to-array", "--color-mode", "grayscale, rgb, rgba"),
        ("to-array", "--data-format", "channels_last, channels_first"),
        ("to-array", "--dtype", "float32, float64, uint8, uint16, int32"),
        ("from-array", "--data-format", "channels_last, channels_first"),
    ])
    func enumOptionsListTheirValues(command: String, option: String, values: String) throws {
        let help = try CLIRunner.run([command, "--help"])
        let flat = help.stdout.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        let section = try #require(flat.range(of: "\(option) <"), "\(command) \(option) missing: \(help.stdout)")
        let after = flat[section.upperBound...]
        let listed = try #require(after.firstMatch(of: /\(values: ([^;)]*)/)?.1, "\(command) \(option): no values listed")
        #expect(String(listed) == values, "\(command) \(option)")
        // A value outside the list is a usage error naming the option.
        let bad = try CLIRunner.run([command, "x", option, "nosuchvalue"] + (command == "dataset" ? ["--out-dir", "/tmp/x"] : []))
        #expect(bad.status == 64, "\(command) \(option): \(bad.stderr)")
        #expect(bad.stderr.contains(option))
    }

    @Test func datasetInterpolationAcceptsAnyCaseAndSubsetRefusesBoth() throws {
        let directory = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let tree = try Self.tree(in: directory)
        let upper = try CLIRunner.run(["dataset", tree, "--image-size", "2", "--out-dir", directory + "/o", "--interpolation", "NEAREST", "--quiet"])
        #expect(upper.status == 0, "\(upper.stderr)")
        let both = try CLIRunner.run(["dataset", tree, "--out-dir", directory + "/o", "--validation-split", "0.5", "--subset", "both", "--seed", "1"])
        #expect(both.status == 64, "\(both.stderr)")
    }

    struct FormatEntry: Decodable { var id: String; var extensions: [String]; var decode: Bool; var encode: Bool }

    @Test func formatsListsWhatTheRegistryDoes() throws {
        let run = try CLIRunner.run(["formats", "--json"])
        #expect(run.status == 0, "\(run.stderr)")
        let entries = try run.stdoutLines.map { try JSONDecoder().decode(FormatEntry.self, from: Data($0.utf8)) }
        #expect(Set(["png", "jpeg", "tiff", "webp", "pnm"]).isSubset(of: Set(entries.map(\.id))), "\(entries.map(\.id))")
        let directory = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let source = try Self.pgm(in: directory)
        // Each listed encoder writes the first listed extension; each listed decoder then reads it back as that format.
        for entry in entries where entry.encode {
            let ext = try #require(entry.extensions.first, "\(entry.id) lists no extension")
            let out = directory + "/out.\(ext)"
            let convert = try CLIRunner.run(["convert", source, out])
            #expect(convert.status == 0, "\(entry.id): \(convert.stderr)")
            guard entry.decode else { continue }
            let info = try CLIRunner.run(["info", "--json", out])
            #expect(info.stdout.contains("\"format\":\"\(entry.id)\""), "\(entry.id): \(info.stdout) \(info.stderr)")
        }
        // The table form lists the same ids with yes/no columns.
        let table = try CLIRunner.run(["formats"]).stdoutLines
        #expect(table.first?.hasPrefix("FORMAT") == true)
        for entry in entries {
            let line = table.first { $0.hasPrefix(entry.id + " ") }
            let columns = line?.split(separator: " ").map(String.init) ?? []
            #expect(columns.count >= 4 && columns[1] == (entry.decode ? "yes" : "no") && columns[2] == (entry.encode ? "yes" : "no"), "\(entry.id): \(line ?? "missing")")
        }
        #expect(try CLIRunner.run(["--help"]).stdout.contains("formats"))
    }
}
