import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Serializes captures: two overlapping redirections of fd 2 would restore each other's temporary file.
private let standardErrorLock = NSLock()

/// Runs `body` with the process's standard error redirected to a temporary file and returns what was written.
///
/// For checking that C libraries print nothing. What was caught is also written to the real standard error when the
/// capture ends. Captures are serialized process-wide (test targets run in one
/// process); output of tests running beside the capture can land in it, so filter it with ``nonHarnessLines(_:)``.
public func capturingStandardError<R>(_ body: () throws -> R) rethrows -> (result: R, output: String) {
    standardErrorLock.lock()
    defer { standardErrorLock.unlock() }
    fflush(nil)
    let path = NSTemporaryDirectory() + "imago-stderr-\(getpid())-\(UInt64.random(in: 0...UInt64.max))"
    let fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0o600)
    let saved = dup(2)
    if fd >= 0 { dup2(fd, 2) }
    defer {
        fflush(nil)
        dup2(saved, 2)
        close(saved)
        if fd >= 0 { close(fd) }
        unlink(path)
    }
    let result = try body()
    fflush(nil)
    let output = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
    // Hand what was caught back to the real standard error, so no report of a test running beside the capture is lost.
    if !output.isEmpty { _ = output.utf8CString.withUnsafeBufferPointer { write(saved, $0.baseAddress, $0.count - 1) } }
    return (result, output)
}

/// The lines of captured standard error that did not come from the test harness itself.
///
/// When test targets run in one process, Swift Testing and XCTest report other tests' progress on standard error
/// while a capture is active; those lines (starting with the harness's status symbols or `Test Suite`/`Test Case`)
/// are dropped, and so are the indented continuation lines of a multi-line message that follow one of them (a
/// known issue recorded beside the capture prints its whole comment, a child process's crash report included) and
/// the lines of a test argument's string that holds line breaks (from the opening quote to the closing one), so what
/// remains is what the code under test printed.
public func nonHarnessLines(_ output: String) -> [String] {
    let harnessPrefixes = ["\u{25C7}", "\u{2714}", "\u{2718}", "\u{21B3}", "\u{26A0}", "\u{2501}", "Test Suite", "Test Case",
                           "\t Executed"]
    var kept: [String] = []
    var insideHarnessMessage = false
    var insideQuotedArgument = false
    for line in output.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
        let trimmed = line.drop { $0 == " " }
        // Swift Testing's SF Symbols glyphs live in the private-use planes.
        let privateUse = (trimmed.unicodeScalars.first?.value ?? 0) >= 0xF0000
        if insideQuotedArgument {
            // A test argument's string printed with its line breaks: every line up to the closing quote is the harness's.
            if unescapedQuoteCount(line) % 2 == 1 { insideQuotedArgument = false }
            continue
        }
        if privateUse || harnessPrefixes.contains(where: { trimmed.hasPrefix($0) }) {
            insideHarnessMessage = true
            insideQuotedArgument = unescapedQuoteCount(line) % 2 == 1
        } else if insideHarnessMessage && (trimmed.isEmpty || line.hasPrefix("  ")) {
            continue  // the harness indents the lines of a message after its first
        } else {
            insideHarnessMessage = false
            if !trimmed.isEmpty { kept.append(line) }
        }
    }
    return kept
}

/// The number of `"` in `line` that a backslash does not escape.
private func unescapedQuoteCount(_ line: String) -> Int {
    var count = 0, escaped = false
    for character in line {
        if escaped { escaped = false } else if character == "\\" { escaped = true } else if character == "\"" { count += 1 }
    }
    return count
}

/// Runs an external tool and returns its exit status and standard output (nil when it cannot be started).
public func runToolCapturing(_ path: String, _ arguments: [String]) -> (status: Int32, output: String)? {
    guard FileManager.default.isExecutableFile(atPath: path) else { return nil }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: path)
    process.arguments = arguments
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = FileHandle.nullDevice
    do { try process.run() } catch { return nil }
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: data, as: UTF8.self))
}

/// A unique temporary path ending in `suffix`.
public func temporaryPath(_ suffix: String) -> String {
    NSTemporaryDirectory() + "imago-\(getpid())-\(UInt64.random(in: 0...UInt64.max))\(suffix)"
}

/// Runs an external tool and returns its exit status (or nil when it cannot be started).
@discardableResult
public func runTool(_ path: String, _ arguments: [String]) -> Int32? {
    guard FileManager.default.isExecutableFile(atPath: path) else { return nil }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: path)
    process.arguments = arguments
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    do { try process.run() } catch { return nil }
    process.waitUntilExit()
    return process.terminationStatus
}

/// A PAM/PPM/PGM (P5, P6, P7) file's pixels, `depth` channels.
public struct NetpbmImage: Sendable {
    public var width: Int
    public var height: Int
    public var depth: Int
    public var maxval: Int
    /// The samples when `maxval < 256` (empty otherwise).
    public var samples: [UInt8]
    /// Every sample as an integer (8- or 16-bit files).
    public var values: [Int]

    /// Reads the file at `path`.
    public init?(path: String) {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        let bytes = [UInt8](data)
        guard bytes.count > 3, bytes[0] == UInt8(ascii: "P") else { return nil }
        var i = 3
        var fields: [String: Int] = [:]
        if bytes[1] == UInt8(ascii: "7") {
            // PAM: header lines until ENDHDR.
            while i < bytes.count {
                guard let end = bytes[i...].firstIndex(of: 0x0A) else { return nil }
                let line = String(decoding: bytes[i..<end], as: UTF8.self)
                i = end + 1
                if line == "ENDHDR" { break }
                let parts = line.split(separator: " ")
                if parts.count == 2, let v = Int(parts[1]) { fields[String(parts[0])] = v }
            }
            guard let w = fields["WIDTH"], let h = fields["HEIGHT"], let d = fields["DEPTH"], let m = fields["MAXVAL"] else { return nil }
            (width, height, depth, maxval) = (w, h, d, m)
        } else {
            var numbers: [Int] = []
            while numbers.count < 3, i < bytes.count {
                while i < bytes.count, bytes[i] == 0x20 || bytes[i] == 0x0A || bytes[i] == 0x0D || bytes[i] == 0x09 { i += 1 }
                if i < bytes.count, bytes[i] == UInt8(ascii: "#") {
                    while i < bytes.count, bytes[i] != 0x0A { i += 1 }
                    continue
                }
                var v = 0
                while i < bytes.count, bytes[i] >= 0x30, bytes[i] <= 0x39 { v = v * 10 + Int(bytes[i] - 0x30); i += 1 }
                numbers.append(v)
            }
            i += 1
            guard numbers.count == 3 else { return nil }
            (width, height, maxval) = (numbers[0], numbers[1], numbers[2])
            depth = bytes[1] == UInt8(ascii: "6") ? 3 : 1
        }
        let count = width * height * depth
        if maxval < 256 {
            guard bytes.count - i >= count else { return nil }
            samples = Array(bytes[i..<(i + count)])
            values = samples.map(Int.init)
        } else {
            guard bytes.count - i >= 2 * count else { return nil }
            samples = []
            values = (0..<count).map { Int(bytes[i + 2 * $0]) << 8 | Int(bytes[i + 2 * $0 + 1]) }
        }
    }
}
