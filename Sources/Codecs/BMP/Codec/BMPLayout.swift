import ImageKernel

/// How a BMP's stored pixels become Imago pixels, and the Pillow mode they correspond to.
///
/// - Palette images whose palette is Pillow's black-and-white pair (2 colours, black then white, or 1 colour, black)
///   are Pillow's mode `1`: `gray8`, 0 or 255 (uncompressed rows read as 1-bit pixels whatever the depth, as Pillow
///   reads them; see ``BMPRowUnpacker/bilevelReadsBits``).
/// - Palette images whose entries are the gray ramp 0, 1, 2... are Pillow's mode `L`: `gray8`, the index itself.
/// - Other palette images are Pillow's mode `P`, expanded to `rgb8` through the palette, as the PNG codec returns a
///   palette PNG. Indices past the palette are black, as in Pillow 13.
/// - 16-bit images without bit fields are 5-5-5; bit-field images (and 32-bit `BI_RGB`, read as BGRX) scale each
///   field to 8 bits as Pillow's unpackers do, `v * 255 / max` truncated (exact for 8-bit fields).
/// - An alpha field gives `rgba8` (Pillow's `RGBA`). All-zero masks on a 32-bit image are Pillow's `BGRA`.
///   A 32-bit `BI_RGB` image's fourth byte is ignored, as Pillow ignores it.
enum BMPLayout {
    /// One palette index per pixel (1, 2, 4, 8 bits, raw or RLE), expanded through `table` (256 RGB entries, black
    /// past the file's palette).
    case palette(table: [UInt8], mode: PillowMode)
    /// 24-bit B, G, R.
    case bgr24
    /// 32-bit B, G, R, X (Pillow's `BGRX`).
    case bgrx32
    /// 32-bit B, G, R, A (Pillow's `BGRA`).
    case bgra32
    /// Any other 16/24/32-bit bit-field layout.
    case bitfields(BMPBitfields)

    /// The Pillow mode of a decoded BMP (as `Image.open(...).mode` prints it).
    enum PillowMode: String {
        case bilevel = "1", l = "L", p = "P", rgb = "RGB", rgba = "RGBA"
    }

    /// The layout of `header`'s pixels.
    static func of(_ header: BMPHeader) throws(ImageError) -> BMPLayout {
        if header.bitCount <= 8 { return palette(header) }
        switch header.compression {
        case .bitfields, .alphaBitfields:
            let m = header.masks
            if header.bitCount == 32 && m == [0, 0, 0, 0] { return .bgra32 }
            if header.bitCount == 32 && m == [0xFF0000, 0xFF00, 0xFF, 0] { return .bgrx32 }
            if header.bitCount == 32 && m == [0xFF0000, 0xFF00, 0xFF, 0xFF00_0000] { return .bgra32 }
            if header.bitCount == 24 && Array(m.prefix(3)) == [0xFF0000, 0xFF00, 0xFF] { return .bgr24 }
            // Pillow reads 16 and 24-bit files by their R, G, B masks alone, ignoring an alpha mask.
            let pillowLayouts: [[UInt32]] = header.bitCount == 16 ? [[0xF800, 0x7E0, 0x1F], [0x7C00, 0x3E0, 0x1F]] : []
            if pillowLayouts.contains(Array(m.prefix(3))) {
                return .bitfields(try BMPBitfields(masks: Array(m.prefix(3)) + [0], bitCount: 16))
            }
            return .bitfields(try BMPBitfields(masks: m, bitCount: header.bitCount))
        default:
            switch header.bitCount {
            case 16: return .bitfields(try BMPBitfields(masks: [0x7C00, 0x3E0, 0x1F, 0], bitCount: 16))
            case 24: return .bgr24
            default: return .bgrx32
            }
        }
    }

