import ImageKernel

/// The WebP format (libwebp): its descriptor, ready to register in a `FormatRegistry`.
///
/// Decoding matches `dwebp` defaults and Pillow (RGBA non-premultiplied, fancy upsampling; RGB when the
/// bitstream has no alpha); animations are composited by libwebp's `WebPAnimDecoder`.
public enum WebP {
    /// `webp`, `.webp`, `image/webp`, signature `RIFF????WEBP`.
    public static let format = ImageFormat(
        id: .webp, name: "WebP", extensions: ["webp"], mimeTypes: ["image/webp"],
        signatures: [MagicSignature("RIFF????WEBP")],
        decoder: WebPDecoder(), encoder: WebPEncoder())
}
