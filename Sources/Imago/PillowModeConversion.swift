import ImageKernel

/// Maps a decoder's native output onto the Pillow mode `load_img` would hold, then applies Keras's colour-mode
/// rule (keras-semantics §1.4 and §9), in one pass.
///
/// What the codecs return and what Pillow holds for the same file:
/// - `gray8` is `L`; `gray16` is `I;16` (or `I;16B` for a big-endian "MM" TIFF, which Pillow clips in grayscale mode);
///   `grayF32` is `F`.
/// - `grayAlpha8` is `LA`; `grayAlpha16` is Pillow's `RGBA` of the high bytes (16-bit LA PNG).
/// - `rgb16`, `rgba16`, `cmyk16` keep only the high byte of each sample (`v >> 8`), as Pillow's decoders do.
/// - `cmyk8` is plain CMYK (0 = no ink), which is what Pillow holds after inverting Adobe JPEG CMYK.
/// - Palette and tRNS images arrive expanded (RGB/RGBA, gray+alpha) from the codecs; Pillow's P/tRNS rules give the
///   same values under every colour mode (the RGB->L formula of a palette colour, alpha only in `rgba`).
enum PillowModeConversion {
    /// Whether `data` is a big-endian ("MM") TIFF, whose 16-bit gray Pillow reads as `I;16B` (clipped in grayscale mode).
    static func isBigEndianTIFF(_ data: [UInt8], format: FormatID) -> Bool {
        format == .tiff && data.count >= 2 && data[0] == 0x4D && data[1] == 0x4D
    }

    /// Converts a decoded image to the Pillow mode that `colorMode` gives, with ``PillowConversion``'s kernels
    /// (Pillow's `convert` arithmetic, vectorised). The buffer is returned untouched (no copy) when it is already in
    /// that mode.
    static func convert(_ image: ImageBuffer, bigEndianTIFF: Bool = false, to colorMode: ColorMode) throws(ImageError) -> (ImageBuffer, PillowMode, converted: Bool) {
        let format = image.format
        switch (colorMode, format) {
        case (.rgb, .rgb8): return (image, .rgb, false)
        case (.rgba, .rgba8): return (image, .rgba, false)
        case (.grayscale, .gray8): return (image, .l, false)
        case (.grayscale, .gray16) where !bigEndianTIFF: return (image, .i16, false)
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
}
