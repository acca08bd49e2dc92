import ImageKernel

/// The TIFF format (libtiff): its descriptor, ready to register in a `FormatRegistry`.
public enum TIFF {
    /// `tiff`, `.tif`/`.tiff`, `image/tiff`; classic (`II*\0`, `MM\0*`) and BigTIFF (`II+\0`, `MM\0+`) signatures.
    public static let format = ImageFormat(
        id: .tiff, name: "TIFF", extensions: ["tif", "tiff"], mimeTypes: ["image/tiff"],
        signatures: [
            MagicSignature(bytes: [0x49, 0x49, 0x2A, 0x00]), MagicSignature(bytes: [0x4D, 0x4D, 0x00, 0x2A]),
            MagicSignature(bytes: [0x49, 0x49, 0x2B, 0x00]), MagicSignature(bytes: [0x4D, 0x4D, 0x00, 0x2B]),
        ],
        decoder: TIFFDecoder(), encoder: TIFFEncoder())
}
