import CTIFFShim
import ImageKernel

/// An open libtiff handle on bytes in memory, used only inside ``TIFFFile/open(_:limits:_:)``.
struct TIFFFile: ~Copyable {
    private let handle: OpaquePointer

    /// Opens `data` (read in place, not copied) for the duration of `body`; every libtiff allocation is bounded
    /// by `limits.maxBytes`.
    static func open<R>(_ data: [UInt8], limits: Limits, _ body: (borrowing TIFFFile) throws(ImageError) -> R) throws(ImageError) -> R {
        try data.withUnsafeBufferPointer { bytes throws(ImageError) -> R in
            let file = try TIFFFile(bytes, limits: limits)
            return try body(file)
        }
    }

    private init(_ bytes: UnsafeBufferPointer<UInt8>, limits: Limits) throws(ImageError) {
        var handle: OpaquePointer?
        let status = imago_tiff_open(bytes.baseAddress, bytes.count, Int64(clamping: limits.maxBytes), &handle)
        guard let handle else {
            throw ImageError.limitExceeded("allocation of the TIFF handle failed; bytes", value: 0, maximum: 0)
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
