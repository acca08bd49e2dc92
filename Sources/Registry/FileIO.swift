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

/// Whole-file reads and atomic whole-file writes, with failures as ``ImageError/Kind/io`` naming the path.
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
        var bytes = [UInt8](repeating: 0, count: size)
        var filled = 0
        var failure: ImageError?
        bytes.withUnsafeMutableBytes { buffer in
            while filled < size {
                let n = systemRead(fd, buffer.baseAddress! + filled, size - filled)
                if n < 0 {
                    if errno == EINTR { continue }
                    failure = .io(errnoMessage("read failed"), file: path)
                    return
                }
                if n == 0 { break }
                filled += n
            }
        }
        if let failure { throw failure }
        if filled < size { bytes.removeLast(size - filled) }
        return bytes
    }

    /// Writes `bytes` to `path` atomically: to a temporary file in the same folder, flushed, then renamed
    /// over `path`. On any failure the temporary file is removed and an existing file at `path` is untouched.
    public static func writeAtomically(_ bytes: [UInt8], to path: String) throws(ImageError) {
        try writeAtomically(to: path) { fd throws(ImageError) in
            let buffer = UnsafeRawBufferPointer(start: bytes.withUnsafeBytes { $0.baseAddress }, count: bytes.count)
            try withExtendedLifetime(bytes) { () throws(ImageError) in
                try writeAll(fd, buffer, path: path)
            }
        }
    }

    /// Creates a temporary file beside `path`, lets `produce` write to its descriptor, then renames it over `path`.
    /// If `produce` throws, the temporary file is removed and `path` is untouched.
    public static func writeAtomically(to path: String, _ produce: (Int32) throws(ImageError) -> Void) throws(ImageError) {
        let directory = parentDirectory(of: path)
        var template = Array("\(directory)/\(temporaryPrefix(for: path))XXXXXX".utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else { throw .io(errnoMessage("cannot create a temporary file in \(directory)"), file: path) }
        let temporary = String(cString: template.map { UInt8(bitPattern: $0) })
        var renamed = false
        defer {
            if !renamed { unlink(temporary) }
        }
        do throws(ImageError) {
            try produce(fd)
            guard fchmod(fd, 0o644) == 0, fsync(fd) == 0 else { throw ImageError.io(errnoMessage("cannot flush"), file: path) }
        } catch {
            close(fd)
            throw error
        }
        guard close(fd) == 0 else { throw .io(errnoMessage("cannot close"), file: path) }
        guard rename(temporary, path) == 0 else { throw .io(errnoMessage("cannot rename into place"), file: path) }
        renamed = true
    }

    /// The name prefix of the temporary files ``writeAtomically(to:_:)`` creates beside `path`:
    /// `.<name>.imago-` followed by six random characters. A process killed mid-save (SIGKILL, power loss)
    /// can leave one behind; it is hidden and never carries the target's name.
    public static func temporaryPrefix(for path: String) -> String {
        let base = path.split(separator: "/").last.map(String.init) ?? path
        return ".\(base).imago-"
    }

    /// Removes the temporary files that interrupted saves to `path` left behind, if they were last modified
    /// more than `olderThan` seconds ago (so that a save still in progress in another process is left alone).
    /// - Returns: the paths removed.
    @discardableResult
    public static func removeStaleTemporaries(of path: String, olderThan seconds: Int = 3600) -> [String] {
        let directory = parentDirectory(of: path)
        let prefix = temporaryPrefix(for: path)
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

    static func errnoMessage(_ what: String) -> String {
        "\(what): \(String(cString: strerror(errno)))"
    }
}
