import ArgumentParser
import Imago

/// `imago from-array`: Keras's `array_to_img` then `save_img`, from a NumPy `.npy` array.
struct FromArrayCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "from-array",
        abstract: "Save a NumPy .npy array as an image, as Keras's save_img does (array_to_img, then save).",
        discussion: """
            By default the values are scaled to 0...255 (x - min, / max, * 255, truncated); --no-scale casts them \
            as they are (wrapping modulo 256, as NumPy does). 1, 3 or 4 channels give L, RGB or RGBA. The format \
            comes from --format or the extension (any spelling Imago knows: .tif works). RGBA to JPEG drops \
            alpha with a warning on stderr.
            """
    )

    @Argument(help: "The .npy array: (H, W, C), or (C, H, W) with --data-format channels_first.")
    var array: String

    @Argument(help: "The image file to write.")
    var output: String

    @Option(name: [.customLong("format"), .customLong("file-format")], help: "The format (png, jpeg, jpg, tiff, webp, ...; Keras's file_format); default: from the extension.")
    var fileFormat: String?

    @Flag(name: .customLong("no-scale"), help: "Do not rescale values to 0...255.")
    var noScale = false

    @Option(name: .customLong("data-format"), help: "channels_last or channels_first.")
    var dataFormat: DataFormat = .channelsLast

    @Option(name: .long, help: "Lossy quality 0...100 (JPEG default 75, WebP 80).")
    var quality: Int?

    func run() throws {
        var failures = FailureReporter()
        do {
            let input = try NDArray(npyPath: array)
            do {
                let warnings = try saveImage(output, input, dataFormat: dataFormat, fileFormat: fileFormat, scale: !noScale,
                                             options: EncodeOptions(quality: quality))
                printWarnings(warnings, path: output)
            } catch {
                failures.report(error, path: output)
            }
        } catch {
            failures.report(error, path: array)
        }
        try failures.finish()
    }
}
