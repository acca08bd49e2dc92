import ImageKernel

/// The JPEG format: its descriptor, ready to register in a `FormatRegistry`.
public enum JPEG {
    /// Not implemented yet: the descriptor has no decoder and no encoder.
    public static let format = ImageFormat(
        id: FormatID("jpeg"), name: "JPEG", extensions: ["jpeg"], mimeTypes: [],
        signatures: [], decoder: nil, encoder: nil)
}
