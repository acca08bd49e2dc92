#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import ImageKernel

/// A file as a `ByteSource`: opened once, read on demand with `pread`, closed when the value goes away. Header
/// probes (``FormatRegistry/probe(path:limits:)``) read through it only the bytes they need.
///
/// A class because it owns the file descriptor; not `Sendable` (it counts what it read), use one per call.
public final class FileByteSource: ByteSource {
    /// The file's path, as given.
    public let path: String
    /// The file's length in bytes when it was opened.
    public let count: Int
    private let descriptor: Int32
    /// The bytes read so far (for tests that check a probe reads only what it needs).
    package private(set) var bytesRead = 0

    /// Opens the file at `path` for reading. Throws `ImageError/Kind/io` naming the path when it cannot be opened
    /// or is a folder.
    public init(path: String) throws(ImageError) {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw .io(FileIO.errnoMessage("cannot open"), file: path) }
        var st = stat()
        guard fstat(fd, &st) == 0 else {
            let error = ImageError.io(FileIO.errnoMessage("cannot stat"), file: path)
            close(fd)
            throw error
        }
        guard (st.st_mode & S_IFMT) != S_IFDIR else {
            close(fd)
            throw .io("is a directory", file: path)
        }
        self.path = path
        self.count = Int(st.st_size)
        self.descriptor = fd
    }

    deinit { close(descriptor) }

    /// Reads with `pread`, retrying when interrupted.
    public func read(into buffer: UnsafeMutableRawBufferPointer, at offset: Int) throws(ImageError) -> Int {
        guard let base = buffer.baseAddress, buffer.count > 0, offset >= 0 else { return 0 }
        while true {
            let n = pread(descriptor, base, buffer.count, off_t(offset))
            if n >= 0 {
                bytesRead += n
                return n
            }
            if errno != EINTR { throw .io(FileIO.errnoMessage("read failed"), file: path) }
        }
    }
}
