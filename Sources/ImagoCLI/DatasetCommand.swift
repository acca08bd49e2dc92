import ArgumentParser
import Foundation
import Imago

/// `imago dataset DIR --image-size H W --batch-size N --out-dir OUT`: Keras's `image_dataset_from_directory`
/// written out as `.npy` batches (`batch_00000.npy`, `labels_00000.npy`, ...) plus `classes.json`.
struct DatasetCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dataset",
        abstract: "Load a folder of class sub-folders as Keras's image_dataset_from_directory does and write .npy batches.",
        discussion: """
            Files are listed, shuffled (seeded as numpy.random.RandomState) and split exactly as Keras 3 does, so a seed \
            selects the same files as in Python. Pixels follow Keras's default format="tf" path (TensorFlow's decode and \
            tf.image.resize) unless --pixel-path says otherwise. Writes \
            OUT/batch_NNNNN.npy (float32 N,H,W,C or N,C,H,W; uint8 for --interpolation nearest on the tensorflow path), OUT/labels_NNNNN.npy and OUT/classes.json (class names, file paths \
            in batch order, skipped files). Unreadable files are skipped and listed at the end; the exit status is then 1.

            Beyond one machine: --shard K/N (0-based) writes only the K-th of N contiguous, balanced blocks of whole \
            batches of the post-shuffle, post-split order, so batch boundaries, batch numbers (batch_NNNNN is the \
            batch's position in the single-machine epoch) and labels are the single-machine ones, and the N shards \
            together are exactly the single-machine output; a shard's manifest is OUT/shard-KKKKK-of-NNNNN.json \
            instead of classes.json. --output-format tfrecord or tar writes one file per shard (shard 0/1 without \
            --shard), OUT/shard-KKKKK-of-NNNNN.tfrecord (tf.train.Example records) or .tar (WebDataset: KEY.npy, \
            KEY.cls, KEY.json), atomically. --files-from FILE keeps only the listed files of the folder's listing, before the \
            shuffle and split (the dataset Keras builds when the folder holds only them).
            """
    )

    @Argument(help: "The folder: one sub-folder per class (or any tree with --label-mode none).")
    var directory: String

    @Option(name: .long, parsing: .upToNextOption, help: "Image height and width (default 256 256); one number N means N N.")
    var imageSize: [Int] = [256, 256]

    @Option(name: .long, help: "Images per batch (default 32).")
    var batchSize: Int = 32

    @Option(name: .long, help: "The folder to write the batches into (created if needed).")
    var outDir: String

    @Option(name: .long, help: "The channels of each image.")
    var colorMode: ColorMode = .rgb

    @Option(name: .long, help: "The labels written beside each batch (none: no labels files).")
    var labelMode: DatasetOptions.LabelMode = .int

    @Option(name: .long, help: "Class sub-folders to use, in this order (comma-separated).")
    var classNames: String?

    @Option(name: .long, help: "The shuffle seed (0 ... 4294967295).")
    var seed: UInt32?

    @Flag(name: .long, help: "Keep the alphanumeric listing order.")
    var noShuffle = false

    @Option(name: .long, help: "Fraction of the files reserved for validation (needs --subset and, when shuffling, --seed).")
    var validationSplit: Double?

    @Option(name: .long, help: "The part of the split to write (with --validation-split).")
    var subset: ValidationSplit.Subset?

    @Option(name: .long, help: "Keras's resize interpolation, any letter case (the grain path: bilinear, nearest, bicubic, lanczos3, lanczos5).")
    var interpolation: ResizeMethod = .bilinear

    @Flag(name: .long, help: "Crop the centre to the target aspect ratio before resizing.")
    var cropToAspectRatio = false

    @Flag(name: .long, help: "Pad with zeros to the target aspect ratio before resizing.")
    var padToAspectRatio = false

    @Option(name: .long, help: "channels_last (N,H,W,C) or channels_first (N,C,H,W).")
    var dataFormat: DataFormat = .channelsLast

    @Flag(name: .long, help: "Enter symlinked sub-folders inside the class folders.")
    var followLinks = false

    @Flag(name: .long, help: "Also list .tif, .tiff and .webp files (Keras does not).")
    var includeTiffWebp = false

    @Option(name: .long, help: "tensorflow (Keras's default format=\"tf\": TensorFlow's decode and tf.image.resize; default), grain (format=\"grain\", numpy backend) or load-img (load_img's Pillow resize).")
    var pixelPath: DatasetOptions.PixelPath = .tensorflow

    @Flag(name: .customLong("auto-orient"), help: "Not Keras-exact: turn each image upright by its EXIF orientation before resizing.")
    var autoOrient = false

    @Option(name: .long, help: "Worker threads (default: every core).")
    var jobs: Int?

    @Flag(name: .long, help: "Flush every batch file, the manifest and the folder to stable storage before going on (default: each file is renamed into place whole, the manifest last, and the kernel writes them back in its own time).")
    var fsync = false

    @Flag(name: .long, help: "No progress bar.")
    var quiet = false

    @OptionGroup(title: "File lists, shards and shard files")
    var selection: InputSelection

    @Option(name: .customLong("output-format"), help: "npy (batch_NNNNN.npy files, default), tfrecord or tar (one shard file).")
    var outputFormat: DatasetOutputFormat = .npy

    func validate() throws {
        guard (1...2).contains(imageSize.count), imageSize.allSatisfy({ $0 > 0 }) else {
            throw ValidationError("--image-size takes two positive integers, HEIGHT WIDTH, or one for a square")
        }
        guard batchSize > 0 else { throw ValidationError("--batch-size must be positive") }
        if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1") }
    }

    /// Runs the command; any failure is printed as one `imago: PATH: reason` line (exit status 1), as in every command.
    func run() throws {
        do {
            try writeDataset()
        } catch let error as ExitCode {
            throw error
        } catch {
            var failures = FailureReporter()
            failures.report(error, path: (error as? ImageError)?.file ?? outDir)
            try failures.finish()
        }
    }

    private func writeDataset() throws {
        let dataset: ImageDataset
        do {
            dataset = try imageDatasetFromDirectory(
                directory,
                labelMode: labelMode,
                classNames: classNames.map { $0.split(separator: ",").map(String.init) },
                colorMode: colorMode,
                batchSize: batchSize,
                imageSize: (imageSize[0], imageSize.last!),
                shuffle: !noShuffle,
                seed: seed,
                validationSplit: validationSplit,
                subset: subset,
                interpolation: interpolation,
                cropToAspectRatio: cropToAspectRatio,
                padToAspectRatio: padToAspectRatio,
                dataFormat: dataFormat,
                followLinks: followLinks,
                includeTIFFAndWebP: includeTiffWebp,
                pixelPath: pixelPath,
                onlyFiles: selection.readsList ? try selection.listedFiles() : nil,
                applyOrientation: autoOrient)
        } catch let error as ImageError {
            var failures = FailureReporter()
            failures.report(error, path: error.file ?? directory)
            try failures.finish()
            return
        }
        try OutputFolder.create(outDir)

        let shard = selection.shard ?? .whole
        let output = try writeOutput(dataset, shard: shard)
        let skipped = output.skipped
        try writeManifest(dataset: dataset, written: output.filePaths, skipped: skipped, batches: output.batchFiles,
                          name: manifestName, extra: output.manifestFields)
        var failures = FailureReporter()
        for file in skipped { failures.report(file.error, path: file.path) }
        try failures.finish()
    }

    private func writeManifest(dataset: ImageDataset, written: [String], skipped: [SkippedFile], batches: Int,
                               name: String, extra: [String: Any]) throws {
        var manifest: [String: Any] = [
            "class_names": dataset.classNames.map { $0 as Any } ?? NSNull(),
            "file_paths": written,
            "skipped": skipped.map { ["path": $0.path, "error": $0.error.reason] },
            "batches": batches,
            "batch_size": batchSize,
            "image_size": [imageSize[0], imageSize.last!],
            "color_mode": colorMode.rawValue,
            "data_format": dataFormat.rawValue,
            "label_mode": labelMode.rawValue,
        ]
        manifest.merge(extra) { _, new in new }
        let data = try JSONSerialization.data(withJSONObject: manifest, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        // Flushed only with --fsync, as the batches are: flushing the manifest alone made the device write back the
        // whole run (1.2 s for the 1.2 GB of 2,000 float32 batches on the benchmark machine, 30-45% of the command).
        try FileIO.writeAtomically([UInt8](data), to: outDir + "/" + name, durability: fsync ? .flushed : .atomic)
    }
}
