import CTIFFShim
import ImageKernel

/// An open libtiff handle on bytes in memory, used only inside ``TIFFFile/open(_:limits:_:)``.
struct TIFFFile: ~Copyable {
    private let handle: OpaquePointer

    /// Opens `data` (read in place, not copied) for the duration of `body`; every libtiff allocation is bounded
    /// by `limits.maxBytes`. `chopStrips` lets libtiff cut a single uncompressed strip into strips of about 8 KB, so
    /// that a truncated file keeps its complete rows (what a partial decode wants); without it such a strip is read
    /// whole, in one read into the pixels.
    static func open<R>(_ data: [UInt8], limits: Limits, chopStrips: Bool = true,
                        _ body: (borrowing TIFFFile) throws(ImageError) -> R) throws(ImageError) -> R {
        try data.withUnsafeBufferPointer { bytes throws(ImageError) -> R in
            let file = try TIFFFile(bytes, limits: limits, chopStrips: chopStrips)
            return try body(file)
        }
    }

    /// Opens a file read on demand through `source` (random access, nothing read up front) for the duration of
    /// `body`. A failure of the source is thrown in place of what libtiff made of it. `chopStrips` as for
    /// ``open(_:limits:chopStrips:_:)``.
    static func open<R>(reading source: any ByteSource, limits: Limits, chopStrips: Bool = true,
                        _ body: (borrowing TIFFFile) throws(ImageError) -> R) throws(ImageError) -> R {
        let reader = TIFFSourceReader(source)
        defer { withExtendedLifetime(reader) {} }
        var handle: OpaquePointer?
        let status = imago_tiff_open_reader(UInt64(source.count), { context, offset, buffer, count in
            guard let context else { return -1 }
            return Unmanaged<TIFFSourceReader>.fromOpaque(context).takeUnretainedValue()
                .read(at: offset, into: buffer, count: count)
        }, Unmanaged.passUnretained(reader).toOpaque(), Int64(clamping: limits.maxBytes), chopStrips ? 1 : 0, &handle)
        do {
            let file = try TIFFFile(handle: handle, status: status)
            return try body(file)
        } catch {
            throw reader.failure ?? error
        }
    }

    private init(_ bytes: UnsafeBufferPointer<UInt8>, limits: Limits, chopStrips: Bool) throws(ImageError) {
        var handle: OpaquePointer?
        let status = imago_tiff_open(bytes.baseAddress, bytes.count, Int64(clamping: limits.maxBytes), chopStrips ? 1 : 0,
                                     &handle)
        try self.init(handle: handle, status: status)
    }

    private init(handle: OpaquePointer?, status: ImagoTIFFStatus) throws(ImageError) {
        guard let handle else {
            throw ImageError.outOfMemory("opening the TIFF handle")
        }
        if status != IMAGO_TIFF_OK {
            let message = shimString(imago_tiff_message(handle))
            imago_tiff_close(handle)
            try status.check("reading the header", message: message)
        }
        self.handle = handle
    }

    deinit {
        imago_tiff_close(handle)
    }

    /// libtiff's first captured error (or last warning).
    var message: String { shimString(imago_tiff_message(handle)) }

    /// Whether libtiff skipped tags of the current directory because their bytes lie past the end of the data.
    var isIncomplete: Bool { imago_tiff_incomplete(handle) != 0 }

    /// Number of pages in the IFD chain (libtiff stops at a loop).
    var pageCount: Int { Int(imago_tiff_page_count(handle)) }

    /// Makes page `index` current and returns its tags.
    func select(_ index: Int) throws(ImageError) -> ImagoTIFFPage {
        var page = ImagoTIFFPage()
        try imago_tiff_select(handle, Int32(clamping: index), &page).check("reading page \(index)", message: message)
        return page
    }

    var iccProfile: [UInt8]? {
        var bytes: UnsafePointer<UInt8>?
        var size: UInt32 = 0
        imago_tiff_icc(handle, &bytes, &size)
        guard let bytes, size > 0 else { return nil }
        return Array(UnsafeBufferPointer(start: bytes, count: Int(size)))
    }

    var xmp: [UInt8]? {
        var bytes: UnsafePointer<UInt8>?
        var size: UInt32 = 0
        imago_tiff_xmp(handle, &bytes, &size)
        guard let bytes, size > 0 else { return nil }
        return Array(UnsafeBufferPointer(start: bytes, count: Int(size)))
    }

    /// The ASCII tag `tag` of the current page.
    func text(_ tag: UInt32) -> String? {
        guard let value = imago_tiff_text(handle, tag) else { return nil }
        return shimString(value)
    }

