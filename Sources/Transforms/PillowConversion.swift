import ImageKernel

/// Colour conversions with Pillow 13's exact arithmetic (`Image.convert`), as Keras applies them.
///
/// Every kernel format converts to 8-bit `gray` (Pillow L), `grayAlpha` (LA), `rgb` (RGB), `rgba` (RGBA) or
/// `cmyk` (CMYK) in two steps:
///
/// 1. Samples become 8-bit the way Pillow would have held them:
///    - `uint8`: as is.
///    - `gray16` (Pillow `I;16`): **clipped**, `min(v, 255)` (Pillow's `I;16 -> L`), not shifted.
///    - other 16-bit formats (`grayAlpha16`, `rgb16`, `rgba16`, `cmyk16`): the high byte `v >> 8`, which is
///      how Pillow reduces them when decoding (16-bit PNG RGB/RGBA/LA, 16-bit TIFF RGB).
///    - `float32` (Pillow `F`, values in 0...255): `v <= 0` gives 0, `v >= 255` gives 255, otherwise truncation
///      toward zero (Pillow's `F -> L`); applied to each channel of multi-channel float formats.
/// 2. The 8-bit layouts convert with Pillow's rules (`Convert.c`):
///    - RGB/RGBA -> L: `(19595*R + 38470*G + 7471*B + 0x8000) >> 16` (ITU-R 601-2 in 16.16 fixed point); alpha is
///      ignored, never composited.
///    - RGBA -> RGB: alpha dropped (no compositing). RGB -> RGBA and L -> RGBA: A = 255.
///    - L -> RGB: replicated. LA -> L: L. LA -> RGB: replicated L. LA -> RGBA: replicated L, A kept.
///    - RGB -> LA: the L formula, A = 255. RGBA -> LA: the L formula, A kept.
///    - CMYK (plain, 0 = no ink) -> RGB: `nk = 255 - K`, `R = clamp(nk - MULDIV255(C, nk))`, likewise G from M
///      and B from Y; CMYK -> L goes through RGB; CMYK -> RGBA adds A = 255.
///    - RGB -> CMYK: `C = 255 - R`, `M = 255 - G`, `Y = 255 - B`, `K = 0`; L -> CMYK: `C = M = Y = 0`, `K = 255 - L`.
public enum PillowConversion {
    /// Converts `image` to 8-bit `layout` with Pillow's rules (see the type's documentation).
    public static func convert(_ image: ImageBuffer, to layout: ChannelLayout) throws -> ImageBuffer {
        var out = try ImageBuffer(width: 0, height: 0, format: PixelFormat(layout, .uint8))
        try convert(image, to: layout, into: &out)
        return out
    }

    /// Converts `image` into `out`, reusing `out`'s storage when it is unshared and large enough
    /// (`ImageBuffer/reshape(width:height:format:limits:)`): for pipelines that convert many images, this avoids
    /// fresh pages (and their first-touch faults) for every result.
    public static func convert(_ image: ImageBuffer, to layout: ChannelLayout, into out: inout ImageBuffer) throws {
        let source = try toPillow8(image)
        if source.format.layout == layout {
            out = source
            return
        }
        // Every row conversion below writes all of its output bytes: no need to zero fresh storage first.
        try out.reshape(width: source.width, height: source.height, format: PixelFormat(layout, .uint8), zeroed: false)
        let width = source.width, from = source.format.layout
        let outStride = out.rowStride
        source.withUnsafeBytes { src in
            out.withUnsafeMutableBytes { dst in
                guard let s = src.baseAddress, let d = dst.baseAddress else { return }
                let sourceBytes = s.assumingMemoryBound(to: UInt8.self), outBytes = d.assumingMemoryBound(to: UInt8.self)
                if layout == .gray, from == .rgb || from == .rgba,
                   LumaBackend.convertWithKernel(source: sourceBytes, sourceStride: source.rowStride,
                                                 bytesPerPixel: from.channelCount, destination: outBytes,
                                                 destinationStride: outStride, width: width, rows: source.height) {
                    return
                }
                for y in 0..<source.height {
                    convertRow((s + y * source.rowStride).assumingMemoryBound(to: UInt8.self), from,
                               (d + y * outStride).assumingMemoryBound(to: UInt8.self), layout, width)
                }
            }
        }
    }

    /// Pillow's `L = (19595*R + 38470*G + 7471*B + 0x8000) >> 16`.
    @inline(__always)
    public static func luma(_ r: UInt8, _ g: UInt8, _ b: UInt8) -> UInt8 {
        UInt8(truncatingIfNeeded: (19595 &* UInt32(r) &+ 38470 &* UInt32(g) &+ 7471 &* UInt32(b) &+ 0x8000) >> 16)
    }

