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
            selects the same files as in Python. Pixels follow Keras's format="grain" path (numpy backend). Writes \
            OUT/batch_NNNNN.npy (float32 N,H,W,C or N,C,H,W), OUT/labels_NNNNN.npy and OUT/classes.json (class names, file paths \
            in batch order, skipped files). Unreadable files are skipped and listed at the end; the exit status is then 1.
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

    @Option(name: .long, help: "rgb, grayscale or rgba.")
    var colorMode: String = "rgb"

    @Option(name: .long, help: "int, categorical, binary or none.")
    var labelMode: String = "int"

    @Option(name: .long, help: "Class sub-folders to use, in this order (comma-separated).")
    var classNames: String?

    @Option(name: .long, help: "The shuffle seed (0 ... 4294967295).")
    var seed: UInt32?

    @Flag(name: .long, help: "Keep the alphanumeric listing order.")
    var noShuffle = false

    @Option(name: .long, help: "Fraction of the files reserved for validation (needs --subset and, when shuffling, --seed).")
    var validationSplit: Double?

    @Option(name: .long, help: "training or validation.")
    var subset: String?

    @Option(name: .long, help: "bilinear, nearest, bicubic, lanczos3 or lanczos5.")
    var interpolation: String = "bilinear"

    @Flag(name: .long, help: "Crop the centre to the target aspect ratio before resizing.")
    var cropToAspectRatio = false

    @Flag(name: .long, help: "Pad with zeros to the target aspect ratio before resizing.")
    var padToAspectRatio = false

    @Option(name: .long, help: "channels_last (N,H,W,C, default) or channels_first (N,C,H,W).")
    var dataFormat: String = "channels_last"

    @Flag(name: .long, help: "Enter symlinked sub-folders inside the class folders.")
    var followLinks = false

    @Flag(name: .long, help: "Also list .tif, .tiff and .webp files (Keras does not).")
    var includeTiffWebp = false

    @Option(name: .long, help: "grain (Keras format=\"grain\", default) or load-img (load_img's Pillow resize).")
    var pixelPath: String = "grain"

    @Flag(name: .customLong("auto-orient"), help: "Not Keras-exact: turn each image upright by its EXIF orientation before resizing.")
    var autoOrient = false

    @Option(name: .long, help: "Worker threads (default: every core).")
    var jobs: Int?

    @Flag(name: .long, help: "No progress bar.")
    var quiet = false

    func validate() throws {
        guard (1...2).contains(imageSize.count), imageSize.allSatisfy({ $0 > 0 }) else {
            throw ValidationError("--image-size takes two positive integers, HEIGHT WIDTH, or one for a square")
        }
        guard batchSize > 0 else { throw ValidationError("--batch-size must be positive") }
        if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1") }
        guard ColorMode(rawValue: colorMode) != nil else { throw ValidationError("--color-mode must be rgb, grayscale or rgba") }
        guard DatasetOptions.LabelMode(rawValue: labelMode) != nil else {
            throw ValidationError("--label-mode must be int, categorical, binary or none")
        }
        guard DatasetOptions.Interpolation(name: interpolation) != nil else {
            throw ValidationError("--interpolation must be one of \(DatasetOptions.Interpolation.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        if let subset, ValidationSplit.Subset(rawValue: subset) == nil || subset == "both" {
            throw ValidationError("--subset must be training or validation")
        }
        guard DataFormat(rawValue: dataFormat) != nil else { throw ValidationError("--data-format must be channels_last or channels_first") }
        guard ["grain", "load-img"].contains(pixelPath) else { throw ValidationError("--pixel-path must be grain or load-img") }
    }

    func run() throws {
        let dataset: ImageDataset
        do {
            dataset = try imageDatasetFromDirectory(
                directory,
                labelMode: DatasetOptions.LabelMode(rawValue: labelMode)!,
                classNames: classNames.map { $0.split(separator: ",").map(String.init) },
                colorMode: ColorMode(rawValue: colorMode)!,
                batchSize: batchSize,
                imageSize: (imageSize[0], imageSize.last!),
                shuffle: !noShuffle,
                seed: seed,
                validationSplit: validationSplit,
                subset: subset.flatMap(ValidationSplit.Subset.init(rawValue:)),
                interpolation: DatasetOptions.Interpolation(name: interpolation)!,
                cropToAspectRatio: cropToAspectRatio,
                padToAspectRatio: padToAspectRatio,
                dataFormat: DataFormat(rawValue: dataFormat)!,
                followLinks: followLinks,
                includeTIFFAndWebP: includeTiffWebp,
                pixelPath: pixelPath == "grain" ? .grain : .loadImg,
                applyOrientation: autoOrient)
        } catch let error as ImageError {
            var failures = FailureReporter()
            failures.report(error, path: error.file ?? directory)
            try failures.finish()
            return
        }
        try FileManager.default.createDirectory(atPath: outDir, withIntermediateDirectories: true)

        var progress = BatchProgress(total: dataset.batchCount, unit: "images", quiet: quiet)
        var written: [String] = []
        var skipped: [(path: String, error: ImageError)] = []
        var batchNumber = 0
        try dataset.batches(jobs: jobs, skipUnreadable: true).forEach { batch in
            skipped += batch.skipped
            progress.advance(items: batch.count + batch.skipped.count)
            guard batch.count > 0 else { return }
            let name = String(format: "%05d", batchNumber)
            try batch.images.writeNpy(to: outDir + "/batch_\(name).npy")
            try batch.labels?.writeNpy(to: outDir + "/labels_\(name).npy")
            written += batch.filePaths
            batchNumber += 1
        }
        try writeManifest(dataset: dataset, written: written, skipped: skipped, batches: batchNumber)
        var failures = FailureReporter()
        for (path, error) in skipped { failures.report(error, path: path) }
        try failures.finish()
    }

    private func writeManifest(dataset: ImageDataset, written: [String], skipped: [(path: String, error: ImageError)], batches: Int) throws {
        let manifest: [String: Any] = [
            "class_names": dataset.classNames.map { $0 as Any } ?? NSNull(),
            "file_paths": written,
            "skipped": skipped.map { ["path": $0.path, "error": $0.error.reason] },
            "batches": batches,
            "batch_size": batchSize,
            "image_size": [imageSize[0], imageSize.last!],
            "color_mode": colorMode,
            "data_format": dataFormat,
            "label_mode": labelMode,
        ]
        let data = try JSONSerialization.data(withJSONObject: manifest, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        try FileIO.writeAtomically([UInt8](data), to: outDir + "/classes.json")
    }
}
