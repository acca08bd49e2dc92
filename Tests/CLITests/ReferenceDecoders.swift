import Foundation
import TestSupport

/// Independent decoders for checking what `imago` wrote: the C libraries' own tools (`pngtopam`, `djpeg`), read
/// through TestSupport's own Netpbm parser.
enum ReferenceDecoders {
    /// The file decoded by `tool arguments... path` into Netpbm on its standard output, or nil when the tool is
    /// missing or fails.
    static func netpbm(_ tool: String, _ arguments: [String], _ path: String) -> NetpbmImage? {
        let output = temporaryPath(".pam")
        defer { try? FileManager.default.removeItem(atPath: output) }
        guard FileManager.default.createFile(atPath: output, contents: nil),
              let handle = FileHandle(forWritingAtPath: output) else { return nil }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments + [path]
        process.standardOutput = handle
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch { return nil }
        process.waitUntilExit()
        try? handle.close()
        guard process.terminationStatus == 0 else { return nil }
        return NetpbmImage(path: output)
    }

    /// A PNG's samples, with its alpha channel when its colour type has one, by libpng's `pngtopam`.
    static func png(_ path: String) -> NetpbmImage? {
        guard let data = FileManager.default.contents(atPath: path), data.count > 25 else { return nil }
        let colourTypeHasAlpha = data[data.startIndex + 25] & 4 != 0  // IHDR's colour type: 4 gray+alpha, 6 RGBA
        return netpbm("/usr/bin/pngtopam", colourTypeHasAlpha ? ["-alphapam"] : [], path)
    }

    /// A JPEG's samples by libjpeg's `djpeg`.
    static func jpeg(_ path: String) -> NetpbmImage? { netpbm("/usr/bin/djpeg", ["-pnm"], path) }

    static let available = ["/usr/bin/pngtopam", "/usr/bin/djpeg"].allSatisfy { FileManager.default.isExecutableFile(atPath: $0) }
}

/// Peak signal-to-noise ratio of two equally long sample lists on a 0...`peak` scale, in dB (infinity when equal).
func psnr(_ a: [Double], _ b: [Double], peak: Double = 255) -> Double {
    precondition(a.count == b.count && !a.isEmpty)
    let mse = zip(a, b).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) } / Double(a.count)
    return mse == 0 ? .infinity : 10 * log10(peak * peak / mse)
}

/// Where two sample lists first differ (nil when equal): short enough for a test failure message.
func firstDifference(_ actual: [Double], _ expected: [Double]) -> String? {
    if actual == expected { return nil }
    if actual.count != expected.count { return "\(actual.count) samples, expected \(expected.count)" }
    let index = actual.indices.first { actual[$0] != expected[$0] }!
    return "sample \(index): \(actual[index]), expected \(expected[index])"
}
