import ImageKernel

/// The PNG format: its descriptor, ready to register in a `FormatRegistry`.
public enum PNG {
    /// Not implemented yet: the descriptor has no decoder and no encoder.
    public static let format = ImageFormat(
        id: FormatID("png"), name: "PNG", extensions: ["png"], mimeTypes: [],
        signatures: [], decoder: nil, encoder: nil)
}
