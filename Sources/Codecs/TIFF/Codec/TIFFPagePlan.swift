import CTIFFShim
import ImageKernel

/// How one TIFF page becomes Imago pixels: the output format and the decode route.
///
/// The mapping follows Pillow's native modes where Pillow decodes the file, and keeps more precision where
/// Pillow reduces it:
///
/// | file | output |
/// |---|---|
/// | gray 1-bit (MinIsBlack/MinIsWhite) | `gray8`, 0/255 (Pillow `1`) |
/// | gray 2/4-bit | `gray8`, scaled x85 / x17 (Pillow `L;2`/`L;4`); 3/5/6/7-bit scaled the same way: `round(v*255/max)` |
/// | gray 8-bit (also signed: raw bytes, as Pillow) | `gray8`; MinIsWhite inverted |
/// | gray 9...16-bit | `gray16`, raw values (12-bit stays 0...4095, as Pillow's `I;16`); MinIsWhite: `max - v` |
/// | gray signed 16/32-bit, unsigned 24/32-bit | `grayF32` holding the integer value (Pillow `I` values) |
/// | gray float 16/32/64-bit | `grayF32` |
/// | + alpha (ExtraSamples 1 or 2, or absent) | `grayAlpha8/16/F32`; associated alpha un-premultiplied (`c*255/a`, as Pillow's `RGBa` unpacking) |
/// | ExtraSamples 0 (unspecified) | dropped (Pillow `LX`/`RGBX`) |
/// | RGB 8 / 16-bit | `rgb8` / `rgb16` (native 16-bit; Pillow keeps the high byte) |
/// | RGB other depths | as gray, per channel (`rgb8`, `rgb16` raw, `rgbF32`) |
/// | RGBA | `rgba8/16/F32`, associated alpha un-premultiplied |
/// | palette 1...16-bit | `rgb8`: the colormap entry >> 8 (Pillow `P` converted to RGB) |
/// | CMYK (Separated, InkSet CMYK) 8/16/32f | `cmyk8/16/F32`, plain (not inverted); extra inks dropped |
/// | YCbCr with JPEG compression | `rgb8` via `JPEGCOLORMODE_RGB` |
/// | YCbCr otherwise, old-style JPEG, CIELab, LogLuv/LogL and anything else libtiff's RGBA interface renders | `rgb8` (`rgba8` with alpha) through `TIFFRGBAImage` |
///
/// With `pillowCompatible` (``TIFFDecoder/pillowCompatible``), the kinds where Pillow 13 holds other values than the
/// file means are decoded as Pillow holds them, and ``pillowMode`` names Pillow's mode where the buffer's format alone
/// does not say it:
///
/// | file | Pillow | output |
/// |---|---|---|
/// | gray 16-bit MinIsWhite, little-endian | `I;16`, **not inverted** | `gray16`, raw values |
/// | gray unsigned 32-bit | `I` (`I;32N`): values from 2^31 wrap to negative | `grayF32` of the int32 value |
/// | RGBA 16-bit, associated alpha, contiguous or planar strips | `RGBA` from `RGBa;16`: high bytes, then `c*255/a` | `rgba8` |
/// | YCbCr 8-bit, uncompressed, contiguous, not subsampled | `YCbCr`, raw (the TIFF's coefficients and reference black/white ignored) | `rgb8` holding Y, Cb, Cr; ``pillowMode`` `YCbCr` |
/// | CIELab 8-bit, contiguous | `LAB`, raw (a*, b* as signed bytes) | `rgb8` holding L*, a*, b*; ``pillowMode`` `LAB` |
struct TIFFPagePlan {
    enum Route {
        case samples(ImagoTIFFConversion)
        case rgba
    }

    var format: PixelFormat
    var route: Route
    var description: String
    /// Pillow's mode when the output holds something its format does not say (`YCbCr` samples in an `rgb8` buffer).
    var pillowMode: String?

    private init(format: PixelFormat, route: Route, description: String, pillowMode: String?) {
        self.format = format
        self.route = route
        self.description = description
        self.pillowMode = pillowMode
    }

