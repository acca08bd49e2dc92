import Imago

/// Encodes decoded images in one format and writes them atomically, converting pixel formats the encoder cannot
/// store by the library's negotiation (``FormatRegistry/encodable(_:for:)``, the rules in `PixelFormatNegotiation`).
struct ImageConversion: Sendable {
    let format: ImageFormat
    let options: EncodeOptions

    /// Writes `image` to `path` and returns the warnings of its pixel-format conversion.
    func write(_ image: ImageBuffer, to path: String) throws -> [ImagoWarning] {
        try FormatRegistry.standard.encode(image, to: path, format: format.id, options: options)
    }
}
