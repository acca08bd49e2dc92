import Foundation

/// Runs `tool` with `arguments` and returns its standard output (stderr discarded).
/// Throws when it cannot start or exits with a non-zero status.
func runTool(_ tool: String, _ arguments: [String]) throws -> [UInt8] {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: tool)
    process.arguments = arguments
    let output = Pipe()
    process.standardOutput = output
    process.standardError = FileHandle.nullDevice
    try process.run()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else {
        throw NSError(domain: "tool", code: Int(process.terminationStatus),
                      userInfo: [NSLocalizedDescriptionKey: "\(tool) exited with status \(process.terminationStatus)"])
    }
    return [UInt8](data)
}
