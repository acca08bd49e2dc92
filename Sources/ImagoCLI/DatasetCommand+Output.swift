import ArgumentParser
import Foundation
import Imago

/// What `imago dataset --output-format` writes.
enum DatasetOutputFormat: String, CaseIterable, ExpressibleByArgument {
    /// `batch_NNNNN.npy` and `labels_NNNNN.npy` per batch.
    case npy
    /// One TFRecord file of `tf.train.Example`s per shard.
    case tfrecord
    /// One WebDataset tar file per shard.
    case tar

    /// The shard file format, for the single-file outputs.
    var shardFormat: ShardFormat? { ShardFormat(rawValue: rawValue) }
}

extension DatasetCommand {
    /// What one run wrote.
    struct Output {
        var filePaths: [String] = []
        var skipped: [SkippedFile] = []
        /// The number of `.npy` batch files (0 for a shard file).
        var batchFiles = 0
        /// The manifest fields describing the shard and its files.
        var manifestFields: [String: Any] = [:]
    }

    /// The manifest's name: `classes.json`, or `shard-KKKKK-of-NNNNN.json` with `--shard`.
    var manifestName: String {
        selection.shard.map { ShardFormat.tfrecord.fileName(for: $0).replacingOccurrences(of: ".tfrecord", with: ".json") } ?? "classes.json"
    }

    /// Writes `shard`'s batches of `dataset` into `outDir` in the chosen format.
    func writeOutput(_ dataset: ImageDataset, shard: Shard) throws -> Output {
        let batches = dataset.batchRange(of: shard)
        var output = Output()
        output.manifestFields = [
            "shard": shard.description,
            "batch_range": [batches.lowerBound, batches.upperBound],
            "output_format": outputFormat.rawValue,
        ]
        let part = dataset.sharded(shard)
        var progress = BatchProgress(total: part.batchCount, unit: "images", quiet: quiet)
        if let format = outputFormat.shardFormat {
            let name = format.fileName(for: shard)
            let summary = try dataset.writeShard(shard, format: format, to: outDir + "/" + name, jobs: jobs) { batch in
                progress.advance(items: batch.count + batch.skippedFiles.count)
            }
            output.filePaths = summary.filePaths
            output.skipped = summary.skippedFiles
            output.manifestFields["shard_file"] = name
            return output
        }
        var written: [Int] = []
        // Batches are written without the page cache (direct I/O): the kernel's copy into fresh cache pages and their
        // write-back cost as much CPU as resizing the images. This thread only writes; the images are decoded on
        // worker threads (one with --jobs 1), so the direct write's wait overlaps their work.
        try part.batches(jobs: jobs, skipUnreadable: true).producedOnWorkerThreads().forEach { batch in
            output.skipped += batch.skippedFiles
            progress.advance(items: batch.count + batch.skippedFiles.count)
            guard batch.count > 0 else { return }
            // Named by the batch's position in the single-machine epoch, so shards never collide.
            let number = batches.lowerBound + batch.index
            let name = String(format: "%05d", number)
            let durability: WriteDurability = fsync ? .flushed : .atomic
            try batch.images.writeNpy(to: outDir + "/batch_\(name).npy", durability: durability,
                                      bypassingPageCache: true)
            try batch.labels?.writeNpy(to: outDir + "/labels_\(name).npy", durability: durability)
            output.filePaths += batch.filePaths
            written.append(number)
        }
        output.batchFiles = written.count
        output.manifestFields["batch_indices"] = written
        return output
    }
}