    /// Pillow's palette rules (see ``BMPLayout``).
    private static func palette(_ header: BMPHeader) -> BMPLayout {
        let entries = header.palette, size = header.paletteEntrySize, colors = header.colorCount
        let present = entries.count / size
        func color(_ i: Int) -> (UInt8, UInt8, UInt8) {
            let p = entries.startIndex + i * size
            return (entries[p + 2], entries[p + 1], entries[p])
        }
        let expected: [Int] = colors == 2 ? [0, 255] : Array(0..<colors)
        let gray = present >= colors && colors <= 256 && expected.enumerated().allSatisfy { i, v in
            let (r, g, b) = color(i)
            return Int(r) == v && Int(g) == v && Int(b) == v
        }
        var table = [UInt8](repeating: 0, count: 256 * 3)
        for i in 0..<min(present, colors, 256) {
            let (r, g, b) = color(i)
            table[3 * i] = r; table[3 * i + 1] = g; table[3 * i + 2] = b
        }
        if gray { return .palette(table: table, mode: colors <= 2 ? .bilevel : .l) }
        return .palette(table: table, mode: .p)
    }

    /// The pixel format a decode returns.
    var pixelFormat: PixelFormat {
        switch self {
        case .palette(_, let mode): mode == .p ? .rgb8 : .gray8
        case .bgr24, .bgrx32: .rgb8
        case .bgra32: .rgba8
        case .bitfields(let fields): fields.hasAlpha ? .rgba8 : .rgb8
        }
    }

    /// The mode Pillow gives the file.
    var pillowMode: PillowMode {
        switch self {
        case .palette(_, let mode): mode
        case .bgr24, .bgrx32: .rgb
        case .bgra32: .rgba
        case .bitfields(let fields): fields.hasAlpha ? .rgba : .rgb
        }
    }
}

/// Bit-field masks for 16, 24 and 32-bit pixels: each channel a contiguous run of at most 32 bits, scaled to 8 bits
/// by `v * 255 / max` truncated, as Pillow's `BGR;15` and `BGR;16` unpackers do.
struct BMPBitfields {
    /// Shift, width and (shifted) mask of R, G, B, A; width 0: the channel is absent (R/G/B then read 0).
    var shifts = SIMD4<UInt32>()
    var widths = SIMD4<UInt32>()
    var fieldMasks = SIMD4<UInt32>()
    /// For channels at most 8 bits wide: the 8-bit value of every field value (256 entries per channel).
    var tables: [UInt8]
    var bytesPerPixel: Int

    var hasAlpha: Bool { widths[3] > 0 }

    init(masks: [UInt32], bitCount: Int) throws(ImageError) {
        bytesPerPixel = bitCount / 8
        tables = [UInt8](repeating: 0, count: 4 * 256)
        let usable: UInt32 = bitCount == 32 ? .max : (1 << UInt32(bitCount)) - 1
        for (c, mask) in masks.prefix(4).enumerated() {
            guard mask & ~usable == 0 else {
                throw .corrupt("BMP bit-field mask 0x\(String(mask, radix: 16)) does not fit in \(bitCount) bits")
            }
            let shift = mask == 0 ? 0 : UInt32(mask.trailingZeroBitCount)
            let run = mask >> shift
            guard run & (run &+ 1) == 0 else {
                throw .unsupported("BMP bit-field mask 0x\(String(mask, radix: 16)) is not one contiguous run of bits")
            }
            let width = UInt32(32 - run.leadingZeroBitCount)
            shifts[c] = shift
            widths[c] = width
            fieldMasks[c] = run
            if width > 0 && width <= 8 {
                let maximum = (1 << Int(width)) - 1
                for v in 0...maximum { tables[c * 256 + v] = UInt8(v * 255 / maximum) }
            }
        }
    }

    /// The 8-bit value of channel `c` in `pixel`; `lut` is ``tables``.
    @inline(__always)
    func channel(_ c: Int, of pixel: UInt32, lut: UnsafePointer<UInt8>) -> UInt8 {
        let width = widths[c]
        let v = (pixel >> shifts[c]) & fieldMasks[c]
        if width <= 8 { return lut[c &* 256 &+ Int(v)] }
        return UInt8(UInt64(v) * 255 / UInt64(fieldMasks[c]))
    }
}
