import ArgumentParser
import Imago

/// `imago convert IN OUT [--format NAME] [--quality N]`: decode, then encode in another format.
struct ConvertCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "convert",
        abstract: "Decode IN and write it to OUT, in the format of OUT's extension unless --format is given."
    )

    @Argument(help: "The image to read.")
    var input: String

    @Argument(help: "The file to write (atomically: a failure leaves an existing file untouched).")
    var output: String

    @Option(name: .long, help: "The output format (png, jpeg, tiff, webp, pnm, ...); wins over OUT's extension.")
    var format: String?

    @Option(name: .long, help: "Lossy quality, 0...100.")
    var quality: Int?

    func validate() throws {
        if let quality, !(0...100).contains(quality) { throw ValidationError("--quality must be within 0...100") }
    }

    func run() throws {
        var failures = FailureReporter()
        do {
            let decoded = try FormatRegistry.standard.decode(path: input)
            do {
                try FormatRegistry.standard.encode(
                    decoded.image, to: output, format: format.map { FormatID($0) }, options: EncodeOptions(quality: quality))
            } catch {
                failures.report(error, path: output)
            }
        } catch {
            failures.report(error, path: input)
        }
        try failures.finish()
    }
}
