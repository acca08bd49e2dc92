import Foundation
import ImageKernel
import Registry
import Testing
import TestSupport
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// `FileIO.writeAtomically` keeps what the file system says about the file it replaces: mode, owner, extended
/// attributes and ACL; writes through symbolic links; refuses dangling links and loops without leaving anything.
/// Modes, owners and links are read back with `lstat`/`readlink` (the kernel), attributes with Python's `os.getxattr`.
/// The umask cases need their own process (the umask is process-wide) and are in `CLITests/FileSystemSaveCLITests`.
@Suite struct FileSystemSaveTests {
    static let newBytes: [UInt8] = Array("the new content".utf8)
    /// Kept as `[UInt8]`, not `Data`: a `Data` of 15+ bytes held in a static keeps its storage pointer with enum tag
    /// bits set, which LeakSanitizer does not recognise, so `make sanitize` reported the storage as leaked at exit.
    static let oldBytes: [UInt8] = Array("the old content".utf8)

    static func status(_ path: String) -> stat? {
        var st = stat()
        return lstat(path, &st) == 0 ? st : nil
    }

    static func contents(_ path: String) -> Data? { FileManager.default.contents(atPath: path) }

    /// The names in `directory` that are save temporaries.
    static func temporaries(_ directory: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).filter { $0.contains(".imago-") }
    }

    /// Runs a Python snippet (argv[1...] are `arguments`); nil when Python is missing.
    static func python(_ code: String, _ arguments: [String]) -> (status: Int32, output: String)? {
        runToolCapturing("/usr/bin/env", ["python3", "-c", code] + arguments)
    }

    @Test(arguments: [0o600, 0o640, 0o755] as [mode_t])
    func aReplacedFileKeepsItsMode(mode: mode_t) throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/target.bin"
        try Data(Self.oldBytes).write(to: URL(fileURLWithPath: path))
        #expect(chmod(path, mode) == 0)
        let before = try #require(Self.status(path))
        try FileIO.writeAtomically(Self.newBytes, to: path)
        let after = try #require(Self.status(path))
        #expect(after.st_mode & 0o7777 == mode, "mode \(String(after.st_mode & 0o7777, radix: 8))")
        #expect(after.st_ino != before.st_ino, "replaced by rename, not rewritten in place")
        #expect(Self.contents(path) == Data(Self.newBytes))
        #expect(Self.temporaries(directory).isEmpty)
    }

    @Test func aReplacedFileKeepsItsOwnerAndGroupWhenRunningAsRoot() throws {
        guard geteuid() == 0 else {
            print("FileSystemSaveTests: SKIPPED owner and group: needs root to give a file to another user")
            return
        }
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/owned.bin"
        try Data(Self.oldBytes).write(to: URL(fileURLWithPath: path))
        #expect(chown(path, 12345, 23456) == 0 && chmod(path, 0o4640) == 0)
        try FileIO.writeAtomically(Self.newBytes, to: path)
        let after = try #require(Self.status(path))
        #expect(after.st_uid == 12345 && after.st_gid == 23456, "owner \(after.st_uid):\(after.st_gid)")
        #expect(after.st_mode & 0o7777 == 0o4640, "set-user-ID kept after the chown: \(String(after.st_mode & 0o7777, radix: 8))")
        #expect(Self.contents(path) == Data(Self.newBytes))
    }

    /// A `user.*` attribute and a POSIX access ACL naming another user survive the save, byte for byte.
    @Test func aReplacedFileKeepsItsExtendedAttributesAndACL() throws {
        #if os(Linux)
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/tagged.bin"
        try Data(Self.oldBytes).write(to: URL(fileURLWithPath: path))
        // ACL version 2: user::rw-, user:12345:r--, group::r--, mask::r--, other::---.
        let setUp = """
        import os, struct, sys
        p = sys.argv[1]
        os.setxattr(p, 'user.imago.note', b'kept across saves')
        entries = [(0x01, 6, 0xFFFFFFFF), (0x02, 4, 12345), (0x04, 4, 0xFFFFFFFF), (0x10, 4, 0xFFFFFFFF), (0x20, 0, 0xFFFFFFFF)]
        os.setxattr(p, 'system.posix_acl_access', struct.pack('<I', 2) + b''.join(struct.pack('<HHI', *e) for e in entries))
        """
        let dump = """
        import os, sys
        p = sys.argv[1]
        for name in sorted(os.listxattr(p)):
            print(name, os.getxattr(p, name).hex())
        print(oct(os.stat(p).st_mode & 0o7777))
        """
        guard let prepared = Self.python(setUp, [path]), prepared.status == 0 else {
            print("FileSystemSaveTests: SKIPPED attributes: python3 missing or this file system refuses user attributes / ACLs")
            return
        }
        let before = try #require(Self.python(dump, [path]))
        #expect(before.output.contains("system.posix_acl_access") && before.output.contains("user.imago.note"))
        try FileIO.writeAtomically(Self.newBytes, to: path)
        let after = try #require(Self.python(dump, [path]))
        #expect(after.output == before.output)
        #expect(Self.contents(path) == Data(Self.newBytes))
        #else
        print("FileSystemSaveTests: SKIPPED attributes: the Python set-up writes Linux's ACL format")
        #endif
    }

    /// A folder with a default ACL gives a new temporary an access ACL; a replaced file that had none still has none.
    @Test func anInheritedACLDoesNotReachAFileThatHadNone() throws {
        #if os(Linux)
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/plain.bin"
        try Data(Self.oldBytes).write(to: URL(fileURLWithPath: path))
        #expect(chmod(path, 0o640) == 0)
        let setUp = """
        import os, struct, sys
        entries = [(0x01, 7, 0xFFFFFFFF), (0x02, 7, 12345), (0x04, 5, 0xFFFFFFFF), (0x10, 7, 0xFFFFFFFF), (0x20, 5, 0xFFFFFFFF)]
        os.setxattr(sys.argv[1], 'system.posix_acl_default', struct.pack('<I', 2) + b''.join(struct.pack('<HHI', *e) for e in entries))
        """
        guard let prepared = Self.python(setUp, [directory]), prepared.status == 0 else {
            print("FileSystemSaveTests: SKIPPED inherited ACL: python3 missing or this file system refuses ACLs")
            return
        }
        try FileIO.writeAtomically(Self.newBytes, to: path)
        let names = try #require(Self.python("import os, sys; print(sorted(os.listxattr(sys.argv[1])))", [path]))
        #expect(!names.output.contains("posix_acl_access"), "\(names.output)")
        #expect(try #require(Self.status(path)).st_mode & 0o7777 == 0o640)
        #else
        print("FileSystemSaveTests: SKIPPED inherited ACL: the Python set-up writes Linux's ACL format")
        #endif
    }

    /// Relative, absolute and chained links: the file at the end is replaced, every link stays the same link.
    @Test(arguments: ["relative", "absolute", "chain"])
    func aSaveWritesThroughSymbolicLinks(kind: String) throws {
        let root = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let data = root + "/data", links = root + "/links"
        try FileManager.default.createDirectory(atPath: data, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: links, withIntermediateDirectories: true)
        let real = data + "/real.bin"
        try Data(Self.oldBytes).write(to: URL(fileURLWithPath: real))
        #expect(chmod(real, 0o640) == 0)
        let link = links + "/link.bin"
        var expectedLinks: [(String, String)] = []
        switch kind {
        case "relative": expectedLinks = [(link, "../data/real.bin")]
        case "absolute": expectedLinks = [(link, real)]
        default: expectedLinks = [(link, "middle.bin"), (links + "/middle.bin", "../data/real.bin")]
        }
        for (from, to) in expectedLinks { #expect(symlink(to, from) == 0) }

        try FileIO.writeAtomically(Self.newBytes, to: link)

        #expect(Self.contents(real) == Data(Self.newBytes))
        #expect(try #require(Self.status(real)).st_mode & 0o7777 == 0o640)
        for (from, to) in expectedLinks {
            #expect(try FileManager.default.destinationOfSymbolicLink(atPath: from) == to, "\(from) is still the same link")
        }
        #expect(Self.temporaries(data).isEmpty && Self.temporaries(links).isEmpty)
        #expect(FileIO.temporaryPrefix(for: real) == ".real.bin.imago-")
    }

    @Test func aDanglingLinkIsRefusedAndNothingIsCreated() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let link = directory + "/link.bin"
        #expect(symlink("missing.bin", link) == 0)
        let error = #expect(throws: ImageError.self) { try FileIO.writeAtomically(Self.newBytes, to: link) }
        #expect(error?.kind == .io && error?.file == link && error?.reason.contains("dangling") == true, "\(String(describing: error))")
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory) == ["link.bin"])
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link) == "missing.bin")
    }

    @Test(arguments: ["self", "pair"])
    func aLinkLoopIsRefusedAndNothingIsCreated(kind: String) throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let link = directory + "/a.bin"
        if kind == "self" {
            #expect(symlink("a.bin", link) == 0)
        } else {
            #expect(symlink("b.bin", link) == 0 && symlink(directory + "/a.bin", directory + "/b.bin") == 0)
        }
        let error = #expect(throws: ImageError.self) { try FileIO.writeAtomically(Self.newBytes, to: link) }
        #expect(error?.kind == .io && error?.reason.contains("loop") == true, "\(String(describing: error))")
        #expect(Self.temporaries(directory).isEmpty)
        #expect(Self.status(link).map { $0.st_mode & S_IFMT } == S_IFLNK)
    }

    @Test func linksToAFolderOrAPipeAreRefused() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let pipe = directory + "/pipe"
        #expect(mkfifo(pipe, 0o644) == 0)
        #expect(symlink(".", directory + "/here") == 0)
        for (path, words) in [(pipe, "not a regular file"), (directory + "/here", "directory"), (directory, "directory")] {
            let error = #expect(throws: ImageError.self) { try FileIO.writeAtomically(Self.newBytes, to: path) }
            #expect(error?.kind == .io && error?.reason.contains(words) == true, "\(String(describing: error))")
        }
        #expect(Self.status(pipe).map { $0.st_mode & S_IFMT } == S_IFIFO)
        #expect(Self.temporaries(directory).isEmpty)
    }

    /// Documented: a rename gives the name a new file, so another hard link keeps the old content.
    @Test func anotherHardLinkKeepsTheOldContent() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/one.bin", other = directory + "/two.bin"
        try Data(Self.oldBytes).write(to: URL(fileURLWithPath: path))
        #expect(link(path, other) == 0)
        try FileIO.writeAtomically(Self.newBytes, to: path)
        #expect(Self.contents(path) == Data(Self.newBytes))
        #expect(Self.contents(other) == Data(Self.oldBytes))
    }

    @Test func aFolderThatCannotBeWrittenFailsBeforeAnythingIsWritten() throws {
        guard geteuid() != 0 else {
            print("FileSystemSaveTests: SKIPPED the read-only folder in process: root writes anyway (CLITests run it as nobody)")
            return
        }
        let root = try temporaryDirectory()
        defer {
            chmod(root + "/locked", 0o755)
            try? FileManager.default.removeItem(atPath: root)
        }
        let locked = root + "/locked"
        try FileManager.default.createDirectory(atPath: locked, withIntermediateDirectories: true)
        try Data(Self.oldBytes).write(to: URL(fileURLWithPath: locked + "/real.bin"))
        #expect(chmod(locked + "/real.bin", 0o666) == 0 && chmod(locked, 0o555) == 0)
        #expect(symlink("locked/real.bin", root + "/link.bin") == 0)
        let error = #expect(throws: ImageError.self) { try FileIO.writeAtomically(Self.newBytes, to: root + "/link.bin") }
        #expect(error?.kind == .io && error?.reason.contains("temporary") == true, "\(String(describing: error))")
        #expect(Self.contents(locked + "/real.bin") == Data(Self.oldBytes))
        #expect(Self.temporaries(locked).isEmpty && Self.temporaries(root).isEmpty)
    }

    @Test func staleTemporariesOfALinkAreLookedForBesideItsFile() throws {
        let root = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: root) }
        try FileManager.default.createDirectory(atPath: root + "/data", withIntermediateDirectories: true)
        try Data(Self.oldBytes).write(to: URL(fileURLWithPath: root + "/data/real.bin"))
        #expect(symlink("data/real.bin", root + "/link.bin") == 0)
        let stale = root + "/data/.real.bin.imago-Abc123"
        try Data("x".utf8).write(to: URL(fileURLWithPath: stale))
        try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSinceNow: -7200)], ofItemAtPath: stale)
        #expect(FileIO.removeStaleTemporaries(of: root + "/link.bin") == [stale])
    }
}
