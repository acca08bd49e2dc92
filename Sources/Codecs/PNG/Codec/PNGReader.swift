#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import CPNGShim
import ImageKernel

/// One pass over a PNG file through the C shim: owns the libpng reader and frees it on every path.
final class PNGReader {
    private let reader: OpaquePointer
    /// The IHDR facts and the metadata chunks before the first IDAT.
    private(set) var header = imago_png_header()

    /// Opens a reader over `data`, which must stay alive (and unmoved) as long as this reader.
    init(data: UnsafeRawBufferPointer, limits: Limits, checksums: PNGDecoder.ChecksumPolicy) throws(ImageError) {
        var settings = imago_png_settings(
            // libpng's own per-dimension limit is opened to PNG's maximum (2^31 - 1): the callers check `limits`
            // after the header and before allocating, and name the refused size.
            max_width: 0x7FFF_FFFF,
            max_height: 0x7FFF_FFFF,
            max_chunk_bytes: limits.maxMetadataBytes <= 0 ? 1 : min(limits.maxMetadataBytes, Int.max),
            max_cached_chunks: 1000,
            relaxed_idat_crc: checksums == .strict ? 0 : 1)
        let base = data.baseAddress?.assumingMemoryBound(to: UInt8.self)
        guard let reader = imago_png_open(base, data.count, &settings) else {
            throw .limitExceeded("memory for a PNG reader failed; bytes", value: 0, maximum: 0)
        }
        self.reader = reader
    }

    deinit { imago_png_close(reader) }

    /// Reads the signature and every chunk up to the first IDAT.
    func readHeader() throws(ImageError) {
        try check(imago_png_read_header(reader, &header))
    }

    var colorType: PNGColorType {
        get throws(ImageError) {
            guard let type = PNGColorType(rawValue: header.color_type) else {
                throw .corrupt("invalid PNG colour type \(header.color_type)")
            }
            return type
        }
    }

    /// The pixel format of a native decode.
    var pixelFormat: PixelFormat {
        get throws(ImageError) {
            try colorType.pixelFormat(bitDepth: header.bit_depth, hasTransparency: header.has_trns != 0)
        }
    }

    /// Sets up the output transforms and checks that libpng will produce exactly `format` rows.
    func start(expecting format: PixelFormat, width: Int) throws(ImageError) {
        var channels: Int32 = 0, depth: Int32 = 0, rowBytes = 0
        try check(imago_png_start(reader, &channels, &depth, &rowBytes))
        guard Int(channels) == format.channelCount, Int(depth) == format.sampleType.byteCount * 8,
              rowBytes == width * format.bytesPerPixel else {
            throw .corrupt("libpng produces \(channels) channels of \(depth) bits (\(rowBytes) bytes a row), expected \(format)")
        }
    }

    /// Decodes every row straight into `buffer`. Returns the number of complete rows (all of them unless truncated data was allowed).
    func readImage(into buffer: inout ImageBuffer, allowTruncated: Bool) throws(ImageError) -> Int {
        let stride = buffer.rowStride
        var rows: UInt32 = 0
        let status = buffer.withUnsafeMutableBytes { bytes in
            imago_png_read_image(reader, bytes.baseAddress?.assumingMemoryBound(to: UInt8.self), stride,
                                 allowTruncated ? 1 : 0, &rows)
        }
        try check(status)
        return Int(rows)
    }

    /// Reads the chunks after the image data.
    func readEnd() throws(ImageError) {
        try check(imago_png_read_end(reader))
    }

    var warnings: String { String(cString: imago_png_warnings(reader)) }

    var iccProfile: [UInt8]? {
        var pointer: UnsafePointer<UInt8>?
        var length: UInt32 = 0
        guard imago_png_icc(reader, &pointer, &length) != 0, let pointer else { return nil }
        return Array(UnsafeBufferPointer(start: pointer, count: Int(length)))
    }

    var exif: [UInt8]? {
        var pointer: UnsafePointer<UInt8>?
        var length: UInt32 = 0
        guard imago_png_exif(reader, &pointer, &length) != 0, let pointer else { return nil }
        return Array(UnsafeBufferPointer(start: pointer, count: Int(length)))
    }

    /// tEXt and zTXt entries (Latin-1) and iTXt entries (UTF-8), in file order.
    var text: [TextEntry] {
        (0..<imago_png_text_count(reader)).compactMap { index in
            var entry = imago_png_text_entry()
            guard imago_png_text(reader, index, &entry) != 0, let key = entry.key, let text = entry.text else { return nil }
            let value = UnsafeBufferPointer(start: UnsafeRawPointer(text).assumingMemoryBound(to: UInt8.self), count: entry.text_length)
            let keyBytes = UnsafeBufferPointer(start: UnsafeRawPointer(key).assumingMemoryBound(to: UInt8.self), count: strlen(key))
            return TextEntry(key: Self.latin1(keyBytes), value: entry.is_utf8 != 0 ? String(decoding: value, as: UTF8.self) : Self.latin1(value))
        }
    }

    /// Latin-1 bytes as a String (transcoded to UTF-8 byte by byte).
    private static func latin1(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        if !bytes.contains(where: { $0 >= 0x80 }) { return String(decoding: bytes, as: UTF8.self) }
        var utf8: [UInt8] = []
        utf8.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            if byte < 0x80 {
                utf8.append(byte)
            } else {
                utf8.append(0xC0 | byte >> 6)
                utf8.append(0x80 | byte & 0x3F)
            }
        }
        return String(decoding: utf8, as: UTF8.self)
    }

    private func check(_ status: imago_png_status) throws(ImageError) {
        if status == IMAGO_PNG_OK { return }
        let message = String(cString: imago_png_message(reader))
        switch status {
        case IMAGO_PNG_TRUNCATED: throw .truncated("PNG data is truncated (\(message))")
        case IMAGO_PNG_LIMIT: throw ImageError(.limitExceeded, "PNG exceeds the decode limits: \(message)")
        case IMAGO_PNG_UNSUPPORTED: throw .unsupported(message)
        case IMAGO_PNG_NO_MEMORY: throw .outOfMemory("in libpng (decoding: \(message))")
        case IMAGO_PNG_INVALID: throw .invalidArgument(message)
        default: throw .corrupt("invalid PNG: \(message)")
        }
    }
}
