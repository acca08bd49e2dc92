#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The heap block behind an ``ImageBuffer``: zero-filled, 64-byte aligned, never resized.
///
/// Blocks of 4 MiB and more are mapped directly and advised for transparent huge pages (what numpy does),
/// which avoids a storm of 4 KiB first-touch page faults when a decoder fills a large buffer.
/// Mutation is only reached through ``ImageBuffer``'s copy-on-write accessors, which makes the
/// `@unchecked Sendable` conformance true in practice.
public final class PixelStorage: @unchecked Sendable {
    /// Start of the usable bytes.
    public let pointer: UnsafeMutableRawPointer
    /// Usable bytes.
    public let capacity: Int
    private let mappedBase: UnsafeMutableRawPointer?
    private let mappedLength: Int

    /// Blocks at least this large are mapped and advised for huge pages.
    public static let hugePageThreshold = 4 << 20
    private static let hugePageSize = 2 << 20

    /// Allocates `capacity` bytes: zeroed, or (`zeroed: false`, for a decoder that overwrites every byte)
    /// uninitialised from the C heap exactly as numpy allocates arrays (`malloc`, plus `madvise(MADV_HUGEPAGE)`
    /// from 4 MiB), so that repeated decodes reuse warm heap pages instead of faulting in fresh ones.
    public init(capacity: Int, zeroed: Bool = true) throws(ImageError) {
        let size = max(capacity, 1)
        self.capacity = capacity
        if !zeroed {
            guard let p = malloc(size) else {
                throw .limitExceeded("allocation of \(size) bytes failed; size", value: size, maximum: size - 1)
            }
            #if canImport(Glibc)
            if size >= PixelStorage.hugePageThreshold {
                let offset = 4096 - Int(bitPattern: UInt(bitPattern: p) % 4096)
                _ = madvise(p + offset, size - offset, MADV_HUGEPAGE)
            }
            #endif
            pointer = p
            mappedBase = nil
            mappedLength = 0
        } else if size >= PixelStorage.hugePageThreshold {
            let (length, overflow) = size.addingReportingOverflow(PixelStorage.hugePageSize)
            guard !overflow else { throw .limitExceeded("allocation size", value: size, maximum: .max) }
            #if canImport(Glibc)
            let flags = MAP_PRIVATE | MAP_ANONYMOUS
            #else
            let flags = MAP_PRIVATE | MAP_ANON
            #endif
            guard let base = mmap(nil, length, PROT_READ | PROT_WRITE, flags, -1, 0), base != MAP_FAILED else {
                throw .limitExceeded("allocation of \(size) bytes failed; size", value: size, maximum: size - 1)
            }
            let address = UInt(bitPattern: base)
            let mask = UInt(PixelStorage.hugePageSize - 1)
            let aligned = UnsafeMutableRawPointer(bitPattern: (address + mask) & ~mask)!
            #if canImport(Glibc)
            _ = madvise(aligned, size, MADV_HUGEPAGE)
            #endif
            pointer = aligned
            mappedBase = base
            mappedLength = length
        } else {
            guard let p = calloc(size, 1) else {
                throw .limitExceeded("allocation of \(size) bytes failed; size", value: size, maximum: size - 1)
            }
            pointer = p
            mappedBase = nil
            mappedLength = 0
        }
    }

    /// A new block holding a copy of the first `count` bytes of this one.
    func copy(count: Int) throws(ImageError) -> PixelStorage {
        let other = try PixelStorage(capacity: capacity)
        other.pointer.copyMemory(from: pointer, byteCount: min(count, capacity))
        return other
    }

    deinit {
        if let mappedBase {
            munmap(mappedBase, mappedLength)
        } else {
            free(pointer)
        }
    }
}
