import ArgumentParser
import Imago
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Collects per-input failures: prints `imago: PATH: reason` on stderr for each, and turns "any failed" into exit status 1.
struct FailureReporter {
    private(set) var failureCount = 0

    /// Reports one failed input; the message is always a single line.
    mutating func report(_ error: any Error, path: String) {
        failureCount += 1
        let reason: String
        if let error = error as? ImageError {
            reason = error.reason
        } else {
            reason = String(describing: error)
        }
        let line = "imago: \(path): \(reason)".map { $0.isNewline ? " " : $0 }
        FileHandleOutput.standardError(String(line) + "\n")
    }

    /// Throws exit status 1 when anything failed.
    func finish() throws {
        if failureCount > 0 { throw ExitCode.failure }
    }
}

/// The C library's `write`, named apart from `FileHandleOutput.write`.
private func systemWrite(_ fd: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int) -> Int {
    write(fd, buffer, count)
}

/// Raw writes to the standard streams (no buffering surprises between stdout and stderr).
enum FileHandleOutput {
    static func standardError(_ text: String) { write(2, text) }
    static func standardOutput(_ text: String) { write(1, text) }

    private static func write(_ fd: Int32, _ text: String) {
        var bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeMutableBytes { systemWrite(fd, $0.baseAddress! + offset, $0.count - offset) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { return }
            offset += n
        }
    }
}
