import CFileMetadata
import ImageKernel

extension FileIO {
    /// The alignment that lets ``writeAllUncached(_:_:path:)`` keep a write out of the page cache: the buffer's
    /// address and the file offset it is written at must be equal modulo this many bytes.
    public static let uncachedWriteAlignment = Int(IMAGO_UNCACHED_WRITE_ALIGNMENT)

    /// Buffers smaller than this many bytes (1 MiB) are written through the page cache by
    /// ``writeAllUncached(_:_:path:)``: bypassing it pays only for large writes.
    public static let uncachedWriteMinimum = Int(IMAGO_UNCACHED_WRITE_MINIMUM)

    /// Writes every byte of `buffer` to `fd`, as ``writeAll(_:_:path:)`` does, without copying the bulk of a large
    /// buffer into the page cache.
    ///
    /// On Linux the part of `buffer` whose address and file offset are both multiples of
    /// ``uncachedWriteAlignment`` is written with `O_DIRECT`, the rest through the cache; on Darwin `F_NOCACHE` is
    /// set for the call. Buffers under 1 MiB, file systems without direct I/O (tmpfs) and buffers whose address can
    /// never meet the file offset get ordinary writes, so the bytes on disk are the same in every case. Worth it for
    /// large files written once and not read back at once (dataset batches): the kernel's copy into fresh
    /// page-cache pages, and their write-back, cost as much as producing the data.
    public static func writeAllUncached(_ fd: Int32, _ buffer: UnsafeRawBufferPointer, path: String) throws(ImageError) {
        guard let base = buffer.baseAddress, buffer.count > 0 else { return }
        let code = imago_write_uncached(fd, base, buffer.count)
        guard code == 0 else { throw .io(errnoMessage("write failed", code), file: path) }
    }
}
