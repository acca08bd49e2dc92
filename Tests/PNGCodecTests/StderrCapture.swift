import Foundation

/// Captures everything written to the process's stderr (fd 2) while `body` runs, to prove that the
/// C library printed nothing.
func capturingStderr<R>(_ body: () throws -> R) rethrows -> (result: R, output: String) {
    let path = NSTemporaryDirectory() + "imago-png-stderr-\(getpid())-\(UInt64.random(in: 0...UInt64.max))"
    let file = open(path, O_RDWR | O_CREAT | O_TRUNC, 0o600)
    precondition(file >= 0, "cannot create \(path)")
    fflush(nil)
    let saved = dup(2)
    dup2(file, 2)
    defer {
        fflush(nil)
        dup2(saved, 2)
        close(saved)
        close(file)
        unlink(path)
    }
    let result = try body()
    fflush(nil)
    let output = (try? String(contentsOfFile: path, encoding: .utf8)) ?? "<unreadable>"
    return (result, output)
}
