import Foundation
import Testing
import TestSupport

/// `imago dataset`: batches and classes.json against Keras's bookkeeping for the fixture tree, the skipped-file
/// report, and usage errors.
@Suite(.enabled(if: CLIRunner.available && TestPaths.fixturesAvailable("dataset/index.json"),
                "imago binary (\(CLIRunner.binary)) or dataset fixtures (make fixtures) missing"))
struct DatasetCommandTests {
    struct Manifest: Decodable {
        var class_names: [String]?
        var file_paths: [String]
        var skipped: [[String: String]]
        var batches: Int
    }

    struct Split: Decodable { var split: Double; var subset: String; var file_paths: [String]; var labels: [Int] }
    struct Shuffle: Decodable { var seed: UInt32; var splits: [Split] }
    struct Index: Decodable { var shuffles: [Shuffle] }

    @Test func writesBatchesInKerasOrderAndReportsUnreadableFiles() throws {
        let out = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: out) }
        let tree = TestPaths.fixture("dataset/tree")
        let result = try CLIRunner.run([
            "dataset", tree, "--image-size", "12", "16", "--batch-size", "5", "--out-dir", out, "--seed", "42",
            "--validation-split", "0.25", "--subset", "training", "--follow-links", "--jobs", "2",
        ])
        #expect(!result.signalled)
        let manifest = try JSONDecoder().decode(Manifest.self, from: Data(contentsOf: URL(fileURLWithPath: out + "/classes.json")))
        let index = try JSONDecoder().decode(Index.self, from: Data(contentsOf: URL(fileURLWithPath: TestPaths.fixture("dataset/index.json"))))
        let keras = index.shuffles.first { $0.seed == 42 }!.splits.first { $0.split == 0.25 && $0.subset == "training" }!
        let expected = keras.file_paths.map { tree + "/" + $0 }
        let skipped = manifest.skipped.compactMap { $0["path"] }
        // Written plus skipped files are Keras's training files, in Keras's order.
        #expect(expected.filter { !skipped.contains($0) } == manifest.file_paths)
        #expect(manifest.class_names == ["Cats", "cats", "dogs", "emptyclass", "linked"])
        // Files without a decoder (GIF, BMP) are the skipped ones: exit 1 and one line each.
        #expect(result.status == (skipped.isEmpty ? 0 : 1))
        #expect(result.stderrLines.count == skipped.count, "\(result.stderr)")
        for (line, path) in zip(result.stderrLines, skipped) { #expect(line.hasPrefix("imago: \(path): ")) }

        var total = 0
        for batch in 0..<manifest.batches {
            let images = try NpyArray(path: out + String(format: "/batch_%05d.npy", batch))
            let labels = try NpyArray(path: out + String(format: "/labels_%05d.npy", batch))
            #expect(images.dtype == "<f4" && images.shape.dropFirst() == [12, 16, 3])
            #expect(labels.dtype == "<i4" && labels.shape == [images.shape[0]])
            let start = total
            total += images.shape[0]
            let kept = zip(keras.file_paths, keras.labels).filter { !skipped.contains(tree + "/" + $0.0) }.map(\.1)
            #expect(labels.doubles.map(Int.init) == Array(kept[start..<total]))
        }
        #expect(total == manifest.file_paths.count)
    }

    /// Batch files and the manifest are renamed into place whole without a flush; `--fsync` flushes every batch and
    /// labels file and the manifest, each with its folder. Counted with strace, the system's own tracer.
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/strace"), "strace missing: flush counts not checked"))
    func batchFilesAreFlushedOnlyWithFsync() throws {
        let tree = TestPaths.fixture("dataset/tree")
        for fsync in [false, true] {
            let out = try CLIRunner.temporaryDirectory()
            defer { try? FileManager.default.removeItem(atPath: out) }
            let trace = out + "/trace.txt"
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/strace")
            process.arguments = ["-f", "-qq", "-e", "trace=fsync,fdatasync", "-o", trace, CLIRunner.binary, "dataset", tree,
                                 "--image-size", "8", "--batch-size", "4", "--out-dir", out + "/batches", "--seed", "1", "--quiet"]
                + (fsync ? ["--fsync"] : [])
            process.standardError = FileHandle.nullDevice
            try process.run()
            process.waitUntilExit()
            let batches = try FileManager.default.contentsOfDirectory(atPath: out + "/batches").filter { $0.hasSuffix(".npy") }
            #expect(batches.count >= 4)
            let lines = try String(contentsOfFile: trace, encoding: .utf8).split(separator: "\n").filter { $0.contains("sync(") }
            // Without --fsync: none; with it, classes.json and every .npy file, and the folder after each.
            #expect(lines.count == (fsync ? 2 + 2 * batches.count : 0), "\(lines.count) flushes for \(batches.count) .npy files")
        }
    }

    /// The default TensorFlow path: Keras's `format="tf"` batches (gen_tf.py), uint8 for nearest, float32 otherwise.
    @Test(.enabled(if: TestPaths.fixturesAvailable("tf/dataset.json"), "TensorFlow fixtures missing (make fixtures)"))
    func tensorFlowPathWritesKerasBatches() throws {
        struct Reference: Decodable { var name: String; var interpolation: String; var data_format: String; var images: String }
        let references = try JSONDecoder().decode([Reference].self, from: Data(contentsOf: URL(fileURLWithPath: TestPaths.fixture("tf/dataset.json"))))
        for reference in references {
            let out = try CLIRunner.temporaryDirectory()
            defer { try? FileManager.default.removeItem(atPath: out) }
            let result = try CLIRunner.run([
                "dataset", TestPaths.fixture("tf/tree"), "--image-size", "24", "20", "--batch-size", "64", "--no-shuffle",
                "--interpolation", reference.interpolation, "--data-format", reference.data_format, "--out-dir", out, "--quiet",
            ])
            #expect(result.status == 0, "\(result.stderr)")
            let ours = try NpyArray(path: out + "/batch_00000.npy")
            let keras = try NpyArray(path: TestPaths.fixture("tf/" + reference.images))
            #expect(ours.dtype == keras.dtype && ours.shape == keras.shape && ours.data == keras.data, "\(reference.name)")
        }
    }

    @Test func usageErrors() throws {
        let tree = TestPaths.fixture("dataset/tree")
        let bad = try CLIRunner.run(["dataset", tree, "--image-size", "12", "0", "--out-dir", "/tmp/x"])
        #expect(bad.status == 64)
        let noSeed = try CLIRunner.run(["dataset", tree, "--out-dir", "/tmp/x", "--validation-split", "0.2", "--subset", "training"])
        #expect(noSeed.status == 1)
        #expect(noSeed.stderr.contains("seed"))
        let badPath = try CLIRunner.run(["dataset", tree, "--out-dir", "/tmp/x", "--pixel-path", "pillow"])
        #expect(badPath.status == 64)
        let grainArea = try CLIRunner.run(["dataset", tree, "--out-dir", "/tmp/x", "--pixel-path", "grain", "--interpolation", "area"])
        #expect(grainArea.status == 1)
    }
}
