import ArgumentParser
import Imago

/// `imago decode FILE... (--out X.npy | --out-dir DIR) [--frame N]`: native pixels as NumPy arrays.
struct DecodeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "decode",
        abstract: "Decode images to NumPy .npy files of their native pixels (uint8, uint16 or float32; shape H x W x C).",
        discussion: """
            With --out-dir, NAME.EXT is written to DIR/NAME.EXT.npy. Two inputs with the same file name (a/x.png and \
            b/x.png) are not written over each other: the first in argument order gets the name, each later one fails \
            (listed as `imago: PATH: reason`, exit status 1).
            """
    )

    @Option(name: .long, help: "The .npy file to write (one input only).")
    var out: String?

    @Option(name: .customLong("out-dir"), help: "The folder to write NAME.EXT.npy files into (created if needed).")
    var outDir: String?

    @Option(name: .long, help: "The frame or page to decode (0 is the first).")
    var frame = 0

    @Argument(help: "Image files.")
    var files: [String]

    func validate() throws {
        guard (out == nil) != (outDir == nil) else { throw ValidationError("give exactly one of --out and --out-dir") }
        if out != nil && files.count != 1 { throw ValidationError("--out takes exactly one input file; use --out-dir for several") }
        guard frame >= 0 else { throw ValidationError("--frame must be 0 or more") }
    }

    func run() throws {
        if let outDir { try OutputFolder.prepare(outDir) }
        var failures = FailureReporter()
        let options = DecodeOptions(frameIndex: frame)
        let destinations: [Result<String, ImageError>] = if let out {
            [.success(out)]
        } else {
            OutputNames.assign(files, in: outDir ?? ".") { OutputNames.fileName($0) + ".npy" }
        }
        for (path, destination) in zip(files, destinations) {
            do {
                let destination = try destination.get()
                let decoded = try FormatRegistry.standard.decode(path: path, options: options)
                try NDArray(samplesOf: decoded.image).writeNpy(to: destination)
            } catch {
                failures.report(error, path: path)
            }
        }
        try failures.finish()
    }
}