    /// The current page's EXIF as libtiff reads it (see `imago_tiff_read_exif`): IFD0 entries with a tag of
    /// `primaryTags`, then the Exif and GPS sub-IFDs' entries, values as stored, at most `maxBytes` together, and
    /// how many entries were left out as unreadable; or why nothing could be read. Leaves no page current (select one before decoding).
    func exifEntries(primaryTags: [UInt16], maxBytes: Int) -> Result<(entries: [ExifEntry], skipped: Int), TIFFExifFailure> {
        var read = ImagoTIFFExifRead()
        let status = primaryTags.withUnsafeBufferPointer { tags in
            imago_tiff_read_exif(handle, tags.baseAddress, UInt32(tags.count), UInt64(clamping: maxBytes), &read)
        }
        guard status == IMAGO_TIFF_OK else {
            let message = withUnsafeBytes(of: &read.message) { shimString($0.baseAddress?.assumingMemoryBound(to: CChar.self)) }
            return .failure(TIFFExifFailure(message: message))
        }
        let skipped = Int(read.skipped)
        guard let entries = read.entries, let values = read.values else { return .success(([], skipped)) }
        let all = UnsafeBufferPointer(start: values, count: Int(read.values_size))
        return .success((UnsafeBufferPointer(start: entries, count: Int(read.entry_count)).map { entry in
            let ifd: ExifIFD = switch entry.directory { case 1: .exif; case 2: .gps; default: .primary }
            let start = Int(entry.offset)
            return ExifEntry(ifd: ifd, tag: Int(entry.tag), type: Int(entry.type), count: Int(entry.count),
                             value: .bytes(Array(all[start..<start + Int(entry.size)])), valueOffset: start)
        }, skipped))
    }

    /// Decodes the current page into `buffer` (already shaped) along `plan`. Returns whether data was skipped.
    func decode(_ plan: TIFFPagePlan, into buffer: inout ImageBuffer, options: DecodeOptions) throws(ImageError) -> Bool {
        let handle = self.handle
        var partial: Int32 = 0
        let stride = buffer.rowStride
        let status: ImagoTIFFStatus = buffer.withUnsafeMutableBytes { out in
            let base = out.baseAddress?.assumingMemoryBound(to: UInt8.self)
            switch plan.route {
            case .samples(var conversion):
                conversion.allow_partial = options.allowTruncated ? 1 : 0
                return imago_tiff_decode(handle, &conversion, base, stride, out.count, options.limits.maxBytes, &partial)
            case .rgba:
                return imago_tiff_decode_rgba(handle, Int32(plan.format.channelCount), base, stride, out.count,
                                              options.allowTruncated ? 1 : 0, &partial)
            }
        }
        try status.check("decoding the pixels", message: message)
        return partial != 0
    }
}

/// Why a TIFF page's EXIF was not read (the shim's message).
struct TIFFExifFailure: Error {
    var message: String
}

/// The bridge from libtiff's read callback to a ``ByteSource``; keeps the first failure for Swift to rethrow.
///
/// libtiff reads a directory in many small pieces (the header, the entry count, the entries, each value stored apart);
/// reads under ``blockSize`` bytes are served from one block read at a time, so that a decode costs a few calls to
/// the source instead of dozens. Larger reads (strips, tiles) go straight to the source, into libtiff's buffer.
private final class TIFFSourceReader {
    let source: any ByteSource
    var failure: ImageError?
    /// The bytes of the source at `blockStart...`.
    private var block: [UInt8] = []
    private var blockStart = 0
    static let blockSize = 4096

    init(_ source: any ByteSource) { self.source = source }

    /// Fills `buffer` with `count` bytes at `offset` (fewer at the end of the source); -1 when the source failed.
    func read(at offset: UInt64, into buffer: UnsafeMutableRawPointer?, count: Int64) -> Int64 {
        guard let buffer, count > 0, let start = Int(exactly: offset), let wanted = Int(exactly: count) else { return 0 }
        if wanted < Self.blockSize {
            if start < blockStart || start - blockStart + wanted > block.count {
                do {
                    block = try source.bytes(at: start, count: Self.blockSize)
                    blockStart = start
                } catch {
                    if failure == nil { failure = error }
                    block = []
                    return -1
                }
            }
            let available = min(wanted, max(0, block.count - (start - blockStart)))
            if available > 0 {
                block.withUnsafeBytes { bytes in
                    buffer.copyMemory(from: bytes.baseAddress! + (start - blockStart), byteCount: available)
                }
            }
            return Int64(available)
        }
        var filled = 0
        do {
            while filled < wanted {
                let n = try source.read(into: UnsafeMutableRawBufferPointer(start: buffer + filled, count: wanted - filled),
                                        at: start + filled)
                if n <= 0 { break }
                filled += n
            }
        } catch {
            if failure == nil { failure = error }
            return -1
        }
        return Int64(filled)
    }
}
