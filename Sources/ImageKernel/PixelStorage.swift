#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The heap block behind an ``ImageBuffer`` (and Imago's `NDArray`): 64-byte aligned (4 KiB from 1 MiB up; a
/// decoder's small output 8 bytes past that, see ``Placement``), never resized, zero-filled unless the caller
/// promises to write every byte.
///
/// Two policies keep large buffers cheap to fill:
/// - Blocks below glibc's largest dynamic mmap threshold (32 MiB) come from the heap, so a loop that makes one
///   buffer per image reuses the memory the previous one freed instead of faulting in fresh pages each time. They
///   are aligned by hand inside a plain `malloc` block: `posix_memalign` asks for more than the block freed before,
///   which keeps such requests above glibc's threshold and mapped afresh every time.
///   They are not advised for huge pages: measured on a 1920x1080 load + float conversion, the advice made the
///   kernel zero whole 2 MiB pages whenever glibc handed heap memory back and forth (1.16x the C baseline with
///   it, 0.98x without).
/// - Larger blocks are mapped directly, 2 MiB-aligned and advised for transparent huge pages (as numpy does for
///   large arrays): fresh zero pages, faulted in 2 MiB at a time rather than 4 KiB.
///
/// Mutation is only reached through ``ImageBuffer``'s copy-on-write accessors, which makes the
/// `@unchecked Sendable` conformance true in practice.
package final class PixelStorage: @unchecked Sendable {
    /// Start of the usable bytes.
    package let pointer: UnsafeMutableRawPointer
    /// Usable bytes.
    package let capacity: Int
    /// The `malloc` block that holds ``pointer`` (heap blocks).
    private let heapBlock: UnsafeMutableRawPointer?
    private let mappedBase: UnsafeMutableRawPointer?
    private let mappedLength: Int

    /// Blocks at least this large are mapped rather than taken from the heap (glibc's `DEFAULT_MMAP_THRESHOLD_MAX`).
    package static let mappingThreshold = 32 << 20
    private static let hugePageSize = 2 << 20
    /// Heap blocks at least this large (1 MiB) start on a 4 KiB page boundary rather than a 64-byte one, so that a
    /// whole batch can be written to a file with direct I/O, which needs the memory aligned like the file offset.
    package static let pageAlignmentThreshold = 1 << 20

    /// Where a heap block's usable bytes start.
    package enum Placement: Sendable {
        /// On a 64-byte boundary (4 KiB from ``pageAlignmentThreshold`` up).
        case aligned
        /// 8 bytes past a 64-byte boundary, for a decoder's output that is read again at once (see
        /// ``cachedStoresOffset``). Blocks from ``pageAlignmentThreshold`` up stay aligned.
        case cachedStores
    }

    /// The offset of ``Placement/cachedStores`` blocks: libjpeg-turbo's SIMD colour converters and merged upsamplers
    /// write an output row that starts on a 16-byte (SSE2) or 32-byte (AVX2) boundary with non-temporal stores,
    /// which go past the cache: a 640x427 decode then left its pixels in memory, and the resize that read them
    /// next took 2.5 times as long as from the cache (the decode itself 2% longer). 8 bytes past the boundary, every
    /// row of a stride that is a multiple of 32 is written through the cache.
    package static let cachedStoresOffset = 8

    /// Allocates `capacity` bytes, zero-filled unless `zeroed` is false (then the caller must write every byte
    /// before anything reads them). `hugePages` advises the whole 2 MiB pages inside a heap block for transparent
    /// huge pages too: for large arrays that are filled completely and kept for reuse (a dataset's batches), where
    /// faulting in 4 KiB at a time costs more than the zeroing. `placement` chooses where the bytes start.
    package init(capacity: Int, zeroed: Bool = true, hugePages: Bool = false, placement: Placement = .aligned) throws(ImageError) {
        let size = max(capacity, 1)
        self.capacity = capacity
        if size >= PixelStorage.mappingThreshold {
            let (length, overflow) = size.addingReportingOverflow(PixelStorage.hugePageSize)
            guard !overflow else { throw .limitExceeded("allocation size", value: size, maximum: .max) }
            #if canImport(Glibc) || canImport(Musl)
            let flags = MAP_PRIVATE | MAP_ANONYMOUS
            #else
            let flags = MAP_PRIVATE | MAP_ANON
            #endif
            guard let base = mmap(nil, length, PROT_READ | PROT_WRITE, flags, -1, 0), base != MAP_FAILED else {
                throw PixelStorage.allocationFailed(size)
            }
            let aligned = PixelStorage.alignUp(base, to: PixelStorage.hugePageSize)
            PixelStorage.adviseHugePages(aligned, size)
            pointer = aligned
            heapBlock = nil
            mappedBase = base
            mappedLength = length
        } else {
            // Aligned by hand inside a `malloc` block rather than with `posix_memalign`: glibc serves an aligned
            // request of a few MiB by asking for more than the block it freed last, so its dynamic mmap threshold
            // never lets such blocks into the heap and every buffer was mapped and faulted in afresh.
            let alignment = size >= PixelStorage.pageAlignmentThreshold ? 4096 : 64
            let offset = placement == .cachedStores && alignment == 64 ? PixelStorage.cachedStoresOffset : 0
            let (padded, overflow) = size.addingReportingOverflow(alignment + offset)
            guard !overflow else { throw .limitExceeded("allocation size", value: size, maximum: .max) }
            guard let block = malloc(padded) else { throw PixelStorage.allocationFailed(size) }
            let aligned = PixelStorage.alignUp(block, to: alignment) + offset
            if hugePages && size >= 2 * PixelStorage.hugePageSize {
                let start = PixelStorage.alignUp(aligned, to: PixelStorage.hugePageSize)
                let end = UInt(bitPattern: aligned + size) & ~UInt(PixelStorage.hugePageSize - 1)
                PixelStorage.adviseHugePages(start, Int(end) - Int(bitPattern: start))
            }
            if zeroed { memset(aligned, 0, size) }
            pointer = aligned
            heapBlock = block
            mappedBase = nil
            mappedLength = 0
        }
    }

    /// A new block holding a copy of the first `count` bytes of this one (the rest zeroed).
    package func copy(count: Int) throws(ImageError) -> PixelStorage {
        let copied = min(count, capacity)
        let other = try PixelStorage(capacity: capacity, zeroed: copied < capacity)
        other.pointer.copyMemory(from: pointer, byteCount: copied)
        return other
    }

    deinit {
        if let mappedBase {
            munmap(mappedBase, mappedLength)
        } else {
            free(heapBlock)
        }
    }

    private static func alignUp(_ pointer: UnsafeMutableRawPointer, to alignment: Int) -> UnsafeMutableRawPointer {
        let mask = UInt(alignment - 1)
        return UnsafeMutableRawPointer(bitPattern: (UInt(bitPattern: pointer) + mask) & ~mask)!
    }

    private static func adviseHugePages(_ pointer: UnsafeMutableRawPointer, _ size: Int) {
        #if canImport(Glibc)
        _ = madvise(pointer, size, MADV_HUGEPAGE)
        #endif
    }

    private static func allocationFailed(_ size: Int) -> ImageError {
        .outOfMemory("allocating a pixel buffer", bytes: size)
    }
}