    init(_ page: ImagoTIFFPage, pillowCompatible: Bool = false) throws(ImageError) {
        let bps = Int(page.bits_per_sample), spp = Int(page.samples_per_pixel)
        let photometric = Int(page.photometric), compression = Int(page.compression)
        let sampleFormat = Int(page.sample_format)
        description = Self.describe(page)
        guard spp >= 1, bps >= 1, bps <= 64 else { throw .corrupt("invalid TIFF sample layout: \(spp) samples of \(bps) bits") }

        let colorChannels: Int
        switch photometric {
        case 0, 1, 3: colorChannels = 1          // MinIsWhite, MinIsBlack, Palette
        case 2, 6: colorChannels = 3             // RGB, YCbCr
        case 5: colorChannels = page.inkset == 1 ? 4 : spp
        default: colorChannels = 0
        }
        if pillowCompatible, let plan = Self.pillowPlan(page) {
            self = plan
            return
        }
        // Old-style JPEG, non-JPEG YCbCr and colour spaces without an Imago layout go through TIFFRGBAImage.
        let needsRGBA = compression == 6 || (photometric == 6 && compression != 7) || colorChannels == 0
            || (photometric == 5 && page.inkset != 1)
        if needsRGBA {
            guard page.rgba_ok != 0 else {
                throw .unsupported("TIFF photometric \(photometric) with \(spp) samples of \(bps) bits, compression \(compression)")
            }
            let alpha = spp > max(colorChannels, 3) && (!(page.has_extra_tag != 0) || page.extra_first != 0)
            format = alpha ? .rgba8 : .rgb8
            route = .rgba
            return
        }
        guard spp >= colorChannels else {
            throw .corrupt("TIFF photometric \(photometric) needs \(colorChannels) samples, the page has \(spp)")
        }
        var alpha = false, associated = false
        if spp > colorChannels && photometric != 5 && photometric != 3 {
            if page.has_extra_tag != 0 {
                alpha = page.extra_first == 1 || page.extra_first == 2 || page.extra_first > 2
                associated = page.extra_first == 1
            } else {
                alpha = true
            }
        }

        var conversion = ImagoTIFFConversion()
        let sampleType: SampleType
        switch sampleFormat {
        case 3:
            guard [16, 32, 64].contains(bps) else { throw .unsupported("\(bps)-bit floating-point TIFF samples") }
            sampleType = .float32
        case 2:
            // Pillow reads signed 8-bit samples as their raw bytes (mode L); wider ones become values in float32.
            sampleType = bps <= 8 ? .uint8 : .float32
            guard bps == 8 || bps >= 9 else { throw .unsupported("\(bps)-bit signed TIFF samples") }
        case 1, 4:
            sampleType = bps <= 8 ? .uint8 : bps <= 16 ? .uint16 : .float32
            conversion.scale_to_8 = bps < 8 ? 1 : 0
        default:
            throw .unsupported("TIFF sample format \(sampleFormat)")
        }

        let layout: ChannelLayout
        switch photometric {
        case 3:
            guard sampleFormat != 3, bps <= 16 else { throw .unsupported("\(bps)-bit palette TIFF") }
            layout = .rgb
            conversion.palette = 1
            conversion.scale_to_8 = 0
            format = .rgb8
            conversion.out_channels = 3
            conversion.out_type = 0
            route = .samples(conversion)
            return
        case 0, 1: layout = alpha ? .grayAlpha : .gray
        case 5: layout = .cmyk
        default: layout = alpha ? .rgba : .rgb
        }
        format = PixelFormat(layout, sampleType)
        let channels = layout.channelCount
        conversion.out_channels = Int32(channels)
        conversion.out_type = sampleType == .uint8 ? 0 : sampleType == .uint16 ? 1 : 2
        withUnsafeMutableBytes(of: &conversion.source) { raw in
            let source = raw.bindMemory(to: Int32.self)
            for c in 0..<channels { source[c] = Int32(c < colorChannels ? c : colorChannels) }
        }
        conversion.invert = photometric == 0 && sampleFormat != 3 && sampleFormat != 2 ? 1 : 0
        conversion.unpremultiply = associated ? 1 : 0
        conversion.jpeg_rgb = photometric == 6 && compression == 7 ? 1 : 0
        route = .samples(conversion)
    }

