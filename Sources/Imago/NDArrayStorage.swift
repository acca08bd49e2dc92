#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import ImageKernel

/// The heap block behind an ``NDArray``: `malloc`-aligned (16 bytes), never resized, advised for transparent huge pages from
/// 4 MiB up (as ``PixelStorage`` and numpy do), so a large array is filled without a storm of 4 KiB page faults.
///
/// Below glibc's largest dynamic mmap threshold (32 MiB) this goes through `malloc`, unlike ``PixelStorage`` which maps
/// fresh pages for every block of 4 MiB and more: a loop that makes one array per image then reuses the memory the
/// previous array freed instead of faulting in and zeroing new pages each time (measured: filling a fresh 25 MB
/// float32 array costs ~2.1 ms, a reused one ~0.8 ms). Larger blocks, which `malloc` always maps anew, use
/// ``PixelStorage``'s 2 MiB-aligned mapping, the cheapest way to fault them in. Blocks can be left uninitialised for
/// callers that write every element.
final class NDArrayStorage: @unchecked Sendable {
    let pointer: UnsafeMutableRawPointer
    let capacity: Int
    /// The mapped block, for large arrays; `nil` when `pointer` came from `malloc`.
    private let mapped: PixelStorage?

    /// glibc's `DEFAULT_MMAP_THRESHOLD_MAX` on 64-bit: larger blocks are never served from the reusable heap.
    static let mallocLimit = 32 << 20

    /// Allocates `capacity` bytes, zero-filled unless `zeroed` is false.
    init(capacity: Int, zeroed: Bool) throws(ImageError) {
        let size = max(capacity, 1)
        self.capacity = capacity
        if size >= NDArrayStorage.mallocLimit {
            let storage = try PixelStorage(capacity: size)
            mapped = storage
            pointer = storage.pointer
            return
        }
        mapped = nil
        var block: UnsafeMutableRawPointer?
        if zeroed {
            block = calloc(size, 1)
        } else {
            block = malloc(size)
        }
        guard let block else {
            throw .limitExceeded("allocation of \(size) bytes failed; size", value: size, maximum: size - 1)
        }
        #if canImport(Glibc)
        if size >= PixelStorage.hugePageThreshold { _ = madvise(block, size, MADV_HUGEPAGE) }
        #endif
        pointer = block
    }

    /// A new block holding a copy of this one.
    func copy() throws(ImageError) -> NDArrayStorage {
        let other = try NDArrayStorage(capacity: capacity, zeroed: false)
        other.pointer.copyMemory(from: pointer, byteCount: capacity)
        return other
    }

    deinit {
        if mapped == nil { free(pointer) }
    }
}
