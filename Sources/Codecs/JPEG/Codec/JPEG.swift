import ImageKernel

/// The JPEG format (JFIF/EXIF/Adobe), read and written through libjpeg-turbo.
///
/// Register ``format`` in a registry, or use ``JPEGDecoder`` and ``JPEGEncoder`` directly.
public enum JPEG {
    /// The descriptor: id `jpeg`, the usual extensions and MIME types, signature `FF D8 FF`.
    public static let format = ImageFormat(
        id: .jpeg,
        name: "JPEG",
        extensions: ["jpg", "jpeg", "jpe", "jfif", "jif"],
        mimeTypes: ["image/jpeg", "image/pjpeg"],
        signatures: [MagicSignature(bytes: [0xFF, 0xD8, 0xFF])],
        decoder: JPEGDecoder(),
        encoder: JPEGEncoder())

    /// Progressive files with more scans than this are refused (each scan may cost a pass over the whole
    /// image, so a small file could otherwise keep the decoder busy for minutes).
    public static let maxScans = 1000
}
