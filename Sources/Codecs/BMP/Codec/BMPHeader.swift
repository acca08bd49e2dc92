import ImageKernel

/// The parsed headers of a BMP file (or a headerless DIB): everything the decoder needs before touching pixels.
///
/// Parsing follows Pillow's `BmpImagePlugin` wherever Pillow reads a file, and the BMP specification beyond it:
/// - Info headers of 12 (OS/2 1.x `BITMAPCOREHEADER`, 16-bit sizes, 3-byte palette entries), 16 and 64 (OS/2 2.x),
///   40 (`BITMAPINFOHEADER`), 52, 56 (V2, V3), 108 (V4) and 124 (V5) bytes. Pillow refuses the 16-byte OS/2 header.
/// - A height whose top byte is 0xFF (Pillow's test) is negative: the rows are stored top-down.
/// - Bit fields come from the header (V2 and later) or from the 12 bytes after a 40-byte header (16 with
///   `BI_ALPHABITFIELDS`); a 40-byte header never has an alpha mask, as in Pillow.
/// - The palette holds `colorsUsed` entries (`1 << bitCount` when 0), at most 65,536, as in Pillow; when the pixel
///   offset points straight after the info header of a paletted image, the palette is skipped (Pillow's rule).
struct BMPHeader {
    /// The compression field.
    enum Compression: UInt32 {
        case rgb = 0, rle8 = 1, rle4 = 2, bitfields = 3, jpeg = 4, png = 5, alphaBitfields = 6
    }

    /// Whether the data starts with the 14-byte `BM` file header (a DIB does not).
    var hasFileHeader: Bool
    var infoHeaderSize: Int
    var width: Int
    var height: Int
    /// Rows stored top to bottom (negative height).
    var topDown: Bool
    var bitCount: Int
    var compression: Compression
    /// Red, green, blue and alpha masks (alpha 0 when absent); only set for bit-field images.
    var masks: [UInt32]
    /// Palette entries as read, each `paletteEntrySize` bytes in B, G, R(, X) order; may be shorter than
    /// `colorCount` when the file ends first.
    var palette: ArraySlice<UInt8>
    /// 3 for the OS/2 1.x header, 4 otherwise.
    var paletteEntrySize: Int
    /// The palette size the header declares (`colorsUsed`, or `1 << bitCount`).
    var colorCount: Int
    /// Where the pixel data starts in the file.
    var pixelOffset: Int
    /// Horizontal and vertical pixels per metre.
    var pixelsPerMeter: (x: Int, y: Int)
    /// The embedded ICC profile of a V5 header (colour space `MBED`).
    var iccProfile: [UInt8]?

    /// The length of one stored row: `((width * bitCount + 31) / 32) * 4`.
    var stride: Int { ((width * bitCount + 31) >> 5) << 2 }

    /// Whether the pixels are run-length encoded.
    var isRLE: Bool { compression == .rle8 || compression == .rle4 }

    static let headerSizes: Set<Int> = [12, 16, 40, 52, 56, 64, 108, 124]

