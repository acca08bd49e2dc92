import Foundation
import Testing
import TestSupport

/// `imago convert` killed with SIGKILL in the middle of a large save: the file at the target path is either the
/// original or the complete new file, never a partial one; at most a hidden `.<name>.imago-XXXXXX` temporary is
/// left behind (reported). The same through a symbolic link: the file the link leads to is replaced, the link stays.
@Suite(.serialized, .enabled(if: CLIRunner.available, "imago binary missing at \(CLIRunner.binary): build it (swift build) or set IMAGO_BIN"))
struct CrashSafeSaveTests {
    /// A 3000x3000 RGB PPM (27 MB) with structured content.
    static func writeBigPPM(_ path: String) throws {
        let width = 3000, height = 3000
        var bytes = Array("P6\n\(width) \(height)\n255\n".utf8)
        bytes.reserveCapacity(bytes.count + width * height * 3)
        for y in 0..<height {
            for x in 0..<width { bytes += [UInt8(x & 0xFF), UInt8(y & 0xFF), UInt8((x ^ y) & 0xFF)] }
        }
        try Data(bytes).write(to: URL(fileURLWithPath: path))
    }

    static func temporaries(in directory: String, of name: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).filter { $0.hasPrefix(".\(name).imago-") }
    }

    @Test(arguments: [false, true])
    func sigkillMidSaveLeavesTheOriginalOrTheWholeNewFile(throughLink: Bool) throws {
        let directory = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let input = directory + "/big.ppm"
        try Self.writeBigPPM(input)
        // The complete output, from a run that is not killed.
        let reference = directory + "/reference.tiff"
        let clock = ContinuousClock()
        let start = clock.now
        #expect(try CLIRunner.run(["convert", input, reference]).status == 0)
        let duration = clock.now - start
        let complete = try Data(contentsOf: URL(fileURLWithPath: reference))
        let original = Data("original contents, not an image".utf8)

        // Through a link, the save writes beside the file at the end of the link: the temporaries are looked for there.
        let target = directory + "/out.tiff"
        let real = throughLink ? directory + "/real/linked.tiff" : target
        let realDirectory = (real as NSString).deletingLastPathComponent, realName = (real as NSString).lastPathComponent
        if throughLink {
            try FileManager.default.createDirectory(atPath: realDirectory, withIntermediateDirectories: true)
            #expect(symlink("real/linked.tiff", target) == 0)
        }
        var killedWhileWriting = 0, leftovers: [String] = []
        // At least 8 attempts; more (up to 32) until one kill lands while the temporary exists: on a busy machine the
        // save's window can be missed by the poll a few times in a row.
        for attempt in 0..<32 {
            if attempt >= 8 && killedWhileWriting > 0 { break }
            try original.write(to: URL(fileURLWithPath: real))
            let process = Process()
            process.executableURL = URL(fileURLWithPath: CLIRunner.binary)
            process.arguments = ["convert", input, target]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            // Kill as soon as the temporary file exists (the save is under way), or at a spread of deadlines.
            let deadline = clock.now + duration * (Double(attempt % 8 + 1) / 8.0)
            var sawTemporary = false
            while process.isRunning && clock.now < deadline {
                if !Self.temporaries(in: realDirectory, of: realName).isEmpty { sawTemporary = true; break }
                usleep(50)
            }
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            if sawTemporary && process.terminationReason == .uncaughtSignal { killedWhileWriting += 1 }
            let now = try Data(contentsOf: URL(fileURLWithPath: real))
            #expect(now == original || now == complete,
                    "attempt \(attempt): \(now.count) bytes under the target name, neither the original nor the whole file")
            if throughLink {
                #expect(try FileManager.default.destinationOfSymbolicLink(atPath: target) == "real/linked.tiff")
            }
            let left = Self.temporaries(in: realDirectory, of: realName)
            leftovers += left
            for name in left { try FileManager.default.removeItem(atPath: realDirectory + "/" + name) }
        }
        #expect(killedWhileWriting > 0, "no kill landed while the temporary file was being written")
        // Leftover hidden temporaries are acceptable (FileIO.removeStaleTemporaries cleans them); report them.
        print("CrashSafeSaveTests\(throughLink ? " (through a link)" : ""): \(killedWhileWriting) kills mid-write, hidden temporaries left: \(leftovers)")
    }
}
