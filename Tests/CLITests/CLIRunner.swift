import Foundation
import TestSupport

/// Runs the built `imago` binary: `$IMAGO_BIN`, else `<package>/.build/debug/imago`.
enum CLIRunner {
    static let binary: String = {
        if let env = ProcessInfo.processInfo.environment["IMAGO_BIN"], !env.isEmpty { return env }
        return TestPaths.packageRoot + "/.build/debug/imago"
    }()

    static let available = FileManager.default.isExecutableFile(atPath: binary)

    /// What one run produced.
    struct Result {
        var status: Int32
        /// True when the process ended by a signal (a crash), not by exit.
        var signalled: Bool
        var stdout: String
        var stderr: String
        var stderrLines: [String] { stderr.split(separator: "\n").map(String.init) }
        var stdoutLines: [String] { stdout.split(separator: "\n").map(String.init) }
    }

    static func run(_ arguments: [String], environment: [String: String]? = nil) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = arguments
        if let environment { process.environment = environment }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        // Read both pipes to the end before waiting, so a chatty child cannot block on a full pipe.
        let group = DispatchGroup()
        nonisolated(unsafe) var errData = Data()
        DispatchQueue.global().async(group: group) { errData = err.fileHandleForReading.readDataToEndOfFile() }
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, signalled: process.terminationReason == .uncaughtSignal,
                      stdout: String(decoding: outData, as: UTF8.self), stderr: String(decoding: errData, as: UTF8.self))
    }

    /// A fresh temporary folder.
    static func temporaryDirectory() throws -> String {
        let path = NSTemporaryDirectory() + "imago-cli-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// Copies each `(source, destination)` file, creating the destination's folders.
    static func copy(_ files: [(source: String, destination: String)]) throws {
        for (source, destination) in files {
            try FileManager.default.createDirectory(atPath: (destination as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try FileManager.default.copyItem(atPath: source, toPath: destination)
        }
    }
}
