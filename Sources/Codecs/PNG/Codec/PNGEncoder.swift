#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import CPNGShim
import ImageKernel

/// Encodes 8- and 16-bit gray, gray+alpha, RGB and RGBA images as PNG with libpng, optionally as a palette image,
/// with an ICC profile (iCCP), EXIF (eXIf), XMP (iTXt `XML:com.adobe.xmp`), text (tEXt, or iTXt for non-Latin-1 text) and resolution (pHYs).
///
/// Options: `EncodeOptions/compressionLevel` (0...9, default 6) and ``PNGEncodeOptions``. CMYK and float
/// images are refused with `unsupported`.
public struct PNGEncoder: ImageEncoder {
    /// An encoder; it keeps no state, so one value can serve every thread.
    public init() {}

    /// 8- and 16-bit gray, gray+alpha, RGB and RGBA: every PNG colour type but palette (written from `rgb8`/`rgba8`
    /// with ``PNGEncodeOptions/palette``).
    public var supportedPixelFormats: Set<PixelFormat> {
        [.gray8, .gray16, .grayAlpha8, .grayAlpha16, .rgb8, .rgb16, .rgba8, .rgba16]
    }

    /// The bytes of a complete PNG file (16-bit samples big-endian, as PNG stores them).
    /// - Parameters:
    ///   - image: an image in one of ``supportedPixelFormats``.
    ///   - options: the compression level, ICC profile, EXIF, XMP, text and resolution, and ``PNGEncodeOptions``.
    /// - Throws: `ImageError/Kind/unsupported` for CMYK or float images, `ImageError/Kind/invalidArgument` for a
    ///   level out of 0...9, a bad text key or resolution, or a palette request the image cannot satisfy;
    ///   `ImageError/Kind/encodeFailed` (or `outOfMemory`) when libpng fails.
    public func encode(_ image: ImageBuffer, options: EncodeOptions) throws -> [UInt8] {
        try requireSupported(image.format, codec: "PNG")
        let png = options.codecOptions(PNGEncodeOptions.self) ?? PNGEncodeOptions()
        guard image.width > 0, image.height > 0, image.width <= 0x7FFF_FFFF, image.height <= 0x7FFF_FFFF else {
            throw ImageError.invalidArgument("a PNG image must be 1...2147483647 pixels on each side, not \(image.width)x\(image.height)")
        }
        let level = png.compressionLevel ?? options.compressionLevel ?? 6
        guard (0...9).contains(level) else { throw ImageError.invalidArgument("PNG compression level \(level) is outside 0...9") }
        var texts = try options.text.filter { options.xmp == nil || $0.key != PNGTextChunk.xmpKey }
            .map { try PNGTextChunk($0, compress: png.compressText) }
        if let xmp = options.xmp {
            // Written as an uncompressed iTXt chunk, as Pillow and Adobe write it.
            var chunk = try PNGTextChunk(TextEntry(key: PNGTextChunk.xmpKey, value: String(decoding: xmp, as: UTF8.self)), compress: false)
            chunk.utf8 = true
            texts.append(chunk)
        }
        let phys = try PNGPhysicalResolution(options.resolution)
        var exif = options.exif
        if let block = exif, block.starts(with: [0x45, 0x78, 0x69, 0x66, 0, 0]) { exif = Array(block.dropFirst(6)) }

        var params = imago_png_write_params()
        params.width = UInt32(image.width)
        params.height = UInt32(image.height)
        params.interlaced = png.interlaced ? 1 : 0
        params.level = Int32(level)
        params.filters = png.filterMask
        params.has_phys = phys == nil ? 0 : 1
        params.phys_x = phys?.x ?? 0
        params.phys_y = phys?.y ?? 0
        params.phys_unit = phys?.unit ?? 0

        if png.palette {
            let palette = try PNGPalette(image)
            params.bit_depth = palette.bitDepth
            params.color_type = 3
            params.palette_count = Int32(palette.colors.count / 3)
            params.trns_count = Int32(palette.alphas.count)
            return try palette.colors.withUnsafeBufferPointer { colors in
                try palette.alphas.withUnsafeBufferPointer { alphas in
                    params.palette = colors.baseAddress
                    params.trns = alphas.isEmpty ? nil : alphas.baseAddress
                    return try palette.indices.withUnsafeBytes { rows in
                        try write(&params, rows: rows, stride: image.width, icc: options.iccProfile, exif: exif, texts: texts)
                    }
                }
            }
        }
        params.bit_depth = image.format.sampleType == .uint16 ? 16 : 8
        params.color_type = switch image.format.layout {
        case .gray: 0
        case .rgb: 2
        case .grayAlpha: 4
        default: 6
        }
        return try image.withUnsafeBytes { rows in
            try write(&params, rows: rows, stride: image.rowStride, icc: options.iccProfile, exif: exif, texts: texts)
        }
    }

