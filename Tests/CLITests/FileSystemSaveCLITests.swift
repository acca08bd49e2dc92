import Foundation
import Testing
import TestSupport
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Every writer of the `imago` tool (`convert`, `decode`, `to-array`, `from-array`, `dataset`) honours the umask for a
/// new file, writes through symbolic links keeping the target's mode, and refuses a folder it cannot write without
/// touching the file. Each run is its own process, so the umask can be set for it (`sh -c 'umask 077; exec imago ...'`);
/// modes and links are read back from the kernel (`lstat`, `readlink`).
@Suite(.enabled(if: CLIRunner.available, "imago binary missing at \(CLIRunner.binary): build it (swift build) or set IMAGO_BIN"))
struct FileSystemSaveCLITests {
    /// A 4x3 RGB PPM. `[UInt8]`, not `Data`: a static `Data` of 15+ bytes keeps its storage pointer with enum tag
    /// bits set, which LeakSanitizer does not recognise (`make sanitize` reported it as leaked at exit).
    static let ppm: [UInt8] = Array("P6\n4 3\n255\n".utf8) + (0..<36).map { UInt8($0 * 7 % 256) }

    /// Runs `imago arguments` through `/bin/sh` with `umask` set first (when given), optionally as another user.
    static func run(_ arguments: [String], umask: String? = nil, asUser uid: Int? = nil) throws -> CLIRunner.Result {
        var command = ["/bin/sh", "-c", "\(umask.map { "umask \($0) && " } ?? "")exec \"$@\"", "sh", CLIRunner.binary] + arguments
        if let uid { command = ["/usr/bin/setpriv", "--reuid=\(uid)", "--regid=\(uid)", "--clear-groups"] + command }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: command[0])
        process.arguments = Array(command.dropFirst())
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return CLIRunner.Result(status: process.terminationStatus, signalled: process.terminationReason == .uncaughtSignal,
                                stdout: String(decoding: outData, as: UTF8.self), stderr: String(decoding: errData, as: UTF8.self))
    }

    static func status(_ path: String) -> stat? {
        var st = stat()
        return lstat(path, &st) == 0 ? st : nil
    }

    /// The inputs every writer needs (`in.ppm`, `in.npy`, a one-class dataset folder) in `directory`.
    static func prepareInputs(in directory: String) throws {
        try Data(ppm).write(to: URL(fileURLWithPath: directory + "/in.ppm"))
        #expect(try CLIRunner.run(["decode", directory + "/in.ppm", "--out", directory + "/in.npy"]).status == 0)
        try FileManager.default.createDirectory(atPath: directory + "/classes/a", withIntermediateDirectories: true)
        #expect(try CLIRunner.run(["convert", directory + "/in.ppm", directory + "/classes/a/1.png"]).status == 0)
    }

    /// Every writer, as (arguments, the files it writes) for outputs under `out`.
    static func writers(inputs directory: String, out: String) -> [(arguments: [String], outputs: [String])] {
        [
            (["convert", directory + "/in.ppm", out + "/converted.png"], [out + "/converted.png"]),
            (["decode", directory + "/in.ppm", "--out", out + "/decoded.npy"], [out + "/decoded.npy"]),
            (["to-array", directory + "/in.ppm", "--out", out + "/array.npy"], [out + "/array.npy"]),
            (["from-array", directory + "/in.npy", out + "/from-array.ppm"], [out + "/from-array.ppm"]),
            (["dataset", directory + "/classes", "--out-dir", out, "--image-size", "4", "4", "--quiet"],
             [out + "/batch_00000.npy", out + "/labels_00000.npy", out + "/classes.json"]),
        ]
    }

    @Test(arguments: ["077", "022", "002"])
    func everyWriterGivesANewFileTheUmasksMode(umask: String) throws {
        let directory = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try Self.prepareInputs(in: directory)
        let out = directory + "/out"
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        let expected = mode_t(0o666) & ~mode_t(umask, radix: 8)!
        for writer in Self.writers(inputs: directory, out: out) {
            let run = try Self.run(writer.arguments, umask: umask)
            #expect(run.status == 0, "\(writer.arguments[0]): \(run.stderr)")
            for output in writer.outputs {
                let mode = Self.status(output).map { $0.st_mode & 0o7777 }
                #expect(mode == expected, "umask \(umask), \(writer.arguments[0]): \(output) has mode \(mode.map { String($0, radix: 8) } ?? "none")")
            }
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: out).allSatisfy { !$0.contains(".imago-") })
    }

    /// Each output name is a relative link to an existing 0600 file in another folder: the file is replaced (new
    /// content, mode 0600 kept, under a umask that would give 0644), the link stays.
    @Test func everyWriterWritesThroughASymbolicLink() throws {
        let directory = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try Self.prepareInputs(in: directory)
        let out = directory + "/out", real = directory + "/real"
        for folder in [out, real] { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) }
        let old = Data("old".utf8)
        for writer in Self.writers(inputs: directory, out: out) {
            for output in writer.outputs {
                let name = (output as NSString).lastPathComponent
                try old.write(to: URL(fileURLWithPath: real + "/" + name))
                #expect(chmod(real + "/" + name, 0o600) == 0)
                #expect(symlink("../real/" + name, output) == 0)
            }
            let run = try Self.run(writer.arguments, umask: "022")
            #expect(run.status == 0, "\(writer.arguments[0]): \(run.stderr)")
            for output in writer.outputs {
                let name = (output as NSString).lastPathComponent
                #expect(try FileManager.default.destinationOfSymbolicLink(atPath: output) == "../real/" + name)
                let content = FileManager.default.contents(atPath: real + "/" + name)
                #expect(content != nil && content != old, "\(writer.arguments[0]): \(name) was not written through the link")
                #expect(Self.status(real + "/" + name).map { $0.st_mode & 0o7777 } == 0o600, "\(name)")
            }
        }
        for folder in [out, real] {
            #expect(try FileManager.default.contentsOfDirectory(atPath: folder).allSatisfy { !$0.contains(".imago-") })
        }
    }

    @Test func danglingAndLoopingLinksAreRefusedWithAClearMessage() throws {
        let directory = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try Data(Self.ppm).write(to: URL(fileURLWithPath: directory + "/in.ppm"))
        #expect(symlink("missing.png", directory + "/dangling.png") == 0)
        #expect(symlink("loop.png", directory + "/loop.png") == 0)
        for (name, words) in [("dangling.png", "dangling"), ("loop.png", "loop")] {
            let run = try CLIRunner.run(["convert", directory + "/in.ppm", directory + "/" + name])
            #expect(run.status != 0 && !run.signalled)
            #expect(run.stderr.contains(directory + "/" + name) && run.stderr.contains(words), "\(run.stderr)")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory).sorted() == ["dangling.png", "in.ppm", "loop.png"])
    }

    /// As user `nobody`: a link in a folder it may write, to a file it may write in a folder it may not. The save must
    /// fail (a rename needs the folder) before anything is written, leaving the file as it was.
    @Test func aLinkIntoAFolderTheProcessCannotWriteIsRefused() throws {
        guard geteuid() == 0, FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv") else {
            print("FileSystemSaveCLITests: SKIPPED the unwritable folder as nobody: needs root and setpriv")
            return
        }
        let directory = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let locked = directory + "/locked", open = directory + "/open"
        for folder in [locked, open] { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) }
        #expect(chmod(directory, 0o755) == 0 && chmod(locked, 0o755) == 0 && chmod(open, 0o777) == 0)
        try Data(Self.ppm).write(to: URL(fileURLWithPath: directory + "/in.ppm"))
        #expect(chmod(directory + "/in.ppm", 0o644) == 0)
        let old = Data("old".utf8)
        try old.write(to: URL(fileURLWithPath: locked + "/real.png"))
        #expect(chmod(locked + "/real.png", 0o666) == 0)
        #expect(symlink("../locked/real.png", open + "/link.png") == 0)
        let run = try Self.run(["convert", directory + "/in.ppm", open + "/link.png"], asUser: 65534)
        #expect(run.status != 0 && !run.signalled)
        #expect(run.stderr.contains("cannot create a temporary file in") && run.stderr.contains("ermission denied"), "\(run.stderr)")
        #expect(FileManager.default.contents(atPath: locked + "/real.png") == old)
        #expect(try FileManager.default.contentsOfDirectory(atPath: locked) == ["real.png"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: open) == ["link.png"])
    }
}
