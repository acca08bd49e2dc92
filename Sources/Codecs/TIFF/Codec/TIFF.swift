import ImageKernel

/// The TIFF format: its descriptor, ready to register in a `FormatRegistry`.
public enum TIFF {
    /// Not implemented yet: the descriptor has no decoder and no encoder.
    public static let format = ImageFormat(
        id: FormatID("tiff"), name: "TIFF", extensions: ["tiff"], mimeTypes: [],
        signatures: [], decoder: nil, encoder: nil)
}