    private func write(_ params: inout imago_png_write_params, rows: UnsafeRawBufferPointer, stride: Int,
                       icc: [UInt8]?, exif: [UInt8]?, texts: [PNGTextChunk]) throws(ImageError) -> [UInt8] {
        let keys = texts.map { strdup($0.key) }
        let values = texts.map { strdup($0.value) }
        defer {
            keys.forEach { free($0) }
            values.forEach { free($0) }
        }
        var entries = texts.indices.map { i in
            imago_png_write_text(key: keys[i], text: values[i], utf8: texts[i].utf8 ? 1 : 0, compress: texts[i].compress ? 1 : 0)
        }
        var output: UnsafeMutablePointer<UInt8>?
        var size = 0
        var message = [CChar](repeating: 0, count: 512)
        let status = (icc ?? []).withUnsafeBufferPointer { icc in
            (exif ?? []).withUnsafeBufferPointer { exif in
                entries.withUnsafeMutableBufferPointer { entries in
                    params.icc = icc.isEmpty ? nil : icc.baseAddress
                    params.icc_length = UInt32(clamping: icc.count)
                    params.exif = exif.isEmpty ? nil : exif.baseAddress
                    params.exif_length = UInt32(clamping: exif.count)
                    params.texts = UnsafePointer(entries.baseAddress)
                    params.text_count = Int32(entries.count)
                    return imago_png_encode(&params, rows.baseAddress?.assumingMemoryBound(to: UInt8.self), stride,
                                            &output, &size, &message, message.count)
                }
            }
        }
        guard status == IMAGO_PNG_OK, let output else {
            let reason = String(decoding: message.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            if status == IMAGO_PNG_NO_MEMORY || output == nil && status == IMAGO_PNG_OK {
                throw .outOfMemory("in libpng (encoding\(reason.isEmpty ? "" : ": " + reason))")
            }
            throw .encodeFailed("libpng could not write the PNG: \(reason)")
        }
        defer { imago_png_free(output) }
        return Array(UnsafeBufferPointer(start: output, count: size))
    }
}

/// A text entry ready for libpng: ASCII text as tEXt (zTXt when compressed), anything else as UTF-8 iTXt.
struct PNGTextChunk {
    /// The iTXt keyword holding an XMP packet.
    static let xmpKey = "XML:com.adobe.xmp"
    var key: String
    var value: String
    var utf8: Bool
    var compress: Bool

    init(_ entry: TextEntry, compress: Bool) throws(ImageError) {
        let keyScalars = entry.key.unicodeScalars
        // PNG keywords are Latin-1; this encoder takes the printable ASCII subset, which every reader agrees on.
        guard (1...79).contains(keyScalars.count), keyScalars.allSatisfy({ (0x20...0x7E).contains($0.value) }) else {
            throw .invalidArgument("PNG text key '\(entry.key)' must be 1-79 printable ASCII characters")
        }
        guard !entry.value.unicodeScalars.contains("\0") else {
            throw .invalidArgument("PNG text for key '\(entry.key)' contains a NUL character")
        }
        self.key = entry.key
        self.value = entry.value
        self.utf8 = !entry.value.unicodeScalars.allSatisfy { $0.isASCII }
        self.compress = compress
    }
}

/// A ``Resolution`` as pHYs values: pixels per metre (unit 1) or an aspect ratio (unit 0).
struct PNGPhysicalResolution {
    var x: UInt32, y: UInt32, unit: Int32

    init?(_ resolution: Resolution?) throws(ImageError) {
        guard let resolution else { return nil }
        let scale: Double = switch resolution.unit {
        case .meter, .unknown: 1
        case .centimeter: 100
        case .inch: 1 / 0.0254
        }
        let x = (resolution.x * scale).rounded(), y = (resolution.y * scale).rounded()
        guard x >= 1, y >= 1, x <= Double(Int32.max), y <= Double(Int32.max) else {
            throw .invalidArgument("PNG resolution \(resolution.x)x\(resolution.y) per \(resolution.unit) is out of range")
        }
        self.x = UInt32(x)
        self.y = UInt32(y)
        self.unit = resolution.unit == .unknown ? 0 : 1
    }
}
