#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import ImageKernel

/// The C library's `read`, named apart from ``FileIO/read(_:maxBytes:)``.
private func systemRead(_ fd: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int) -> Int {
    read(fd, buffer, count)
}

/// A file's modification time in whole seconds (the field is `st_mtimespec` on Darwin, `st_mtim` elsewhere).
private func modificationSeconds(_ st: stat) -> Int {
    #if canImport(Darwin)
    Int(st.st_mtimespec.tv_sec)
    #else
    Int(st.st_mtim.tv_sec)
    #endif
}

/// Whole-file reads and atomic whole-file writes, with failures as `ImageError/Kind/io` naming the path.
public enum FileIO {
    /// Reads the whole file at `path`. Refuses files larger than `maxBytes`.
    public static func read(_ path: String, maxBytes: Int = Int(Int32.max)) throws(ImageError) -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw .io(errnoMessage("cannot open"), file: path) }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw .io(errnoMessage("cannot stat"), file: path) }
        if (st.st_mode & S_IFMT) == S_IFDIR { throw .io("is a directory", file: path) }
        let size = Int(st.st_size)
        guard size <= maxBytes else { throw .limitExceeded("file size in bytes", value: size, maximum: maxBytes, file: path) }
        // Uninitialised: `read` fills it (zero-filling first would write every page twice); only the bytes read count.
        var failure: ImageError?
        let bytes = [UInt8](unsafeUninitializedCapacity: size) { buffer, initialized in
            var filled = 0
            while filled < size {
                let n = systemRead(fd, buffer.baseAddress! + filled, size - filled)
                if n < 0 {
                    if errno == EINTR { continue }
                    failure = .io(errnoMessage("read failed"), file: path)
                    break
                }
                if n == 0 { break }
                filled += n
            }
            initialized = failure == nil ? filled : 0
        }
        if let failure { throw failure }
        return bytes
    }

    /// Writes `bytes` to `path` atomically, with the guarantees of ``writeAtomically(to:durability:_:)``
    /// (`durability`: ``WriteDurability/flushed`` by default).
    public static func writeAtomically(_ bytes: [UInt8], to path: String, durability: WriteDurability = .flushed) throws(ImageError) {
        try writeAtomically(to: path, durability: durability) { fd throws(ImageError) in
            let buffer = UnsafeRawBufferPointer(start: bytes.withUnsafeBytes { $0.baseAddress }, count: bytes.count)
            try withExtendedLifetime(bytes) { () throws(ImageError) in
                try writeAll(fd, buffer, path: path)
            }
        }
    }

    /// Replaces the file at `path` atomically with what `produce` writes to the descriptor it is given, keeping what
    /// the file system says about the file.
    ///
    /// - **Atomic.** `produce` writes to a hidden temporary beside the file (``temporaryPrefix(for:)``), which is
    ///   flushed (`fsync`; `F_FULLFSYNC` on Darwin) and renamed over the file. Until the rename the old file is
    ///   untouched; a failure (a throwing `produce`, a full disk) removes the temporary and leaves no partial file.
    /// - **Durable.** After the rename the folder is flushed as well, so that a power cut cannot undo a save this call
    ///   reported as done. (A folder the process cannot open for reading cannot be flushed; the save still succeeds.)
    /// - **A new file** gets the permissions every Unix tool gives it: the temporary is created with
    ///   `open(O_CREAT | O_EXCL, 0666)`, so the kernel applies the process's umask (or the folder's default ACL)
    ///   itself, atomically. Reading the umask instead would be racy (`umask()` sets it to read it, for the whole
    ///   process) or Linux-only (`/proc/self/status`), so Imago never reads it.
    /// - **A replaced file** keeps its mode (all twelve bits), its owner and group where the process may set them (as
    ///   root; as the owner, a group it belongs to), its extended attributes and access ACL (Linux: every attribute
    ///   `listxattr` names, `system.posix_acl_access` included; Darwin: `fcopyfile` with `COPYFILE_ACL` and
    ///   `COPYFILE_XATTR`). Attributes in `security.*`/`trusted.*` that the process may not set (an SELinux label
    ///   as a normal user) are skipped; the new file then carries the label the folder's policy gives it. While
    ///   `produce` writes, the temporary is readable by its creator only.
    /// - **Symbolic links** are written through: a save to a link replaces the file at the end of its chain (relative
    ///   links read from the folder of each link), atomically beside that file, and leaves the links in place, as
    ///   Pillow, `cp` and shell redirection do. A dangling link, a loop, or a link to a folder or device is refused
    ///   with `ImageError/Kind/io` before anything is written; a folder the process cannot write fails when the
    ///   temporary is created, also before anything is written.
    /// - **Hard links.** The rename gives the name a new file: other hard links to the old file keep the old content
    ///   (as with every writer that replaces by rename, `sed -i` or an editor's atomic save). Writing in place would
    ///   update every name but could leave a partial file; Imago keeps the atomic guarantee.
    ///
    /// - Parameters:
    ///   - path: The file to create or replace.
    ///   - durability: ``WriteDurability/flushed`` (the default) flushes as described above;
    ///     ``WriteDurability/atomic`` skips both flushes and keeps every other guarantee.
    ///   - produce: Writes the file's bytes to the descriptor it is given.
    /// - Throws: `ImageError/Kind/io` naming `path`; whatever `produce` throws.
    public static func writeAtomically(to path: String, durability: WriteDurability = .flushed,
                                       _ produce: (Int32) throws(ImageError) -> Void) throws(ImageError) {
        let target = try SaveTarget.resolve(path)
        let directory = parentDirectory(of: target.path)
        let (fd, temporary) = try createTemporary(beside: target.path, ownerOnly: target.existing != nil, path: path)
        var renamed = false
        defer {
            if !renamed { unlink(temporary) }
        }
        do throws(ImageError) {
            try produce(fd)
            if let existing = target.existing {
                try ReplacedFileMetadata.apply(existing, from: target.path, to: fd, path: path)
            }
            guard durability == .atomic || flush(fd) else { throw ImageError.io(errnoMessage("cannot flush"), file: path) }
        } catch {
            close(fd)
            throw error
        }
        guard close(fd) == 0 else { throw .io(errnoMessage("cannot close"), file: path) }
        guard rename(temporary, target.path) == 0 else { throw .io(errnoMessage("cannot rename into place"), file: path) }
        renamed = true
        if durability == .flushed { try flushDirectory(directory, path: path) }
    }

    /// Creates a new, empty temporary file beside `target` with a fresh random name (``temporaryPrefix(for:)`` and six
    /// letters or digits), `O_EXCL` so that nothing existing is ever opened. Mode `0666` (the kernel applies the umask
    /// or the folder's default ACL) for a new file; `0600` when `ownerOnly`, until the replaced file's mode is applied.
    private static func createTemporary(beside target: String, ownerOnly: Bool, path: String) throws(ImageError) -> (Int32, String) {
        let directory = parentDirectory(of: target)
        let prefix = "\(directory)/\(temporaryPrefix(for: target))"
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".utf8)
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<100 {
            let suffix = String(decoding: (0..<6).map { _ in alphabet.randomElement(using: &generator)! }, as: UTF8.self)
            let candidate = prefix + suffix
            let fd = open(candidate, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, mode_t(ownerOnly ? 0o600 : 0o666))
            if fd >= 0 { return (fd, candidate) }
            if errno != EEXIST { break }
        }
        throw .io(errnoMessage("cannot create a temporary file in \(directory)"), file: path)
    }

    /// Flushes `fd` to stable storage: `F_FULLFSYNC` on Darwin (its `fsync` stops at the drive's cache), else `fsync`.
    private static func flush(_ fd: Int32) -> Bool {
        #if canImport(Darwin)
        if fcntl(fd, F_FULLFSYNC) != -1 { return true }
        #endif
        return fsync(fd) == 0
    }

    /// Flushes the folder after a rename so that the new name survives a power cut. A folder the process cannot open,
    /// or a file system that cannot flush folders (`EINVAL`), is left as is; a failing flush is reported, saying the
    /// file itself is already in place.
    private static func flushDirectory(_ directory: String, path: String) throws(ImageError) {
        let fd = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { return }
        defer { close(fd) }
        guard flush(fd) || errno == EINVAL || errno == ENOTSUP else {
            throw .io(errnoMessage("saved, but flushing the folder \(directory) failed, so the save may not survive a power cut"), file: path)
        }
    }

    /// The name prefix of the temporary files ``writeAtomically(to:durability:_:)`` creates beside `path` (beside the file a
    /// symbolic link leads to, for a link): `.<name>.imago-` followed by six random characters. A process killed mid-save (SIGKILL, power loss)
    /// can leave one behind; it is hidden and never carries the target's name.
    public static func temporaryPrefix(for path: String) -> String {
        let base = path.split(separator: "/").last.map(String.init) ?? path
        return ".\(base).imago-"
    }

    /// Removes the temporary files that interrupted saves to `path` left behind, if they were last modified
    /// more than `olderThan` seconds ago (so that a save still in progress in another process is left alone).
    /// For a symbolic link, those of the file the link leads to, where saves through the link write.
    /// - Returns: the paths removed.
    @discardableResult
    public static func removeStaleTemporaries(of path: String, olderThan seconds: Int = 3600) -> [String] {
        let resolved = (try? SaveTarget.resolve(path))?.path ?? path
        let directory = parentDirectory(of: resolved)
        let prefix = temporaryPrefix(for: resolved)
        guard let dir = opendir(directory) else { return [] }
        defer { closedir(dir) }
        let now = time(nil)
        var removed: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            guard name.hasPrefix(prefix), name.utf8.count == prefix.utf8.count + 6 else { continue }
            let candidate = directory + "/" + name
            var st = stat()
            guard lstat(candidate, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG,
                  Int(now - modificationSeconds(st)) > seconds, unlink(candidate) == 0 else { continue }
            removed.append(candidate)
        }
        return removed
    }

    /// Writes every byte of `buffer` to `fd`.
    public static func writeAll(_ fd: Int32, _ buffer: UnsafeRawBufferPointer, path: String) throws(ImageError) {
        var written = 0
        while written < buffer.count {
            let n = write(fd, buffer.baseAddress! + written, buffer.count - written)
            if n < 0 {
                if errno == EINTR { continue }
                throw .io(errnoMessage("write failed"), file: path)
            }
            written += n
        }
    }

    /// The folder part of `path` (`.` when there is none).
    public static func parentDirectory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        let directory = String(path[..<slash])
        return directory.isEmpty ? "/" : directory
    }

    /// The lower-cased extension of `path` without the dot (`""` when there is none).
    public static func fileExtension(of path: String) -> String {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return "" }
        return String(name[name.index(after: dot)...]).lowercased()
    }

    /// `what`, a colon and the C library's text for `code` (the current `errno` by default).
    static func errnoMessage(_ what: String, _ code: Int32 = errno) -> String {
        "\(what): \(String(cString: strerror(code)))"
    }
}
