import ImageKernel

/// The PNM format: its descriptor, ready to register in a `FormatRegistry`.
public enum PNM {
    /// Not implemented yet: the descriptor has no decoder and no encoder.
    public static let format = ImageFormat(
        id: FormatID("pnm"), name: "PNM", extensions: ["pnm"], mimeTypes: [],
        signatures: [], decoder: nil, encoder: nil)
}
