import ArgumentParser
import Foundation
import Imago

/// `imago show FILE... [--open] [--force] [--frame N] [--width COLUMNS] [--graphics NAME]`: PIL's `img.show()`.
struct ShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Draw images in the terminal (kitty, iTerm2, sixel or half blocks), or open them in the system viewer.",
        discussion: """
            In a terminal the protocol it announces is used: kitty graphics (KITTY_WINDOW_ID, TERM=xterm-kitty, \
            Ghostty), iTerm2 inline images (TERM_PROGRAM=iTerm.app or WezTerm), sixel (TERM naming sixel, foot, \
            mlterm); otherwise, and inside tmux or screen, 24-bit colour half blocks (one character shows two pixels \
            stacked). Images are shrunk to the terminal's width (Pillow's BOX filter), never enlarged. When standard \
            output is not a terminal nothing is drawn unless --force, which writes the half-block text (or the \
            --graphics protocol named). --open writes a temporary PNG and opens it with xdg-open (open on macOS) \
            found on PATH. Animated and multi-page files show frame 0 unless --frame N.
            """
    )

    @Argument(help: "Image files.")
    var files: [String]

    @Flag(name: .long, help: "Open each image in the system viewer (xdg-open / open) instead of drawing it.")
    var open = false

    @Flag(name: .long, help: "Draw even when standard output is not a terminal (half blocks unless --graphics).")
    var force = false

    @Option(name: .long, help: "The frame or page to show (0 is the first).")
    var frame = 0

    @Option(name: .long, help: "Columns to fit (default: the terminal's width, else $COLUMNS, else 80).")
    var width: Int?

    @Option(name: .long, help: "kitty, iterm2, sixel or halfBlocks (default: what the terminal announces).")
    var graphics: String?

    func validate() throws {
        if frame < 0 { throw ValidationError("--frame must be 0 or more") }
        if let width, width < 1 { throw ValidationError("--width must be at least 1") }
        if let graphics, TerminalGraphics(rawValue: graphics) == nil {
            throw ValidationError("--graphics must be one of \(TerminalGraphics.allCases.map(\.rawValue).joined(separator: ", "))")
        }
    }

    func run() throws {
        let terminal = TerminalDevice.isTerminal()
        if !open && !terminal && !force {
            FileHandleOutput.standardError(
                "imago: standard output is not a terminal; nothing drawn (use --force for a text rendering, or --open)\n")
            throw ExitCode(1)
        }
        let environment = ProcessInfo.processInfo.environment
        let window = terminal ? TerminalDevice.windowSize() : nil
        let columns = width ?? window?.columns ?? environment["COLUMNS"].flatMap { Int($0) }.flatMap { $0 > 0 ? $0 : nil } ?? 80
        let chosen = graphics.flatMap(TerminalGraphics.init(rawValue:))
            ?? (terminal ? TerminalGraphics.detect(environment: environment) : .halfBlocks)
        var failures = FailureReporter()
        for path in files {
            do {
                let image = try TerminalDisplay.loadFrame(path, frame: frame)
                if open {
                    try SystemViewer.open(image)
                    continue
                }
                if files.count > 1 { try TerminalDisplay.write(path + ":\n") }
                try TerminalDisplay.write(try TerminalDisplay.render(image, graphics: chosen, columns: columns,
                                                                    pixelWidth: width == nil ? window?.pixelWidth ?? 0 : 0))
            } catch {
                failures.report(error, path: path)
            }
        }
        try failures.finish()
    }
}
