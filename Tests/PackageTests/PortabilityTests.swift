import Foundation
import Testing
import TestSupport

/// The package checks out, builds and runs on Linux and macOS alike: no two paths that a case-insensitive file system
/// would merge, and no C-library symbol used outside a platform guard.
@Suite struct PortabilityTests {
    /// The repository's files, from `git ls-files` (or the file tree when this is not a git checkout).
    static let repositoryFiles: [String] = {
        if let (status, output) = runToolCapturing("/usr/bin/env", ["git", "-C", TestPaths.packageRoot, "ls-files"]),
           status == 0, !output.isEmpty {
            return output.split(separator: "\n").map(String.init)
        }
        let root = URL(fileURLWithPath: TestPaths.packageRoot)
        let enumerator = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil)
        var files: [String] = []
        while let url = enumerator?.nextObject() as? URL {
            let relative = String(url.path.dropFirst(root.path.count + 1))
            if relative.hasPrefix(".build") || relative.hasPrefix(".git/") || relative.hasPrefix(".venv") {
                enumerator?.skipDescendants()
                continue
            }
            files.append(relative)
        }
        return files
    }()

    @Test func noTwoPathsDifferOnlyInLetterCase() {
        // Every path and every folder on the way to it: `Sources/Imago/x` and `Sources/imago/y` collide as folders.
        var seen: [String: String] = [:]
        var collisions: Set<String> = []
        for file in Self.repositoryFiles {
            let parts = file.split(separator: "/")
            for end in 1...parts.count {
                let path = parts[..<end].joined(separator: "/")
                let folded = path.lowercased()
                if let earlier = seen[folded], earlier != path { collisions.insert("\(earlier) <-> \(path)") }
                seen[folded] = path
            }
        }
        #expect(Self.repositoryFiles.count > 100)
        #expect(collisions.isEmpty, "paths equal ignoring case: \(collisions.sorted())")
    }

    /// A Swift file that names a Glibc-only symbol does so inside `#if canImport(Glibc)` (or a Musl/Darwin branch),
    /// and never qualifies a call with the `Glibc.` module name.
    @Test func platformCallsAreGuarded() throws {
        let unguardedImport = /^\s*import\s+(Glibc|Musl|Darwin)\b/
        let qualified = /\b(Glibc|Musl|Darwin)\.[a-z_]/
        let glibcOnlyFields = /\bst_mtim\b|\bst_atim\b|\bst_ctim\b/
        var findings: [String] = []
        for file in Self.repositoryFiles where file.hasSuffix(".swift")
            && (file.hasPrefix("Sources/") || file.hasPrefix("Conformance/") || file.hasPrefix("Tests/")) {
            let text = try String(contentsOfFile: TestPaths.packageRoot + "/" + file, encoding: .utf8)
            var conditionDepth = 0
            var guardedDepths: [Int] = []
            for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                let trimmed = line.trimmingCharacters(in: .whitespaces)
                if trimmed.hasPrefix("#if ") {
                    conditionDepth += 1
                    if trimmed.contains("canImport(") || trimmed.contains("os(") { guardedDepths.append(conditionDepth) }
                } else if trimmed.hasPrefix("#endif") {
                    if guardedDepths.last == conditionDepth { guardedDepths.removeLast() }
                    conditionDepth -= 1
                }
                let guarded = !guardedDepths.isEmpty
                let where_ = "\(file):\(number + 1): \(trimmed)"
                if !guarded, line.firstMatch(of: unguardedImport) != nil { findings.append(where_) }
                if !guarded, !trimmed.hasPrefix("//"), line.firstMatch(of: glibcOnlyFields) != nil { findings.append(where_) }
                if !trimmed.hasPrefix("//"), line.firstMatch(of: qualified) != nil { findings.append(where_) }
            }
        }
        #expect(findings.isEmpty, "unguarded platform symbols:\n\(findings.joined(separator: "\n"))")
    }

    /// On a case-insensitive file system (ext4's casefold feature, on a loop file) the package still loads: SwiftPM
    /// finds every target folder. Needs root, a kernel with casefold and loop devices; otherwise skipped, saying why.
    @Test func packageLoadsOnACaseInsensitiveFileSystem() throws {
        guard let mkfs = ["/usr/sbin/mkfs.ext4", "/sbin/mkfs.ext4"].first(where: FileManager.default.isExecutableFile)
        else {
            print("PortabilityTests: SKIPPED the casefold build: mkfs.ext4 is not installed")
            return
        }
        let work = temporaryPath("casefold")
        let image = work + "/fs.img", mount = work + "/mnt"
        try FileManager.default.createDirectory(atPath: mount, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: work) }
        guard runTool("/usr/bin/truncate", ["-s", "256M", image]) == 0,
              runTool(mkfs, ["-q", "-O", "casefold", image]) == 0 else {
            print("PortabilityTests: SKIPPED the casefold build: mkfs.ext4 cannot make a casefold file system here")
            return
        }
        guard runTool("/usr/bin/env", ["mount", "-o", "loop", image, mount]) == 0 else {
            print("PortabilityTests: SKIPPED the casefold build: this kernel or sandbox refuses to mount a casefold ext4 loop file")
            return
        }
        defer { _ = runTool("/usr/bin/env", ["umount", mount]) }
        let checkout = mount + "/imago"
        try FileManager.default.createDirectory(atPath: checkout, withIntermediateDirectories: true)
        #expect(runTool("/usr/bin/env", ["chattr", "+F", checkout]) == 0)
        for file in Self.repositoryFiles {
            let target = checkout + "/" + file
            try FileManager.default.createDirectory(
                atPath: (target as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try FileManager.default.copyItem(atPath: TestPaths.packageRoot + "/" + file, toPath: target)
        }
        let describe = runToolCapturing("/usr/bin/env", ["swift", "package", "--package-path", checkout, "describe"])
        #expect(describe?.status == 0, "swift package describe on casefold: \(describe?.output ?? "did not run")")
    }
}
