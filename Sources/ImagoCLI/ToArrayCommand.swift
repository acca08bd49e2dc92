import ArgumentParser
import ColorManagement
import Imago

/// `imago to-array`: Keras's `load_img` then `img_to_array`, to NumPy `.npy` files.
struct ToArrayCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "to-array",
        abstract: "Load images as Keras's load_img + img_to_array do and write them as NumPy .npy arrays.",
        discussion: """
            Defaults are Keras's: --color-mode rgb, no resize, --interpolation nearest, channels_last, float32. \
            --preprocess applies keras.applications' preprocess_input to each array (bit for bit as Keras). \
            With --out-dir, NAME.EXT becomes DIR/NAME.EXT.npy. With --out and several files, the arrays are stacked \
            into one (N, ...) array, which needs equal shapes. Inputs can also be listed with --files-from (one \
            path a line, or NUL-separated with --null; '-' reads standard input), and --shard K/N keeps only the \
            K-th of N contiguous, balanced parts of the inputs (0-based), for one machine or worker of many. Two inputs with the same file name (a/x.png and b/x.png) \
            are not written over each other: the first in argument order gets the name, each later one fails. Files are \
            processed in parallel by --jobs workers (default: every core), with a progress bar on stderr when it is a \
            terminal (unless --quiet). Bad files do not stop the others: they are listed at the end, one \
            `imago: PATH: reason` line each, and the exit status is then 1.
            """
    )

    @Option(name: .long, help: "The .npy file to write (several inputs are stacked into one (N, ...) array).")
    var out: String?

    @Option(name: .customLong("out-dir"), help: "The folder to write NAME.EXT.npy files into (created if needed).")
    var outDir: String?

    @Option(name: .customLong("color-mode"), help: "rgb, grayscale or rgba.")
    var colorMode: ColorMode = .rgb

    @Option(name: .customLong("target-size"), parsing: .upToNextOption, help: "Resize to HEIGHT WIDTH (only when the size differs).")
    var targetSize: [Int] = []

    @Option(name: .long, help: "nearest, bilinear, bicubic, hamming, box or lanczos (checked only when a resize happens, as in Keras).")
    var interpolation: String = "nearest"

    @Flag(name: .customLong("keep-aspect-ratio"), help: "Resample from the centred crop with the target's aspect ratio.")
    var keepAspectRatio = false

    @Option(name: .customLong("data-format"), help: "channels_last or channels_first.")
    var dataFormat: DataFormat = .channelsLast

    @Option(name: .long, help: "float32, float64, uint8, uint16 or int32.")
    var dtype: NDArray.DType = .float32

    @Option(name: .long, help: "Apply Keras's preprocess_input after img_to_array: an imagenet_utils mode or a keras.applications module (integer dtypes become float32, as in Keras).")
    var preprocess: PreprocessOption?

    @Flag(name: .customLong("shrink-on-load"), help: "Not Keras-exact: let JPEG/WebP decoders shrink while decoding before the exact resize (faster).")
    var shrinkOnLoad = false

    @Flag(name: .customLong("auto-orient"), help: "Not Keras-exact: turn each image upright by its EXIF orientation (as Pillow's exif_transpose) before resizing.")
    var autoOrient = false

    @Flag(name: .customLong("to-srgb"), help: "Not Keras-exact: convert images with an embedded ICC profile to sRGB (lcms2; the rendering intent is --intent).")
    var toSRGB = false

    @Option(name: .customLong("intent"), help: "The rendering intent of --to-srgb: perceptual (default), relative, saturation or absolute.")
    var intent: ProfileConversion.Intent = .perceptual

    @Option(name: .long, help: "Worker threads (default: every core).")
    var jobs: Int?

    @Flag(name: .long, help: "No progress bar.")
    var quiet = false

    @OptionGroup(title: "Input lists and shards")
    var selection: InputSelection

    @Argument(help: "Image files (and/or --files-from).")
    var files: [String] = []

    func validate() throws {
        guard (out == nil) != (outDir == nil) else { throw ValidationError("give exactly one of --out and --out-dir") }
        guard targetSize.isEmpty || (targetSize.count == 2 && targetSize.allSatisfy { $0 > 0 }) else {
            throw ValidationError("--target-size takes two positive integers: HEIGHT WIDTH")
        }
        if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1") }
        if intent != .perceptual && !toSRGB { throw ValidationError("--intent needs --to-srgb") }
        if files.isEmpty && !selection.readsList { throw ValidationError("give image files, or --files-from FILE") }
    }

    func run() throws {
        if let outDir { try OutputFolder.prepare(outDir) }
        let target = targetSize.count == 2 ? ImageSize(height: targetSize[0], width: targetSize[1]) : nil
        let options = LoadOptions(shrinkOnLoad: shrinkOnLoad, applyOrientation: autoOrient,
                                  convertToSRGB: toSRGB ? ProfileConversion(intent: intent) : nil)
        let interpolation = Interpolation(rawValue: interpolation)
        let (colorMode, dataFormat, dtype, keep) = (self.colorMode, self.dataFormat, self.dtype, keepAspectRatio)
        let preprocess = self.preprocess
        // Output names are assigned over every input of the run, then the shard taken, so that each shard of a
        // distributed run names (and refuses) exactly what a single run would.
        let allFiles = try selection.allInputs(self.files)
        let part = selection.range(of: allFiles.count)
        let files = Array(allFiles[part])
        let destinations: [Result<String, ImageError>?] = if let outDir {
            Array(OutputNames.assign(allFiles, in: outDir) { OutputNames.fileName($0) + ".npy" }[part])
        } else {
            Array(repeating: nil, count: files.count)
        }
        let results = BatchRun.run(count: files.count, jobs: jobs ?? ParallelWork.defaultJobs, quiet: quiet, unit: "files") { index in
            Result<NDArray?, any Error> {
                let destination = try destinations[index]?.get()
                let image = try loadImage(files[index], colorMode: colorMode, targetSize: target, interpolation: interpolation,
                                          keepAspectRatio: keep, options: options)
                var array = try imageToArray(image, dataFormat: dataFormat, dtype: dtype)
                if let preprocess { array = try preprocess.apply(to: array, dataFormat: dataFormat) }
                if let destination {
                    try array.writeNpy(to: destination)
                    return nil
                }
                return array
            }
        }
        var failures = FailureReporter()
        var arrays: [(path: String, array: NDArray)] = []
        for (path, result) in zip(files, results) {
            switch result {
            case .success(let array?): arrays.append((path, array))
            case .success(nil): break
            case .failure(let error): failures.report(error, path: path)
            }
        }
        if let out, !arrays.isEmpty {
            do {
                try write(arrays, to: out, single: allFiles.count == 1)
            } catch {
                failures.report(error, path: out)
            }
        }
        try failures.finish()
    }

    /// Writes one array as is, or several stacked into (N, ...) when their shapes agree.
    private func write(_ arrays: [(path: String, array: NDArray)], to out: String, single: Bool) throws {
        if single {
            try arrays[0].array.writeNpy(to: out)
            return
        }
        let first = arrays[0]
        for item in arrays.dropFirst() where item.array.shape != first.array.shape {
            throw ImageError.invalidArgument(
                "cannot stack arrays of different shapes into --out: \(item.path) is \(NDArray.describe(item.array.shape)), \(first.path) is \(NDArray.describe(first.array.shape)) (use --target-size or --out-dir)")
        }
        var stacked = try NDArray(shape: [arrays.count] + first.array.shape, dtype: first.array.dtype)
        let size = first.array.byteCount
        stacked.withUnsafeMutableBytes { destination in
            for (i, item) in arrays.enumerated() {
                item.array.withUnsafeBytes { source in
                    if size > 0 { destination.baseAddress!.advanced(by: i * size).copyMemory(from: source.baseAddress!, byteCount: size) }
                }
            }
        }
        try stacked.writeNpy(to: out)
    }
}
