import Imago

/// Encodes decoded images in one format and writes them atomically, converting pixel formats the encoder cannot
/// store by the library's negotiation (``FormatRegistry/encodable(_:for:)``, the rules in `PixelFormatNegotiation`).
struct ImageConversion: Sendable {
    let format: ImageFormat
    let options: EncodeOptions

    /// Writes `image` to `path` and returns the warnings of its pixel-format conversion (negotiated by the registry,
    /// ``FormatRegistry/encodable(_:for:)``). With `keeping`, the source's ICC profile, EXIF and XMP are embedded where
    /// the format holds them (a profile for another colour space than the written pixels is dropped, with a warning).
    func write(_ image: ImageBuffer, to path: String, keeping metadata: ImageMetadata? = nil) throws -> [ImagoWarning] {
        guard let encoder = format.encoder else { throw ImageError.unsupported("the \(format.name) codec cannot encode") }
        do {
            let writable = try FormatRegistry.standard.encodable(image, for: format)
            var warnings = writable.warnings
            var options = options
            if let metadata {
                options.keepMetadata(of: metadata, for: writable.image.format)
                if metadata.iccProfile != nil, options.iccProfile == nil {
                    warnings.append(ImagoWarning("the ICC profile does not describe the written \(writable.image.format) pixels; not kept"))
                }
                warnings += options.keptMetadataWarnings(for: format.id)
                // A TIFF source whose EXIF could not be read (whole or in part) keeps less than it holds: say so.
                if let unread = TIFFDecoder.exifWarning(in: metadata) { warnings.append(unread) }
            }
            try FileIO.writeAtomically(try encoder.encode(writable.image, options: options), to: path)
            return warnings
        } catch let error as ImageError {
            throw error.naming(file: path)
        }
    }
}