    /// Parses a file that starts with `BM` (`hasFileHeader`) or a bare DIB starting at its info header.
    static func parse(_ data: [UInt8], hasFileHeader: Bool, limits: Limits) throws(ImageError) -> BMPHeader {
        let start = hasFileHeader ? 14 : 0
        guard data.count >= start + 4 else { throw .truncated("BMP header is truncated (\(data.count) bytes)") }
        if hasFileHeader && (data[0] != 0x42 || data[1] != 0x4D) { throw .corrupt("not a BMP file (no BM signature)") }
        let declaredOffset = hasFileHeader ? Int(u32(data, 10)) : 0
        let size = Int(u32(data, start))
        guard headerSizes.contains(size) else { throw .unsupported("unsupported BMP info header size \(size)") }
        guard data.count >= start + size else { throw .truncated("BMP info header is truncated") }
        let h = start + 4
        var header: BMPHeader
        if size == 12 {
            header = BMPHeader(
                hasFileHeader: hasFileHeader, infoHeaderSize: size, width: Int(u16(data, h)), height: Int(u16(data, h + 2)), topDown: false,
                bitCount: Int(u16(data, h + 6)), compression: .rgb, masks: [], palette: [], paletteEntrySize: 3,
                colorCount: 0, pixelOffset: 0, pixelsPerMeter: (0, 0), iccProfile: nil)
        } else {
            let rawHeight = Int32(bitPattern: u32(data, h + 4))
            let topDown = data[h + 7] == 0xFF
            guard rawHeight != .min else { throw .corrupt("invalid BMP height \(rawHeight)") }
            let rawWidth = Int32(bitPattern: u32(data, h))
            guard rawWidth > 0 else { throw .corrupt("invalid BMP width \(rawWidth)") }
            let field = { (offset: Int) -> UInt32 in offset + 4 <= size ? u32(data, h + offset - 4) : 0 }
            let compressionValue = field(16)
            guard let compression = Compression(rawValue: compressionValue) else {
                throw .unsupported("unsupported BMP compression \(compressionValue)")
            }
            header = BMPHeader(
                hasFileHeader: hasFileHeader, infoHeaderSize: size, width: Int(rawWidth), height: topDown ? -Int(rawHeight) : Int(rawHeight),
                topDown: topDown, bitCount: Int(u16(data, h + 10)), compression: compression, masks: [], palette: [],
                paletteEntrySize: 4, colorCount: Int(field(32)), pixelOffset: 0,
                pixelsPerMeter: (Int(Int32(bitPattern: field(24))), Int(Int32(bitPattern: field(28)))), iccProfile: nil)
        }
        guard header.width > 0, header.height > 0 else {
            throw .corrupt("invalid BMP size \(header.width)x\(header.height)")
        }
        guard [1, 2, 4, 8, 16, 24, 32].contains(header.bitCount) else {
            if header.bitCount == 0 && (header.compression == .jpeg || header.compression == .png) {
                throw .unsupported("BMP files holding an embedded \(header.compression == .jpeg ? "JPEG" : "PNG") are not supported")
            }
            throw .unsupported("unsupported BMP bit depth \(header.bitCount)")
        }
        var cursor = start + size
        switch header.compression {
        case .jpeg, .png:
            throw .unsupported("BMP files holding an embedded \(header.compression == .jpeg ? "JPEG" : "PNG") are not supported")
        case .rle8, .rle4:
            guard header.bitCount <= 8 else {
                throw .corrupt("BMP run-length compression needs a palette image, not \(header.bitCount) bits per pixel")
            }
        case .bitfields, .alphaBitfields:
            guard header.bitCount >= 16 else {
                throw .corrupt("BMP bit fields need 16, 24 or 32 bits per pixel, not \(header.bitCount)")
            }
            let count = header.compression == .alphaBitfields ? 4 : 3
            if size >= 52 {
                header.masks = (0..<4).map { i in 40 + 4 * i + 4 <= size ? u32(data, start + 40 + 4 * i) : 0 }
            } else {
                guard data.count >= cursor + 4 * count else { throw .truncated("BMP bit-field masks are truncated") }
                header.masks = (0..<count).map { u32(data, cursor + 4 * $0) } + (count == 3 ? [0] : [])
                cursor += 4 * count
            }
        case .rgb:
            break
        }
        if header.bitCount <= 8 {
            if header.colorCount == 0 { header.colorCount = 1 << header.bitCount }
            guard header.colorCount <= 65536 else {
                throw .corrupt("BMP palette size \(header.colorCount) is larger than 65536")
            }
            let length = header.colorCount * header.paletteEntrySize
            let end = min(data.count, cursor + length)
            header.palette = data[min(cursor, end)..<end]
            if declaredOffset == start + size { header.pixelOffset = cursor + length }
            cursor += length
        }
        if header.pixelOffset == 0 { header.pixelOffset = declaredOffset != 0 ? declaredOffset : cursor }
        if size == 124 { header.iccProfile = try embeddedProfile(data, infoStart: start, limits: limits) }
        return header
    }

    /// The V5 header's embedded profile: colour space `MBED`, offset from the start of the info header.
    private static func embeddedProfile(_ data: [UInt8], infoStart: Int, limits: Limits) throws(ImageError) -> [UInt8]? {
        guard u32(data, infoStart + 56) == 0x4D42_4544 else { return nil }
        let offset = Int(u32(data, infoStart + 112)), length = Int(u32(data, infoStart + 116))
        guard length > 0 else { return nil }
        try limits.check(metadataBytes: length, name: "BMP ICC profile")
        let from = infoStart + offset
        guard from <= data.count, length <= data.count - from else {
            throw .truncated("BMP ICC profile (\(length) bytes at \(from)) lies beyond the end of the file")
        }
        return Array(data[from..<(from + length)])
    }

    @inline(__always)
    static func u16(_ data: [UInt8], _ offset: Int) -> UInt16 {
        UInt16(data[offset]) | UInt16(data[offset + 1]) << 8
    }

    @inline(__always)
    static func u32(_ data: [UInt8], _ offset: Int) -> UInt32 {
        UInt32(data[offset]) | UInt32(data[offset + 1]) << 8 | UInt32(data[offset + 2]) << 16 | UInt32(data[offset + 3]) << 24
    }
}