    /// `luma` over a row with a constant pixel stride (3 or 4 bytes): the portable path, for CPUs without the
    /// C kernels (``LumaBackend``; AVX2 or AVX-512 on x86-64, 5-10x faster). Eight pixels at a time: each pixel is read as
    /// one 4-byte word (`r | g << 8 | b << 16 | next << 24`), the channels are masked out in vector lanes, and
    /// `38470 g` is computed as `(g << 15) + 5702 g` so every multiplier fits 16 bits (`pmaddwd` on x86).
    /// Same value as Pillow's formula, exactly. The last pixel, which has no byte after it, is done alone.
    @inline(__always)
    private static func lumaRow(_ s: UnsafePointer<UInt8>, _ d: UnsafeMutablePointer<UInt8>, _ width: Int, stride: Int) {
        let raw = UnsafeRawPointer(s)
        let byte = SIMD8<Int32>(repeating: 0xFF)
        var x = 0
        while x &+ 9 <= width {
            let p = x &* stride
            let w = SIMD8<Int32>(
                raw.loadUnaligned(fromByteOffset: p, as: Int32.self),
                raw.loadUnaligned(fromByteOffset: p &+ stride, as: Int32.self),
                raw.loadUnaligned(fromByteOffset: p &+ 2 &* stride, as: Int32.self),
                raw.loadUnaligned(fromByteOffset: p &+ 3 &* stride, as: Int32.self),
                raw.loadUnaligned(fromByteOffset: p &+ 4 &* stride, as: Int32.self),
                raw.loadUnaligned(fromByteOffset: p &+ 5 &* stride, as: Int32.self),
                raw.loadUnaligned(fromByteOffset: p &+ 6 &* stride, as: Int32.self),
                raw.loadUnaligned(fromByteOffset: p &+ 7 &* stride, as: Int32.self))
            let r = w & byte, g = (w &>> 8) & byte, b = (w &>> 16) & byte
            let sum = r &* 19595 &+ g &* 5702 &+ b &* 7471 &+ (g &<< 15) &+ 0x8000
            let l = SIMD8<UInt8>(truncatingIfNeeded: sum &>> 16)
            UnsafeMutableRawPointer(d + x).storeBytes(of: l, as: SIMD8<UInt8>.self)
            x &+= 8
        }
        while x < width {
            let p = s + (stride &* x)
            d[x] = luma(p[0], p[1], p[2])
            x &+= 1
        }
    }

    /// Pillow's `cmyk2rgb` for one ink: `nk = 255 - K`, `clamp(nk - MULDIV255(C, nk))`.
    @inline(__always)
    static func cmykChannel(_ c: UInt8, _ k: UInt8) -> UInt8 {
        let nk = 255 - UInt32(k)
        let v = Int(nk) - Int(Premultiply.mulDiv255(UInt32(c), nk))
        return UInt8(clamping: v)
    }

    /// Step 1: the image as 8-bit samples, the way Pillow would hold it (see the type's documentation).
    public static func toPillow8(_ image: ImageBuffer) throws -> ImageBuffer {
        let type = image.format.sampleType
        if type == .uint8 { return image }
        var out = try ImageBuffer(width: image.width, height: image.height, format: PixelFormat(image.format.layout, .uint8))
        let samples = image.width * image.channelCount
        let clip16 = image.format == .gray16
        let outStride = out.rowStride
        image.withUnsafeBytes { src in
            out.withUnsafeMutableBytes { dst in
                guard let s = src.baseAddress, let d = dst.baseAddress else { return }
                for y in 0..<image.height {
                    let row = s + y * image.rowStride
                    let o = (d + y * outStride).assumingMemoryBound(to: UInt8.self)
                    switch type {
                    case .uint16:
                        for i in 0..<samples {
                            let v = row.loadUnaligned(fromByteOffset: i * 2, as: UInt16.self)
                            o[i] = clip16 ? UInt8(min(v, 255)) : UInt8(truncatingIfNeeded: v >> 8)
                        }
                    case .float32:
                        for i in 0..<samples { o[i] = floatToL(row.loadUnaligned(fromByteOffset: i * 4, as: Float.self)) }
                    case .uint8:
                        break
                    }
                }
            }
        }
        return out
    }

    /// Pillow's `F -> L`: `v <= 0` gives 0, `v >= 255` gives 255, otherwise truncation. NaN gives 0.
    @inline(__always)
    public static func floatToL(_ v: Float) -> UInt8 {
        if v >= 255 { return 255 }
        if v > 0 { return UInt8(v) }
        return 0
    }

