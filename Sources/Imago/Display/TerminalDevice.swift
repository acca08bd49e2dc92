#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// What the process's standard output is: a terminal or not, and the terminal's size.
public enum TerminalDevice {
    /// Whether `descriptor` (standard output by default) is a terminal.
    public static func isTerminal(_ descriptor: Int32 = 1) -> Bool {
        isatty(descriptor) == 1
    }

    /// The window size of the terminal on `descriptor` (TIOCGWINSZ): columns, rows and, when the terminal reports
    /// them, the pixel width and height (0 otherwise). `nil` when it is not a terminal or reports no columns.
    public static func windowSize(_ descriptor: Int32 = 1) -> (columns: Int, rows: Int, pixelWidth: Int, pixelHeight: Int)? {
        var size = winsize()
        guard ioctl(descriptor, numericCast(TIOCGWINSZ), &size) == 0, size.ws_col > 0 else { return nil }
        return (Int(size.ws_col), Int(size.ws_row), Int(size.ws_xpixel), Int(size.ws_ypixel))
    }
}
