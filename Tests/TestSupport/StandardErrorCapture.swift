import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Runs `body` with the process's standard error redirected to a temporary file and returns what was written.
///
/// For checking that C libraries print nothing. Run the tests using it serialized (`@Suite(.serialized)`),
/// since the redirection is process-wide.
public func capturingStandardError<R>(_ body: () throws -> R) rethrows -> (result: R, output: String) {
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
    return (result, output)
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

/// A PAM/PPM/PGM (P5, P6, P7) file's pixels: 8-bit samples, `depth` channels.
public struct NetpbmImage: Sendable {
    public var width: Int
    public var height: Int
    public var depth: Int
    public var maxval: Int
    public var samples: [UInt8]

    /// Reads the file at `path` (8-bit maxval only).
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
        guard maxval < 256, bytes.count - i >= width * height * depth else { return nil }
        samples = Array(bytes[i..<(i + width * height * depth)])
    }
}
