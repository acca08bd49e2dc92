import ArgumentParser
import ColorManagement
import Foundation
import Imago

/// `imago convert IN OUT [--format NAME] [--quality N]`: decode, then encode in another format; or, with
/// `--out-dir`, many inputs converted in parallel into one folder.
struct ConvertCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "convert",
        abstract: "Decode images and write them in another format: IN OUT, or IN... --out-dir DIR (--format NAME | --to EXT).",
        usage: """
            imago convert IN OUT [--format NAME] [--quality N]
            imago convert IN... --out-dir DIR (--format NAME | --to EXT) [--quality N] [--jobs N] [--quiet]
            """,
        discussion: """
            IN OUT: OUT is written in the format of its extension unless --format is given.

            IN... --out-dir DIR: every input is written to DIR/STEM.EXT (STEM is the input's file name without its \
            extension; DIR is created if needed). EXT is --to's, or the first extension of --format's format \
            (png, jpg, tif, webp, gif, pnm, bmp); with both, --format picks the encoder and --to the extension. Two inputs \
            that would get the same output name (a/x.png and b/x.png, or x.png and x.jpg) are not overwritten: the \
            first in argument order gets the name, each later one fails; an output that would replace another input \
            is refused the same way. Inputs can also be listed with --files-from (one path a line, or NUL-separated \
            with --null; '-' reads standard input), and --shard K/N keeps only the K-th of N contiguous, balanced \
            parts of the inputs (0-based). Inputs are decoded and encoded in parallel by \
            --jobs workers (default: every core), each holding one image at a time. A progress bar (count, rate, \
            time left) is drawn on stderr when it is a terminal, unless --quiet. Bad inputs do not stop the batch: \
            they are listed at the end, one `imago: PATH: reason` line each, and the exit status is then 1.

            Metadata: the ICC profile, EXIF block and XMP packet are carried into JPEG, PNG, WebP and TIFF \
            outputs (TIFF: the EXIF as native tags and Exif/GPS sub-IFDs), unless --strip. --auto-orient turns the pixels upright by the EXIF \
            orientation and writes orientation 1.

            Pixel formats: when the encoder cannot store the decoded pixel format (RGBA, gray+alpha or 16-bit to \
            JPEG, CMYK or float to PNG, ...), the image is converted to the nearest format it can store: alpha and \
            colour are kept when possible, then precision (16-bit is preferred to 8-bit for float input). Alpha \
            that cannot be kept is composited onto white; CMYK becomes RGB as (1 - C)(1 - K); 16-bit samples \
            become 8-bit as round(v / 257); float samples are clamped to 0...1. Every lossy step is named in one \
            warning line on stderr (`imago: warning: PATH: ...`). The rules are the library's \
            (PixelFormatNegotiation), the same for saveImage and FormatRegistry.encode.
            """
    )

    @Argument(help: ArgumentHelp("IN OUT, or with --out-dir any number of inputs (and/or --files-from).", valueName: "files"))
    var files: [String] = []

    @OptionGroup(title: "Input lists and shards (with --out-dir)")
    var selection: InputSelection

    @Option(name: .long, help: "The output format (png, jpeg, tiff, webp, gif, pnm, bmp, ...); wins over the output extension.")
    var format: String?

    @Option(name: .long, help: "Lossy quality, 0...100.")
    var quality: Int?

    @Option(name: .customLong("out-dir"), help: "Convert every input into this folder, as DIR/STEM.EXT.")
    var outDir: String?

    @Option(name: .customLong("to"), help: ArgumentHelp("The output extension with --out-dir (png, jpg, tif, webp, pam, ...).", valueName: "ext"))
    var toExtension: String?

    @Option(name: .long, help: "Worker threads with --out-dir (default: every core).")
    var jobs: Int?

    @Flag(name: .long, help: "No progress bar.")
    var quiet = false

    @Flag(name: .customLong("auto-orient"), help: "Not Keras: turn the pixels upright by the EXIF orientation (as Pillow's exif_transpose); the written orientation is 1.")
    var autoOrient = false

    @Flag(name: .long, help: "Drop the ICC profile, EXIF and XMP (kept by default where the output format holds them).")
    var strip = false

    @Flag(name: .customLong("to-srgb"), help: "Convert images with an embedded ICC profile to sRGB (lcms2; the rendering intent is --intent); the profile is then not kept.")
    var toSRGB = false

    @Option(name: .customLong("intent"), help: "The rendering intent of --to-srgb: perceptual (default), relative, saturation or absolute.")
    var intent: ProfileConversion.Intent = .perceptual

    func validate() throws {
        if let quality, !(0...100).contains(quality) { throw ValidationError("--quality must be within 0...100") }
        if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1") }
        if intent != .perceptual && !toSRGB { throw ValidationError("--intent needs --to-srgb") }
        guard outDir != nil else {
            if selection.readsList || selection.shard != nil {
                throw ValidationError("--files-from and --shard need --out-dir DIR (--format NAME | --to EXT)")
            }
            guard files.count == 2 else {
                throw ValidationError("give IN OUT, or several inputs with --out-dir DIR (--format NAME | --to EXT)")
            }
            if toExtension != nil { throw ValidationError("--to needs --out-dir (with IN OUT, OUT's extension is used)") }
            return
        }
        guard !files.isEmpty || selection.readsList else { throw ValidationError("give at least one input with --out-dir") }
        guard format != nil || toExtension != nil else { throw ValidationError("--out-dir needs --format NAME or --to EXT") }
        do {
            _ = try batchTarget()
        } catch {
            throw ValidationError(error.reason)
        }
    }

    func run() throws {
        if let outDir {
            try runBatch(into: outDir)
        } else {
            try runSingle(input: files[0], output: files[1])
        }
    }

    private var encodeOptions: EncodeOptions { EncodeOptions(quality: quality) }

    /// The decoded image, turned upright with `--auto-orient`.
    private func prepared(_ decoded: DecodedImage) throws -> DecodedImage {
        try Self.prepare(decoded, autoOrient: autoOrient, toSRGB: toSRGB ? ProfileConversion(intent: intent) : nil)
    }

    /// `--auto-orient` then `--to-srgb`.
    static func prepare(_ decoded: DecodedImage, autoOrient: Bool, toSRGB: ProfileConversion?) throws -> DecodedImage {
        var result = autoOrient ? try decoded.upright() : decoded
        if let toSRGB, let profile = result.metadata.iccProfile {
            result.image = try toSRGB.convert(result.image, profile: profile)
            result.metadata.iccProfile = nil
        }
        return result
    }

    /// IN OUT: failures name the file that failed (IN when decoding, OUT when encoding or writing).
    private func runSingle(input: String, output: String) throws {
        var failures = FailureReporter()
        do {
            let decoded = try prepared(FormatRegistry.standard.decode(path: input))
            do {
                let target = try FormatRegistry.standard.encodingFormat(path: output, explicit: format.map { FormatID($0) })
                let warnings = try ImageConversion(format: target, options: encodeOptions)
                    .write(decoded.image, to: output, keeping: strip ? nil : decoded.metadata)
                printWarnings(warnings, path: input)
            } catch {
                failures.report(error, path: output)
            }
        } catch {
            failures.report(error, path: input)
        }
        try failures.finish()
    }

    /// The encoder and the output extension of the batch form.
    private func batchTarget() throws(ImageError) -> (format: ImageFormat, extension: String) {
        let requested = toExtension.map { $0.hasPrefix(".") ? String($0.dropFirst()) : $0 }
        if let requested, requested.isEmpty || requested.contains("/") {
            throw .invalidArgument("--to takes an extension such as png or jpg, not '\(toExtension!)'")
        }
        let target = try FormatRegistry.standard.encodingFormat(
            path: requested.map { "output.\($0)" }, explicit: format.map { FormatID($0) })
        return (target, requested ?? target.extensions.first ?? target.id.rawValue)
    }

    /// IN... --out-dir DIR: every input converted in parallel; failures listed at the end under the input's path.
    private func runBatch(into directory: String) throws {
        let target = try batchTarget()
        try OutputFolder.prepare(directory)
        // Names are assigned over every input of the run, then the shard taken (see ToArrayCommand).
        let allFiles = try selection.allInputs(self.files)
        let part = selection.range(of: allFiles.count)
        let outputs = Array(OutputNames.assign(allFiles, in: directory) { OutputNames.stem($0) + "." + target.extension }[part])
        let conversion = ImageConversion(format: target.format, options: encodeOptions)
        let files = Array(allFiles[part])
        let autoOrient = self.autoOrient, strip = self.strip, toSRGB = self.toSRGB ? ProfileConversion(intent: intent) : nil
        let results = BatchRun.run(count: files.count, jobs: jobs ?? ParallelWork.defaultJobs, quiet: quiet, unit: "files") { index in
            Result {
                let output = try outputs[index].get()
                let decoded = try Self.prepare(FormatRegistry.standard.decode(path: files[index]), autoOrient: autoOrient, toSRGB: toSRGB)
                do {
                    return try conversion.write(decoded.image, to: output, keeping: strip ? nil : decoded.metadata)
                } catch let error as ImageError {
                    throw ImageError(error.kind, "cannot write \(output): \(error.reason)")
                }
            }
        }
        var failures = FailureReporter()
        for (path, result) in zip(files, results) {
            if case .success(let warnings) = result { printWarnings(warnings, path: path) }
        }
        for (path, result) in zip(files, results) {
            if case .failure(let error) = result { failures.report(error, path: path) }
        }
        try failures.finish()
    }
}
