import ImageKernel

/// The PNG format (libpng 1.6): its descriptor, ready to register in a `FormatRegistry`.
///
/// APNG files are PNG files to this codec: they decode to their default image (acTL/fcTL/fdAT are dropped
/// silently; `png.animated` and `png.apngFrames` say it was animated). Apple CgBI files are refused as `unsupported`.
///
/// Decoded pixels equal Pillow's decode of the same file (mapped as `Tests/PNGCodecTests/PillowMapping.swift`
/// documents: Pillow drops the low byte of 16-bit RGB/RGBA/gray+alpha, Imago keeps 16 bits), with two deliberate
/// exceptions where Pillow is wrong and libpng follows the PNG spec: a tRNS colour on 2/4-bit gray images (Pillow
/// compares it with the already-scaled samples) and on 16-bit gray images (Pillow compares after clipping to 8 bits).
/// CRC errors in IDAT are errors by default, as in libpng and as the PngSuite labels `xcsn0g01.png`; Pillow ignores
/// them, which ``PNGDecoder/ChecksumPolicy/ignoreImageDataCRC`` reproduces.
public enum PNG {
    /// The eight signature bytes every PNG file starts with.
    public static let signature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]

    /// The descriptor: id `png`, extensions `png`/`apng`, strict CRC checking (see ``PNGDecoder/ChecksumPolicy``).
    public static let format = ImageFormat(
        id: .png,
        name: "PNG",
        extensions: ["png", "apng"],
        mimeTypes: ["image/png", "image/apng"],
        signatures: [MagicSignature(bytes: signature)],
        decoder: PNGDecoder(),
        encoder: PNGEncoder())
}