    /// The plan for a page Pillow 13 reads differently from what the file means (see the type's second table), or nil.
    private static func pillowPlan(_ page: ImagoTIFFPage) -> TIFFPagePlan? {
        let bps = Int(page.bits_per_sample), spp = Int(page.samples_per_pixel), photometric = Int(page.photometric)
        let unsigned = page.sample_format == 1, description = describe(page)
        var conversion = ImagoTIFFConversion()
        withUnsafeMutableBytes(of: &conversion.source) { raw in
            let source = raw.bindMemory(to: Int32.self)
            for c in 0..<4 { source[c] = Int32(c) }
        }
        switch (photometric, spp, bps) {
        case (0, 1, 16) where unsigned && page.big_endian == 0:
            conversion.out_channels = 1
            conversion.out_type = 1
            return TIFFPagePlan(format: .gray16, route: .samples(conversion), description: description, pillowMode: "I;16")
        case (1, 1, 32) where unsigned:
            conversion.out_channels = 1
            conversion.out_type = 2
            conversion.wrap_int32 = 1
            return TIFFPagePlan(format: .grayF32, route: .samples(conversion), description: description, pillowMode: "I")
        case (2, 4, 16) where unsigned && page.has_extra_tag != 0 && page.extra_first == 1 && (page.planar != 2 || page.tiled == 0):
            // Pillow refuses uncompressed planar RGBa;16 and mis-assembles planar tiles; those keep the exact decode.
            guard page.planar != 2 || page.compression != 1 else { return nil }
            conversion.out_channels = 4
            conversion.out_type = 0
            conversion.high_byte = 1
            conversion.unpremultiply = 1
            return TIFFPagePlan(format: .rgba8, route: .samples(conversion), description: description, pillowMode: "RGBA")
        case (8, 3, 8) where unsigned && page.planar != 2:
            conversion.out_channels = 3
            conversion.out_type = 0
            return TIFFPagePlan(format: .rgb8, route: .samples(conversion), description: description, pillowMode: "LAB")
        case (6, 3, 8) where unsigned && page.compression == 1 && page.planar != 2
            && page.ycbcr_sub_h == 1 && page.ycbcr_sub_v == 1:
            conversion.out_channels = 3
            conversion.out_type = 0
            return TIFFPagePlan(format: .rgb8, route: .samples(conversion), description: description, pillowMode: "YCbCr")
        default:
            return nil
        }
    }

    /// For example `rgb 8/8/8 contiguous LZW tiled`, `minisblack 16-bit BigTIFF`.
    static func describe(_ page: ImagoTIFFPage) -> String {
        let photometric = [0: "miniswhite", 1: "minisblack", 2: "rgb", 3: "palette", 4: "mask", 5: "separated",
                           6: "ycbcr", 8: "cielab", 9: "icclab", 10: "itulab", 32844: "logl", 32845: "logluv"][Int(page.photometric)]
            ?? "photometric \(page.photometric)"
        let kind = [1: "uint", 2: "int", 3: "float"][Int(page.sample_format)] ?? "format \(page.sample_format)"
        var parts = ["\(photometric) \(page.samples_per_pixel)x\(page.bits_per_sample)-bit \(kind)",
                     compressionName(page.compression)]
        if page.planar == 2 && page.samples_per_pixel > 1 { parts.append("planar") }
        if page.tiled != 0 { parts.append("tiled") }
        if page.bigtiff != 0 { parts.append("BigTIFF") }
        if page.big_endian != 0 { parts.append("big-endian") }
        return parts.joined(separator: " ")
    }

    static func compressionName(_ value: UInt16) -> String {
        [1: "none", 2: "CCITT-RLE", 3: "CCITT-G3", 4: "CCITT-G4", 5: "LZW", 6: "OJPEG", 7: "JPEG", 8: "deflate",
         32773: "packbits", 32946: "deflate", 34676: "SGILog", 34677: "SGILog24", 34925: "LZMA", 50000: "ZSTD",
         50001: "WebP", 34887: "LERC"][Int(value)] ?? "compression \(value)"
    }
}
