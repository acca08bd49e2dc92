import ImageKernel

/// The GIF format (giflib 5): its descriptor, ready to register in a `FormatRegistry`.
///
/// Decoding gives Pillow 13's frames (see ``GIFDecoder``); encoding writes what Pillow's GIF writer writes for the
/// same image (see ``GIFEncoder``).
public enum GIF {
    /// `gif`, `.gif`, `image/gif`, signatures `GIF87a` and `GIF89a`.
    public static let format = ImageFormat(
        id: .gif, name: "GIF", extensions: ["gif"], mimeTypes: ["image/gif"],
        signatures: [MagicSignature("GIF87a"), MagicSignature("GIF89a")],
        decoder: GIFDecoder(), encoder: GIFEncoder())
}
