import Foundation
import Testing
import TestSupport

/// `--files-from`, `--null` and `--shard K/N` on `dataset`, `to-array` and `convert`: the N shards of a run, written
/// separately, are exactly the single run's output (same files, same names, same bytes).
@Suite(.enabled(if: CLIRunner.available && TestPaths.fixturesAvailable("dataset/index.json"),
                "imago binary (\(CLIRunner.binary)) or dataset fixtures (make fixtures) missing"))
struct ShardCommandTests {
    static let tree = TestPaths.fixture("dataset/tree")
    static let options = ["--image-size", "12", "16", "--batch-size", "3", "--seed", "42", "--validation-split", "0.25",
                          "--subset", "training", "--follow-links", "--quiet"]

    /// The regular files of a folder (not the manifests) with their bytes.
    func contents(_ directory: String, excluding: (String) -> Bool = { _ in false }) throws -> [String: Data] {
        var out: [String: Data] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: directory) where !excluding(name) {
            out[name] = try Data(contentsOf: URL(fileURLWithPath: directory + "/" + name))
        }
        return out
    }

    @Test func datasetShardsTogetherAreTheSingleRun() throws {
        let single = try CLIRunner.temporaryDirectory(), sharded = try CLIRunner.temporaryDirectory()
        defer { for d in [single, sharded] { try? FileManager.default.removeItem(atPath: d) } }
        let whole = try CLIRunner.run(["dataset", Self.tree, "--out-dir", single] + Self.options)
        var statuses: [Int32] = []
        var skippedLines: [String] = []
        for k in 0..<3 {
            let part = try CLIRunner.run(["dataset", Self.tree, "--out-dir", sharded, "--shard", "\(k)/3"] + Self.options)
            statuses.append(part.status)
            skippedLines += part.stderrLines
        }
        // Every unreadable file is reported by exactly one shard, as the single run reports it.
        #expect(skippedLines.sorted() == whole.stderrLines.sorted())
        #expect(statuses.contains(1) == (whole.status == 1))
        let manifest = { (name: String) in name.hasSuffix(".json") }
        let expected = try contents(single, excluding: manifest)
        #expect(!expected.isEmpty)
        #expect(try contents(sharded, excluding: manifest) == expected, "batch_NNNNN.npy and labels_NNNNN.npy, byte for byte")
        #expect(FileManager.default.fileExists(atPath: sharded + "/shard-00002-of-00003.json"))
    }

    @Test func toArrayShardsOfAFileListAreTheSingleRun() throws {
        let single = try CLIRunner.temporaryDirectory(), sharded = try CLIRunner.temporaryDirectory()
        defer { for d in [single, sharded] { try? FileManager.default.removeItem(atPath: d) } }
        let files = try FileManager.default.subpathsOfDirectory(atPath: Self.tree + "/dogs")
            .filter { $0.hasSuffix(".png") || $0.hasSuffix(".jpg") }.sorted().map { Self.tree + "/dogs/" + $0 }
        #expect(files.count >= 3)
        let list = temporaryPath(".list")
        defer { try? FileManager.default.removeItem(atPath: list) }
        try Data(files.joined(separator: "\0").utf8).write(to: URL(fileURLWithPath: list))
        let whole = try CLIRunner.run(["to-array", "--files-from", list, "--null", "--out-dir", single, "--quiet"])
        for k in 0..<2 {
            let part = try CLIRunner.run(["to-array", "--files-from", list, "--null", "--shard", "\(k)/2", "--out-dir", sharded, "--quiet"])
            #expect(!part.signalled)
        }
        #expect(whole.status == 0 || whole.status == 1)
        #expect(try contents(sharded) == contents(single))
        #expect(try contents(single).count > 0)
    }

    @Test func usageErrors() throws {
        #expect(try CLIRunner.run(["to-array", "--shard", "2/2", "x.png", "--out", "x.npy"]).status == 64)
        #expect(try CLIRunner.run(["to-array", "--null", "x.png", "--out", "x.npy"]).status == 64)
        #expect(try CLIRunner.run(["convert", "--files-from", "/dev/null", "a.png", "b.png"]).status == 64)
        let missing = try CLIRunner.run(["dataset", Self.tree, "--out-dir", "/tmp/imago-never", "--files-from", "/nonexistent-list"])
        #expect(missing.status == 1 && missing.stderr.contains("/nonexistent-list"))
        let unreadable = try CLIRunner.run(["to-array", "--files-from", "/nonexistent-list", "--out-dir", "/tmp"])
        #expect(unreadable.status == 1 && unreadable.stderrLines.count == 1
                && unreadable.stderr.hasPrefix("imago: /nonexistent-list: "), "\(unreadable.stderr)")
    }
}
