import ImageKernel

/// The PNG format (libpng 1.6): its descriptor, ready to register in a `FormatRegistry`.
///
/// APNG files are PNG files to this codec: they decode to their default image.
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
