import ImageKernel

/// The WebP format: its descriptor, ready to register in a `FormatRegistry`.
public enum WebP {
    /// Not implemented yet: the descriptor has no decoder and no encoder.
    public static let format = ImageFormat(
        id: FormatID("webp"), name: "WebP", extensions: ["webp"], mimeTypes: [],
        signatures: [], decoder: nil, encoder: nil)
}
