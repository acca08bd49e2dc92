import Imago

/// Encodes decoded images in one format, converting pixel formats the encoder cannot store (see
/// ``EncodablePixelFormat``), and writes them atomically.
struct ImageConversion: Sendable {
    let format: ImageFormat
    let options: EncodeOptions

    /// Writes `image` to `path` and returns the warnings of its pixel-format conversion.
    func write(_ image: ImageBuffer, to path: String) throws -> [ImagoWarning] {
        guard let encoder = format.encoder else { throw ImageError.unsupported("the \(format.name) codec cannot encode") }
        do {
            let (writable, warnings) = try EncodablePixelFormat.prepare(image, for: encoder, formatName: format.name)
            try FileIO.writeAtomically(try encoder.encode(writable, options: options), to: path)
            return warnings
        } catch let error as ImageError {
            throw error.naming(file: path)
        }
    }
}
