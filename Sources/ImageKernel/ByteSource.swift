/// Random-access bytes of known length: a file read on demand (`FileByteSource` in Registry) or bytes in memory
/// (``ByteArraySource``). Header probes read through it only what they need (`ImageDecoder.probe(_:limits:)` with a source).
///
/// Not required to be `Sendable`: a source is used by one call at a time.
public protocol ByteSource {
    /// The total length in bytes.
    var count: Int { get }

    /// Copies up to `buffer.count` bytes starting at `offset` into `buffer` and returns how many it copied
    /// (fewer only at the end of the source; 0 at or past it). Throws ``ImageError/Kind/io`` when reading fails.
    func read(into buffer: UnsafeMutableRawBufferPointer, at offset: Int) throws(ImageError) -> Int
}

extension ByteSource {
    /// The bytes `offset..<offset + count`, clipped to the end of the source.
    public func bytes(at offset: Int, count: Int) throws(ImageError) -> [UInt8] {
        let available = max(0, min(count, self.count - offset))
        guard available > 0 else { return [] }
        // Uninitialised storage: `read` fills it (a zero-fill first would write every page twice); only the bytes
        // read count.
        var failure: ImageError?
        let bytes = [UInt8](unsafeUninitializedCapacity: available) { buffer, initialized in
            let raw = UnsafeMutableRawBufferPointer(buffer)
            var filled = 0
            while filled < available {
                do throws(ImageError) {
                    let n = try read(into: UnsafeMutableRawBufferPointer(rebasing: raw[filled...]), at: offset + filled)
                    if n <= 0 { break }
                    filled += n
                } catch {
                    failure = error
                    break
                }
            }
            initialized = failure == nil ? filled : 0
        }
        if let failure { throw failure }
        return bytes
    }

    /// Every byte of the source.
    public func allBytes() throws(ImageError) -> [UInt8] { try bytes(at: 0, count: count) }
}

/// Bytes in memory as a ``ByteSource``.
public struct ByteArraySource: ByteSource, Sendable {
    /// The bytes.
    public var bytes: [UInt8]

    /// A source over `bytes`.
    public init(_ bytes: [UInt8]) { self.bytes = bytes }

    /// The number of bytes.
    public var count: Int { bytes.count }

    /// Copies from the array; never throws.
    public func read(into buffer: UnsafeMutableRawBufferPointer, at offset: Int) throws(ImageError) -> Int {
        guard offset >= 0, offset < bytes.count else { return 0 }
        let n = min(buffer.count, bytes.count - offset)
        bytes.withUnsafeBytes { source in
            buffer.baseAddress!.copyMemory(from: source.baseAddress! + offset, byteCount: n)
        }
        return n
    }
}

/// Probing through a growing prefix: for formats whose header sits at the start of the file (JPEG, PNG, PNM).
///
/// The probe runs on the first ``initialLength`` bytes; when it fails and the source is longer, it runs again on a
/// prefix eight times as long, up to the whole source, whose result (or error) is final. Only the bytes added at each
/// step are read. A failure about limits, memory or arguments is final at once: more data cannot change it.
///
/// A format may use it only when its probe never succeeds with a wrong answer on a prefix (a header cut short must
/// throw): frame counts of animations spread over the file, for instance, need the whole file or random access.
public enum PrefixProbe {
    /// The first prefix tried: 64 KiB, enough for almost every header with its ICC profile and EXIF block.
    public static let initialLength = 64 * 1024

    /// `probe` run on growing prefixes of `source` (see the type's documentation).
    public static func probe(_ source: any ByteSource, initialLength: Int = PrefixProbe.initialLength,
                             _ probe: ([UInt8]) throws -> ImageMetadata) throws -> ImageMetadata {
        let total = source.count
        var prefix = try source.bytes(at: 0, count: min(total, max(1, initialLength)))
        while true {
            do {
                return try probe(prefix)
            } catch let error as ImageError where prefix.count < total && isWorthMoreData(error) {
                let next = prefix.count > total / 8 ? total : prefix.count * 8
                prefix += try source.bytes(at: prefix.count, count: next - prefix.count)
            }
        }
    }

    private static func isWorthMoreData(_ error: ImageError) -> Bool {
        switch error.kind {
        case .limitExceeded, .outOfMemory, .invalidArgument, .io: false
        default: true
        }
    }
}
