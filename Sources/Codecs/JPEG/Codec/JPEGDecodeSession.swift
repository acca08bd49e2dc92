import CJPEGShim
import ImageKernel

/// One libjpeg decompress object over a byte array, freed when the session ends.
///
/// Only used inside a `withUnsafeBufferPointer` scope of the input, which must outlive the session.
final class JPEGDecodeSession {
    private let handle: OpaquePointer
    /// The header, after ``readHeader()``; the output fields after ``setScale(_:)``.
    private(set) var info = imago_jpeg_info()

    init(_ data: UnsafeBufferPointer<UInt8>, limits: Limits, allowTruncated: Bool) throws(ImageError) {
        let maxMemory = limits.maxBytes == .max ? 0 : max(limits.maxBytes, 16 << 20)
        guard let handle = imago_jpeg_decoder_create(
            data.baseAddress, data.count, maxMemory, limits.maxMetadataBytes, Int32(JPEG.maxScans), allowTruncated ? 1 : 0)
        else { throw ImageError(.limitExceeded, "cannot allocate a JPEG decoder") }
        self.handle = handle
    }

    deinit { imago_jpeg_decoder_destroy(handle) }

    /// The last message libjpeg produced (error or warning).
    var message: String { String(cString: imago_jpeg_message(handle)) }

    /// How many warnings (corrupt-data notices libjpeg recovered from) were emitted so far.
    var warningCount: Int { Int(imago_jpeg_warning_count(handle)) }

    private func check(_ status: imago_jpeg_status) throws(ImageError) {
        guard status == IMAGO_JPEG_OK else { throw .jpeg(status, message: message) }
    }

    /// Reads the markers up to the first scan; no entropy-coded data is decoded.
    func readHeader() throws(ImageError) {
        try check(imago_jpeg_read_header(handle, &info))
    }

    /// Chooses DCT scaling `eighths`/8 and fills the output size.
    func setScale(_ eighths: Int) throws(ImageError) {
        try check(imago_jpeg_set_scale(handle, Int32(eighths), &info))
    }

    /// Chooses the inverse DCT and, with `grayscale`, libjpeg's gray output for a 3-component file; refills the
    /// output fields.
    func setOutput(fastDCT: Bool, grayscale: Bool) throws(ImageError) {
        try check(imago_jpeg_set_output(handle, fastDCT ? 1 : 0, grayscale ? 1 : 0, &info))
    }

    /// The APP1 and APP2 segments read before the first scan, in file order.
    func segments() -> [JPEGSegment] {
        let count = imago_jpeg_marker_count(handle)
        var result: [JPEGSegment] = []
        for index in 0..<count {
            var pointer: UnsafePointer<UInt8>?
            var length = 0
            var afterSOF: Int32 = 0
            let marker = imago_jpeg_marker(handle, index, &pointer, &length, &afterSOF)
            guard marker != 0 else { continue }
            let bytes = pointer.map { Array(UnsafeBufferPointer(start: $0, count: length)) } ?? []
            result.append(JPEGSegment(marker: Int(marker), bytes: bytes, afterSOF: afterSOF != 0))
        }
        return result
    }

    /// Decodes every row into `bytes` (`rowStride` apart); returns the rows written before any error.
    func decode(into bytes: UnsafeMutableRawBufferPointer, rowStride: Int, invert: Bool) throws(ImageError) {
        guard let base = bytes.baseAddress else { throw .invalidArgument("empty destination buffer") }
        var rows: UInt32 = 0
        try check(imago_jpeg_decode(
            handle, base.assumingMemoryBound(to: UInt8.self), rowStride, bytes.count, invert ? 1 : 0, &rows))
    }
}
