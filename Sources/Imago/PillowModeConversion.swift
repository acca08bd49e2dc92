import ImageKernel

/// Maps a decoder's native output onto the Pillow mode `load_img` would hold, then applies Keras's colour-mode
/// rule (keras-semantics §1.4 and §9), in one pass.
///
/// What the codecs return and what Pillow holds for the same file:
/// - `gray8` is `L`; `gray16` is `I;16` (or `I;16B` for a big-endian "MM" TIFF, which Pillow clips in grayscale mode);
///   `grayF32` is `F`, or `I` when a TIFF's samples are integers (kept in grayscale mode, clamped to 0...255
///   otherwise). An `rgb8` TIFF buffer marked `tiff.pillowMode` `YCbCr` or `LAB` holds Pillow's raw `YCbCr` or `LAB`
///   samples (``PillowLabConversion``).
/// - `grayAlpha8` is `LA`; `grayAlpha16` is Pillow's `RGBA` of the high bytes (16-bit LA PNG).
/// - `rgb16`, `rgba16`, `cmyk16` keep only the high byte of each sample (`v >> 8`), as Pillow's decoders do.
/// - `cmyk8` is plain CMYK (0 = no ink), which is what Pillow holds after inverting Adobe JPEG CMYK.
/// - Palette and tRNS images arrive expanded (RGB/RGBA, gray+alpha) from the codecs; Pillow's P/tRNS rules give the
///   same values under every colour mode (the RGB->L formula of a palette colour, alpha only in `rgba`).
enum PillowModeConversion {
    /// `(19595 R + 38470 G + 7471 B + 0x8000) >> 16`, Pillow's RGB->L (ITU-R 601-2 in 16.16 fixed point).
    @inline(__always)
    static func luma(_ r: UInt8, _ g: UInt8, _ b: UInt8) -> UInt8 {
        UInt8(truncatingIfNeeded: (19595 * UInt32(r) + 38470 * UInt32(g) + 7471 * UInt32(b) + 0x8000) >> 16)
    }

    /// Pillow's `MULDIV255`: round(a * b / 255).
    @inline(__always)
    static func mulDiv255(_ a: Int, _ b: Int) -> Int {
        let t = a * b + 128
        return ((t >> 8) + t) >> 8
    }

    /// Pillow's CMYK->RGB for one plain-CMYK channel: `clamp(nk - MULDIV255(c, nk))`, `nk = 255 - k`.
    @inline(__always)
    static func cmykChannel(_ c: UInt8, _ k: UInt8) -> UInt8 {
        let nk = 255 - Int(k)
        return UInt8(clamping: nk - mulDiv255(Int(c), nk))
    }

    /// Pillow's F->L: `v <= 0` gives 0, `v >= 255` gives 255, otherwise truncation (NaN gives 0).
    @inline(__always)
    static func floatToL(_ v: Float) -> UInt8 {
        if !(v > 0) { return 0 }
        if v >= 255 { return 255 }
        return UInt8(v)
    }

    /// What Pillow's mode for a decoded TIFF depends on beyond the buffer's pixel format, from its metadata.
    struct TIFFSource {
        /// A big-endian file: `gray16` is Pillow's `I;16B`, which Keras's grayscale rule clips into `L`.
        var bigEndian = false
        /// `grayF32` holding integer samples: Pillow's `I` (kept in grayscale mode), not `F`.
        var integerSamples = false
        /// `rgb8` holding raw Y, Cb, Cr samples: Pillow's `YCbCr` (``TIFFDecoder/pillowCompatible``).
        var ycbcr = false
        /// `rgb8` holding raw L*, a*, b* samples (a*, b* signed): Pillow's `LAB`.
        var lab = false

        /// Reads the facts from `metadata` (nothing for a file that is not a TIFF).
        init(_ metadata: ImageMetadata, data: [UInt8]) {
            guard metadata.format == .tiff else { return }
            bigEndian = data.count >= 2 && data[0] == 0x4D && data[1] == 0x4D
            integerSamples = ["int", "uint"].contains(metadata.properties["tiff.sampleFormat"] ?? "")
            ycbcr = metadata.properties["tiff.pillowMode"] == "YCbCr"
            lab = metadata.properties["tiff.pillowMode"] == "LAB"
        }

        init() {}
    }

    /// Converts a decoded image to the Pillow mode that `colorMode` gives. The buffer is returned untouched
    /// (no copy) when it is already in that mode.
    static func convert(_ image: ImageBuffer, tiff: TIFFSource = TIFFSource(), to colorMode: ColorMode) throws(ImageError) -> (ImageBuffer, PillowMode, converted: Bool) {
        let format = image.format
        switch (colorMode, format) {
        case (.rgb, .rgb8) where !tiff.ycbcr && !tiff.lab: return (image, .rgb, false)
        case (.rgba, .rgba8): return (image, .rgba, false)
        case (.grayscale, .gray8): return (image, .l, false)
        case (.grayscale, .gray16) where !tiff.bigEndian: return (image, .i16, false)
        case (.grayscale, .grayF32) where tiff.integerSamples: return (image, .i, false)
        case (_, .rgb8) where tiff.ycbcr: return try fromYCbCr(image, to: colorMode)
        case (_, .rgb8) where tiff.lab: return try PillowLabConversion.convert(image, to: colorMode)
        default: break
        }
        if format.sampleType == .float32 && format.layout != .gray {
            throw .unsupported("\(format) images have no Pillow mode that load_img could return")
        }
        let mode: PillowMode = colorMode == .grayscale ? .l : (colorMode == .rgb ? .rgb : .rgba)
        var out = try ImageBuffer(width: image.width, height: image.height, format: mode.pixelFormat)
        let width = image.width
        var rgba = [UInt8](repeating: 255, count: width * 4)
        for y in 0..<image.height {
            image.withUnsafeRow(y) { row in
                rgba.withUnsafeMutableBufferPointer { px in
                    readRowAsRGBA(row, format: format, width: width, into: px)
                }
            }
            out.withUnsafeMutableRow(y) { dst in
                rgba.withUnsafeBufferPointer { px in
                    switch mode {
                    case .l:
                        for x in 0..<width { dst[x] = luma(px[4 * x], px[4 * x + 1], px[4 * x + 2]) }
                    case .rgb:
                        for x in 0..<width {
                            dst[3 * x] = px[4 * x]; dst[3 * x + 1] = px[4 * x + 1]; dst[3 * x + 2] = px[4 * x + 2]
                        }
                    default:
                        for i in 0..<(4 * width) { dst[i] = px[i] }
                    }
                }
            }
        }
        return (out, mode, true)
    }

