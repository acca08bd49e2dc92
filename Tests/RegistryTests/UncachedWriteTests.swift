import Foundation
import ImageKernel
import Registry
import Testing
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// `FileIO.writeAllUncached` writes exactly the bytes ordinary writes would, whatever the buffer's alignment, size and
/// file system: direct I/O for the aligned middle on a disk file system, ordinary writes on tmpfs and for the head,
/// the tail and small buffers. Checked by reading the files back with Foundation, not with Imago.
@Suite struct UncachedWriteTests {
    /// Folders to write in: the temporary folder (a disk file system here) and `/dev/shm` (tmpfs, no direct I/O).
    static let folders: [String] = [NSTemporaryDirectory()] + (FileManager.default.fileExists(atPath: "/dev/shm") ? ["/dev/shm/"] : [])

    /// Writes `count` bytes starting `skew` bytes into a page-aligned buffer, after `prefix` bytes written normally.
    func roundTrip(folder: String, count: Int, skew: Int, prefix: Int) throws {
        let path = folder + "imago-uncached-\(getpid())-\(count)-\(skew)-\(prefix)"
        defer { unlink(path) }
        var bytes = [UInt8](repeating: 0, count: count)
        var state: UInt32 = 0x9E37_79B9 &+ UInt32(truncatingIfNeeded: count + skew)
        for i in bytes.indices {
            state = state &* 1_664_525 &+ 1_013_904_223
            bytes[i] = UInt8(truncatingIfNeeded: state >> 24)
        }
        let page = FileIO.uncachedWriteAlignment
        let raw = UnsafeMutableRawPointer.allocate(byteCount: count + skew + page, alignment: page)
        defer { raw.deallocate() }
        bytes.withUnsafeBytes { (raw + skew).copyMemory(from: $0.baseAddress!, byteCount: count) }
        let head = [UInt8](repeating: 0x5A, count: prefix)
        try FileIO.writeAtomically(to: path, durability: .atomic) { fd throws(ImageError) in
            var failure: ImageError?
            head.withUnsafeBytes { h in
                do throws(ImageError) { try FileIO.writeAll(fd, h, path: path) } catch { failure = error }
            }
            if let failure { throw failure }
            try FileIO.writeAllUncached(fd, UnsafeRawBufferPointer(start: raw + skew, count: count), path: path)
        }
        let read = try Data(contentsOf: URL(fileURLWithPath: path))
        #expect(read.count == prefix + count, "\(path)")
        #expect(read.prefix(prefix) == Data(head), "\(path): the bytes written before")
        #expect(read.dropFirst(prefix) == Data(bytes), "\(path): count \(count), skew \(skew), prefix \(prefix)")
    }

    @Test(arguments: [
        // (count, skew, prefix): aligned (direct middle with a tail), aligned to the offset after a header, never
        // alignable (ordinary writes), under the 1 MiB minimum, an exact number of pages, a header of exactly a page.
        (3 << 20 | 123, 0, 0), (5 << 20, 128, 128), (2 << 20 | 7, 64, 0), ((1 << 20) - 1, 0, 0), (4 << 20, 0, 4096),
        (2 << 20 | 4095, 4000, 4000),
    ])
    func writesExactlyTheBytes(count: Int, skew: Int, prefix: Int) throws {
        for folder in Self.folders {
            try roundTrip(folder: folder, count: count, skew: skew, prefix: prefix)
        }
    }

    @Test func aFailedWriteIsATypedError() {
        let bytes = UnsafeMutableRawPointer.allocate(byteCount: 2 << 20, alignment: 4096)
        defer { bytes.deallocate() }
        let readOnly = open("/dev/null", O_RDONLY)
        defer { close(readOnly) }
        #expect(throws: ImageError.self) {
            try FileIO.writeAllUncached(readOnly, UnsafeRawBufferPointer(start: bytes, count: 2 << 20), path: "/dev/null")
        }
    }
}
