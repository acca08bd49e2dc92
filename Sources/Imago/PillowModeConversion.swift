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
        do {
            return (try PillowConversion.convert(image, to: mode.pixelFormat.layout), mode, true)
        } catch let error as ImageError {
            throw error
        } catch {
            throw ImageError(.invalidArgument, "\(error)")
        }
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
}