    /// Pillow's JPEG/JFIF YCbCr->RGB table for one chroma value: `(int)(coefficient * 64 * (v - 128) + 0.5)`, in
    /// 6-bit fixed point (C's truncation toward zero, as Pillow's precomputed tables hold; checked against Pillow's
    /// `convert("RGB")` for all 2^24 YCbCr triples).
    private static func chromaTable(_ coefficient: Double) -> [Int] {
        (0..<256).map { Int(coefficient * 64 * Double($0 - 128) + 0.5) }
    }

    private static let crToR = chromaTable(1.40200), cbToG = chromaTable(-0.34414)
    private static let crToG = chromaTable(-0.71414), cbToB = chromaTable(1.77200)

    /// Pillow's `YCbCr` image converted as Keras's colour modes do: `L` is the Y band; `RGB`/`RGBA` are
    /// `R = Y + crToR[Cr] >> 6`, `G = Y + (cbToG[Cb] + crToG[Cr]) >> 6`, `B = Y + cbToB[Cb] >> 6`, clamped, A = 255.
    private static func fromYCbCr(_ image: ImageBuffer, to colorMode: ColorMode) throws(ImageError) -> (ImageBuffer, PillowMode, converted: Bool) {
        let mode: PillowMode = colorMode == .grayscale ? .l : (colorMode == .rgb ? .rgb : .rgba)
        var out = try ImageBuffer(width: image.width, height: image.height, format: mode.pixelFormat)
        let width = image.width, channels = mode.channelCount
        for y in 0..<image.height {
            image.withUnsafeRow(y) { row in
                out.withUnsafeMutableRow(y) { dst in
                    for x in 0..<width {
                        let luma = Int(row[3 * x]), cb = Int(row[3 * x + 1]), cr = Int(row[3 * x + 2])
                        guard mode != .l else { dst[x] = UInt8(luma); continue }
                        let d = channels * x
                        dst[d] = UInt8(clamping: luma + (crToR[cr] >> 6))
                        dst[d + 1] = UInt8(clamping: luma + ((cbToG[cb] + crToG[cr]) >> 6))
                        dst[d + 2] = UInt8(clamping: luma + (cbToB[cb] >> 6))
                        if channels == 4 { dst[d + 3] = 255 }
                    }
                }
            }
        }
        return (out, mode, true)
    }

    /// One row of any supported native format as Pillow's 8-bit RGBA view of it (gray replicated; 16-bit RGB-like
    /// samples by high byte; 16-bit gray and float gray clipped to 8 bits; CMYK through Pillow's CMYK->RGB).
    static func readRowAsRGBA(_ row: UnsafeRawBufferPointer, format: PixelFormat, width: Int, into px: UnsafeMutableBufferPointer<UInt8>) {
        @inline(__always) func put(_ x: Int, _ r: UInt8, _ g: UInt8, _ b: UInt8, _ a: UInt8) {
            px[4 * x] = r; px[4 * x + 1] = g; px[4 * x + 2] = b; px[4 * x + 3] = a
        }
        let channels = format.channelCount
        switch format.sampleType {
        case .uint8:
            for x in 0..<width {
                let s = x * channels
                switch format.layout {
                case .gray: put(x, row[s], row[s], row[s], 255)
                case .grayAlpha: put(x, row[s], row[s], row[s], row[s + 1])
                case .rgb: put(x, row[s], row[s + 1], row[s + 2], 255)
                case .rgba: put(x, row[s], row[s + 1], row[s + 2], row[s + 3])
                case .cmyk:
                    let k = row[s + 3]
                    put(x, cmykChannel(row[s], k), cmykChannel(row[s + 1], k), cmykChannel(row[s + 2], k), 255)
                }
            }
        case .uint16:
            @inline(__always) func sample(_ i: Int) -> UInt16 { row.loadUnaligned(fromByteOffset: 2 * i, as: UInt16.self) }
            @inline(__always) func high(_ i: Int) -> UInt8 { UInt8(truncatingIfNeeded: sample(i) >> 8) }
            for x in 0..<width {
                let s = x * channels
                switch format.layout {
                case .gray:
                    let v = UInt8(clamping: sample(s))
                    put(x, v, v, v, 255)
                case .grayAlpha: put(x, high(s), high(s), high(s), high(s + 1))
                case .rgb: put(x, high(s), high(s + 1), high(s + 2), 255)
                case .rgba: put(x, high(s), high(s + 1), high(s + 2), high(s + 3))
                case .cmyk:
                    let k = high(s + 3)
                    put(x, cmykChannel(high(s), k), cmykChannel(high(s + 1), k), cmykChannel(high(s + 2), k), 255)
                }
            }
        case .float32:
            for x in 0..<width {
                let v = floatToL(row.loadUnaligned(fromByteOffset: 4 * x, as: Float.self))
                put(x, v, v, v, 255)
            }
        }
    }
}
