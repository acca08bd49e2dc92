import ArgumentParser
import Imago
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// `imago`: inspect, decode and convert images from the command line.
@main
struct ImagoCommand: ParsableCommand {
    /// Every subcommand, in the order `imago --help` lists them. Add new commands here.
    static let subcommands: [any ParsableCommand.Type] = [
        InfoCommand.self,
        ShowCommand.self,
        DecodeCommand.self,
        ConvertCommand.self,
        DemoCommand.self,
        ToArrayCommand.self,
        FromArrayCommand.self,
        DatasetCommand.self,
        FormatsCommand.self,
    ]

    static let configuration = CommandConfiguration(
        commandName: "imago",
        abstract: "Read, inspect and convert images (PNM, PNG, JPEG, TIFF, WebP, GIF, BMP).",
        discussion: """
            Formats are detected from the file content, never from the name. Exit status: 0 when every input \
            succeeded, 1 when any failed (one line `imago: PATH: reason` on stderr each), 64 for usage errors.
            """,
        version: ImagoVersion.current,
        subcommands: subcommands
    )

    /// Ignores SIGPIPE, so that writing to a closed pipe (`imago info ... | head -1`) is an error, not a signal, and
    /// sets the allocator up for image-sized buffers (``AllocatorTuning``).
    static func main() {
        signal(SIGPIPE, SIG_IGN)
        AllocatorTuning.apply()
        main(nil)
    }
}
