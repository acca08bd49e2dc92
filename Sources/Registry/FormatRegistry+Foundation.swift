#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import ImageKernel

/// The `URL` and `Data` forms of the registry's calls; each forwards to the `String` path or `[UInt8]` form.
extension FormatRegistry {
    /// Reads the header of the file at `url` (a `file:` URL), reading only what it needs (see ``probe(path:limits:)``).
    public func probe(contentsOf url: URL, limits: Limits = .default) throws -> ImageMetadata {
        try probe(path: try url.imagoFilePath(), limits: limits)
    }

    /// Reads the header of `data` without decoding pixels.
    public func probe(_ data: Data, limits: Limits = .default) throws -> ImageMetadata {
        try probe([UInt8](data), limits: limits)
    }

    /// Decodes the file at `url` (a `file:` URL). Errors name its path.
    public func decode(contentsOf url: URL, options: DecodeOptions = .default) throws -> DecodedImage {
        try decode(path: try url.imagoFilePath(), options: options)
    }

    /// Decodes `data`, whatever its format.
    public func decode(_ data: Data, options: DecodeOptions = .default) throws -> DecodedImage {
        try decode([UInt8](data), options: options)
    }

    /// Decodes every frame of `data`.
    public func decodeFrames(_ data: Data, options: DecodeOptions = .default) throws -> [DecodedImage] {
        try decodeFrames([UInt8](data), options: options)
    }

    /// Encodes `image` to the file at `url` (a `file:` URL), atomically, as ``encode(_:to:format:options:)`` does.
    ///
    /// - Returns: the warnings of the pixel-format conversion made before encoding (empty when nothing was lost).
    @discardableResult
    public func encode(_ image: ImageBuffer, to url: URL, format: FormatID? = nil,
                       options: EncodeOptions = .default) throws -> [ImagoWarning] {
        try encode(image, to: try url.imagoFilePath(), format: format, options: options)
    }
}

extension EncodedImage {
    /// The bytes as `Data`.
    public var data: Data { Data(bytes) }
}