    // swiftlint:disable:next cyclomatic_complexity
    private static func convertRow(_ s: UnsafePointer<UInt8>, _ from: ChannelLayout,
                                   _ d: UnsafeMutablePointer<UInt8>, _ to: ChannelLayout, _ width: Int) {
        let sc = from.channelCount, dc = to.channelCount
        switch (from, to) {
        case (.rgb, .gray):
            lumaRow(s, d, width, stride: 3)
        case (.rgba, .gray):
            lumaRow(s, d, width, stride: 4)
        case (.rgb, .grayAlpha), (.rgba, .grayAlpha):
            for x in 0..<width {
                let p = s + x * sc
                d[2 * x] = luma(p[0], p[1], p[2])
                d[2 * x + 1] = sc == 4 ? p[3] : 255
            }
        case (.rgba, .rgb):
            for x in 0..<width { d[3 * x] = s[4 * x]; d[3 * x + 1] = s[4 * x + 1]; d[3 * x + 2] = s[4 * x + 2] }
        case (.rgb, .rgba):
            for x in 0..<width { d[4 * x] = s[3 * x]; d[4 * x + 1] = s[3 * x + 1]; d[4 * x + 2] = s[3 * x + 2]; d[4 * x + 3] = 255 }
        case (.gray, _), (.grayAlpha, _):
            for x in 0..<width {
                let l = s[x * sc]
                let a: UInt8 = sc == 2 ? s[x * sc + 1] : 255
                let o = d + x * dc
                switch to {
                case .gray: o[0] = l
                case .grayAlpha: o[0] = l; o[1] = a
                case .rgb: o[0] = l; o[1] = l; o[2] = l
                case .rgba: o[0] = l; o[1] = l; o[2] = l; o[3] = a
                case .cmyk: o[0] = 0; o[1] = 0; o[2] = 0; o[3] = 255 - l
                }
            }
        case (.cmyk, _):
            for x in 0..<width {
                let p = s + x * 4
                let r = cmykChannel(p[0], p[3]), g = cmykChannel(p[1], p[3]), b = cmykChannel(p[2], p[3])
                let o = d + x * dc
                switch to {
                case .gray: o[0] = luma(r, g, b)
                case .grayAlpha: o[0] = luma(r, g, b); o[1] = 255
                case .rgb: o[0] = r; o[1] = g; o[2] = b
                case .rgba: o[0] = r; o[1] = g; o[2] = b; o[3] = 255
                case .cmyk: o[0] = p[0]; o[1] = p[1]; o[2] = p[2]; o[3] = p[3]
                }
            }
        case (.rgb, .cmyk), (.rgba, .cmyk):
            for x in 0..<width {
                let p = s + x * sc, o = d + x * 4
                o[0] = 255 - p[0]; o[1] = 255 - p[1]; o[2] = 255 - p[2]; o[3] = 0
            }
        default:  // same layout
            (d as UnsafeMutablePointer<UInt8>).update(from: s, count: width * sc)
        }
    }
}

extension PillowConversion {
    /// Pillow's transparency promotion: `convert("RGBA")` or `convert("LA")` of an image whose
    /// `info["transparency"]` is set (a PNG `tRNS` colour key, for example).
    ///
    /// - Gray sources (`gray8`, and `gray16` after Pillow's clip to 255): `key` is one value; the result replicates
    ///   the gray value and sets A = 0 where it equals `key[0]`, else 255. Targets `rgba` and `grayAlpha`.
    /// - RGB sources (`rgb8`, and `rgb16` after the high-byte reduction): `key` is (r, g, b); A = 0 where the pixel
    ///   equals it exactly. Target `rgba`.
    /// - Targets without alpha ignore the key (Pillow leaves the pixels as a plain conversion does).
    ///
    /// The comparison is made on the 8-bit values, as Pillow does (a 16-bit gray key above 255 never matches).
    /// Other combinations (RGB -> LA, whose Pillow result is not the luminance; alpha, CMYK or float sources)
    /// throw `ImageError.unsupported`.
    public static func convert(_ image: ImageBuffer, to layout: ChannelLayout, transparentKey key: [Int]) throws -> ImageBuffer {
        guard layout.hasAlpha else { return try convert(image, to: layout) }
        let sourceLayout = image.format.layout
        let isGray = sourceLayout == .gray && image.format.sampleType != .float32
        let isRGB = sourceLayout == .rgb && image.format.sampleType != .float32
        guard (isGray && key.count == 1) || (isRGB && key.count == 3 && layout == .rgba) else {
            throw ImageError.unsupported("transparency key \(key) for \(image.format) -> \(layout) is not supported")
        }
        let source = try toPillow8(image)
        var out = try convert(source, to: layout)
        let keyBytes = key.map { $0 >= 0 && $0 <= 255 ? Int16($0) : -1 }
        let channels = layout.channelCount, sc = sourceLayout.channelCount
        let (width, height, outStride) = (out.width, out.height, out.rowStride)
        source.withUnsafeBytes { src in
            out.withUnsafeMutableBytes { dst in
                guard let s = src.baseAddress, let d = dst.baseAddress else { return }
                for y in 0..<height {
                    let srow = (s + y * source.rowStride).assumingMemoryBound(to: UInt8.self)
                    let drow = (d + y * outStride).assumingMemoryBound(to: UInt8.self)
                    for x in 0..<width {
                        let p = srow + x * sc
                        var match = true
                        for c in 0..<sc where Int16(p[c]) != keyBytes[c] { match = false }
                        if match { drow[x * channels + channels - 1] = 0 }
                    }
                }
            }
        }
        return out
    }
}
