import ArgumentParser
import Dispatch
import Imago
import Synchronization

/// `imago to-array`: Keras's `load_img` then `img_to_array`, to NumPy `.npy` files.
struct ToArrayCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "to-array",
        abstract: "Load images as Keras's load_img + img_to_array do and write them as NumPy .npy arrays.",
        discussion: """
            Defaults are Keras's: --color-mode rgb, no resize, --interpolation nearest, channels_last, float32. \
            With --out-dir, NAME.EXT becomes DIR/NAME.EXT.npy. With --out and several files, the arrays are stacked \
            into one (N, ...) array, which needs equal shapes. Files are processed in parallel on every core.
            """
    )

    @Option(name: .long, help: "The .npy file to write (several inputs are stacked into one (N, ...) array).")
    var out: String?

    @Option(name: .customLong("out-dir"), help: "The folder to write NAME.EXT.npy files into.")
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

    @Flag(name: .customLong("shrink-on-load"), help: "Not Keras-exact: let JPEG/WebP decoders shrink while decoding before the exact resize (faster).")
    var shrinkOnLoad = false

    @Argument(help: "Image files.")
    var files: [String]

    func validate() throws {
        guard (out == nil) != (outDir == nil) else { throw ValidationError("give exactly one of --out and --out-dir") }
        guard targetSize.isEmpty || (targetSize.count == 2 && targetSize.allSatisfy { $0 > 0 }) else {
            throw ValidationError("--target-size takes two positive integers: HEIGHT WIDTH")
        }
    }

    func run() throws {
        let target = targetSize.count == 2 ? (height: targetSize[0], width: targetSize[1]) : nil
        let options = LoadOptions(shrinkOnLoad: shrinkOnLoad)
        let interpolation = Interpolation(rawValue: interpolation)
        let (colorMode, dataFormat, dtype, keep, outDir) = (self.colorMode, self.dataFormat, self.dtype, keepAspectRatio, self.outDir)
        let files = self.files
        let results = Mutex<[Result<NDArray?, any Error>?]>(Array(repeating: nil, count: files.count))
        DispatchQueue.concurrentPerform(iterations: files.count) { index in
            let path = files[index]
            let result = Result<NDArray?, any Error> {
                let image = try loadImage(path, colorMode: colorMode, targetSize: target, interpolation: interpolation,
                                          keepAspectRatio: keep, options: options)
                let array = try imageToArray(image, dataFormat: dataFormat, dtype: dtype)
                if let outDir {
                    try array.writeNpy(to: npyPath(for: path, in: outDir))
                    return nil
                }
                return array
            }
            results.withLock { $0[index] = result }
        }
        var failures = FailureReporter()
        var arrays: [(path: String, array: NDArray)] = []
        for (path, result) in zip(files, results.withLock { $0 }) {
            switch result {
            case .success(let array?): arrays.append((path, array))
            case .success(nil): break
            case .failure(let error): failures.report(error, path: path)
            case nil: failures.report(ImageError.invalidArgument("not processed"), path: path)
            }
        }
        if let out, !arrays.isEmpty {
            do {
                try write(arrays, to: out, single: files.count == 1)
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
