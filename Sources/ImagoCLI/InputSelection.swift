import ArgumentParser
import Foundation
import Imago

/// `--files-from FILE [--null]` and `--shard K/N`: where a batch command's inputs come from, and which
/// deterministic part of them this run processes (one run per machine or worker).
struct InputSelection: ParsableArguments {
    @Option(name: .customLong("files-from"), help: ArgumentHelp(
        "Read input paths from FILE ('-' for standard input), one per line (empty lines ignored): for to-array and convert, after the argument inputs; for dataset, the files of the folder's listing to keep.",
        valueName: "file"))
    var filesFrom: String?

    @Flag(name: .customLong("null"), help: "With --files-from: the paths are separated by NUL bytes (find -print0), not newlines.")
    var nullSeparated = false

    @Option(name: .customLong("shard"), help: ArgumentHelp(
        "Process only part K of N (0-based: 0/N ... N-1/N): a contiguous, balanced block of the inputs in their order (for dataset, of whole batches), so the N parts together are the whole run.",
        valueName: "K/N"), transform: { text in try Shard(parsing: text) })
    var shard: Shard?

    func validate() throws {
        if nullSeparated && filesFrom == nil { throw ValidationError("--null needs --files-from") }
    }

    /// Whether the inputs may come from somewhere other than the positional arguments.
    var readsList: Bool { filesFrom != nil }

    /// The paths listed by `--files-from` (none without it).
    func listedFiles() throws -> [String] {
        guard let filesFrom else { return [] }
        let data: Data
        if filesFrom == "-" {
            data = FileHandle.standardInput.readDataToEndOfFile()
        } else {
            data = try Data(FileIO.read(filesFrom, maxBytes: Int.max))
        }
        let separator: UInt8 = nullSeparated ? 0 : UInt8(ascii: "\n")
        return data.split(separator: separator, omittingEmptySubsequences: true).compactMap { line in
            var text = String(decoding: line, as: UTF8.self)
            if !nullSeparated && text.hasSuffix("\r") { text.removeLast() }
            return text.isEmpty ? nil : text
        }
    }

    /// The positional `arguments` followed by the listed paths: every input of the whole (unsharded) run.
    /// A list that cannot be read is reported as `imago: FILE: reason` (exit status 1).
    func allInputs(_ arguments: [String]) throws -> [String] {
        do {
            return arguments + (try listedFiles())
        } catch {
            var failures = FailureReporter()
            failures.report(error, path: filesFrom ?? "--files-from")
            try failures.finish()
            return arguments
        }
    }

    /// The positions of this run's part among `total` inputs (all of them without `--shard`).
    func range(of total: Int) -> Range<Int> {
        (shard ?? .whole).range(of: total)
    }
}
