import Foundation
import Testing
import TestSupport

/// Every file of the shared corpus's `broken/` folder through `imago info` and `imago decode`, one process per
/// file: exit status 0 or 1 (never a signal), at most one line on stderr and that one ours (`imago: PATH: ...`,
/// so nothing printed by libpng/libjpeg/libtiff/libwebp), within a few seconds.
@Suite(.enabled(if: CLIRunner.available, "imago binary missing at \(CLIRunner.binary): build it (swift build) or set IMAGO_BIN"),
       .enabled(if: TestPaths.corpusAvailable, "shared corpus missing at \(TestPaths.corpus): the broken/ files cannot be run"))
struct CLIBrokenCorpusTests {
    static let brokenFiles: [String] = {
        let root = TestPaths.corpus + "/broken"
        guard let walker = FileManager.default.enumerator(atPath: root) else { return [] }
        return walker.compactMap { $0 as? String }
            .filter { !$0.hasSuffix(".md") && !$0.hasPrefix(".") }
            .map { root + "/" + $0 }
            .filter { var isDir: ObjCBool = false; return FileManager.default.fileExists(atPath: $0, isDirectory: &isDir) && !isDir.boolValue }
            .sorted()
    }()

    /// The most one file may take.
    static let timeLimit: Duration = .seconds(5)

    struct Run {
        var status: Int32
        var signalled: Bool
        var timedOut: Bool
        var stderr: String
        var elapsed: Duration
    }

    /// Runs the CLI with stdout discarded, killing it after `timeLimit` (twice, for slack on a busy machine).
    static func run(_ arguments: [String]) throws -> Run {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: CLIRunner.binary)
        process.arguments = arguments
        let err = Pipe()
        process.standardOutput = FileHandle.nullDevice
        process.standardError = err
        let clock = ContinuousClock(), start = clock.now
        try process.run()
        let killer = DispatchWorkItem { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }
        DispatchQueue.global().asyncAfter(deadline: .now() + .seconds(Int(timeLimit.components.seconds) * 2), execute: killer)
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        killer.cancel()
        let elapsed = clock.now - start
        return Run(status: process.terminationStatus, signalled: process.terminationReason == .uncaughtSignal,
                   timedOut: elapsed >= timeLimit * 2, stderr: String(decoding: errData, as: UTF8.self), elapsed: elapsed)
    }

    @Test func thereAreBrokenFiles() {
        #expect(Self.brokenFiles.count > 100, "found \(Self.brokenFiles.count) files under broken/")
    }

    @Test(arguments: ["info", "decode"])
    func everyBrokenFileGivesAStatusAndAtMostOneLine(_ command: String) throws {
        let outDir = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: outDir) }
        var failures = 0, slowest: (Duration, String) = (.zero, "")
        for file in Self.brokenFiles {
            let arguments = command == "decode" ? ["decode", "--out-dir", outDir, file] : ["info", file]
            let run = try Self.run(arguments)
            if run.elapsed > slowest.0 { slowest = (run.elapsed, file) }
            let lines = run.stderr.split(separator: "\n")
            let ok = !run.signalled && !run.timedOut && (run.status == 0 || run.status == 1) && lines.count <= 1
                && lines.allSatisfy { $0.hasPrefix("imago: \(file): ") } && (run.status == 0) == lines.isEmpty
                && run.elapsed < Self.timeLimit
            if !ok {
                failures += 1
                Issue.record("\(command) \(file): status \(run.status), signalled \(run.signalled), \(run.elapsed), stderr: \(run.stderr)")
            }
        }
        print("CLIBrokenCorpusTests: \(command) over \(Self.brokenFiles.count) files, \(failures) failures, slowest \(slowest.0) (\(slowest.1))")
    }
}
