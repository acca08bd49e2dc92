import ImageKernel

/// The set of formats an application can read and write, and the dispatch from bytes, paths and names to codecs.
///
/// A value type: build it once (``register(_:replacing:)``), then share it freely across threads.
/// Decoding detects the format from the content only, never from the file name; encoding takes the
/// format from an explicit ``FormatID`` when given, otherwise from the path's extension.
public struct FormatRegistry: Sendable {
    /// The registered formats, in registration order (detection tries them in this order).
    public private(set) var formats: [ImageFormat] = []

    /// An empty registry.
    public init() {}

    /// A registry holding `formats`. Throws if two share an id.
    public init(_ formats: [ImageFormat]) throws(ImageError) {
        for format in formats { try register(format) }
    }

    /// Adds a format. A second format with the same id is refused unless `replacing` is true,
    /// in which case it takes the place of the first.
    public mutating func register(_ format: ImageFormat, replacing: Bool = false) throws(ImageError) {
        if let index = formats.firstIndex(where: { $0.id == format.id }) {
            guard replacing else {
                throw .invalidArgument("a codec for format '\(format.id)' is already registered; pass replacing: true to replace it")
            }
            formats[index] = format
        } else {
            formats.append(format)
        }
    }

    /// The format with this id.
    public func format(id: FormatID) -> ImageFormat? {
        formats.first { $0.id == id }
    }

    /// The format whose extensions include `ext` (case-insensitive, with or without the dot).
    public func format(forExtension ext: String) -> ImageFormat? {
        var e = ext.lowercased()
        if e.hasPrefix(".") { e.removeFirst() }
        guard !e.isEmpty else { return nil }
        return formats.first { $0.extensions.contains(e) }
    }

    /// The format with this MIME type (case-insensitive).
    public func format(forMIMEType mime: String) -> ImageFormat? {
        let m = mime.lowercased()
        return formats.first { $0.mimeTypes.contains(m) }
    }

    /// The format of `data`, judged by its content only.
    public func detect(_ data: [UInt8]) -> ImageFormat? {
        formats.first { $0.decoder != nil && $0.matches(data) }
    }

    // MARK: Decoding

    /// Reads the header of `data` without decoding pixels.
    public func probe(_ data: [UInt8], limits: Limits = .default) throws -> ImageMetadata {
        try decoder(for: data).probe(data, limits: limits)
    }

    /// Reads the header of the file at `path`.
    public func probe(path: String, limits: Limits = .default) throws -> ImageMetadata {
        try naming(path) { try probe(try FileIO.read(path), limits: limits) }
    }

    /// Decodes `data`, whatever its format.
    public func decode(_ data: [UInt8], options: DecodeOptions = .default) throws -> DecodedImage {
        try decoder(for: data).decode(data, options: options)
    }

    /// Decodes the file at `path`. Errors name the path.
    public func decode(path: String, options: DecodeOptions = .default) throws -> DecodedImage {
        try naming(path) { try decode(try FileIO.read(path), options: options) }
    }

    /// Decodes every frame of `data`.
    public func decodeFrames(_ data: [UInt8], options: DecodeOptions = .default) throws -> [DecodedImage] {
        try decoder(for: data).decodeFrames(data, options: options)
    }

    /// The decoder for `data`, or ``ImageError/Kind/unknownFormat``.
    public func decoder(for data: [UInt8]) throws(ImageError) -> any ImageDecoder {
        guard let decoder = detect(data)?.decoder else {
            if data.isEmpty { throw .unknownFormat("cannot identify image format: the file is empty") }
            throw .unknownFormat("cannot identify image format (no registered codec recognises its first bytes)")
        }
        return decoder
    }

    // MARK: Encoding

    /// The format to write: `explicit` when given, otherwise the one whose extensions include `path`'s.
    public func encodingFormat(path: String?, explicit: FormatID? = nil) throws(ImageError) -> ImageFormat {
        if let explicit {
            guard let format = format(id: explicit) ?? format(forExtension: explicit.rawValue) ?? format(forMIMEType: explicit.rawValue) else {
                throw .unknownFormat("unknown format '\(explicit)'; known: \(formats.map(\.id.rawValue).joined(separator: ", "))")
            }
            return try requireEncoder(format)
        }
        guard let path else { throw .unknownFormat("no format given and no file name to infer it from") }
        let ext = FileIO.fileExtension(of: path)
        guard !ext.isEmpty else {
            throw .unknownFormat("cannot infer the format: the file name has no extension; pass a format", file: path)
        }
        guard let format = format(forExtension: ext) else {
            throw .unknownFormat("unknown file extension '.\(ext)'", file: path)
        }
        return try requireEncoder(format)
    }

    /// Encodes `image` as `format`.
    public func encode(_ image: ImageBuffer, as format: FormatID, options: EncodeOptions = .default) throws -> [UInt8] {
        let descriptor = try encodingFormat(path: nil, explicit: format)
        return try descriptor.encoder!.encode(image, options: options)
    }

    /// Encodes `image` to the file at `path`, atomically: a failure leaves no partial file and an
    /// existing file untouched. The format is `format` when given, otherwise inferred from the extension.
    public func encode(_ image: ImageBuffer, to path: String, format: FormatID? = nil, options: EncodeOptions = .default) throws {
        try naming(path) {
            let descriptor = try encodingFormat(path: path, explicit: format)
            let bytes = try descriptor.encoder!.encode(image, options: options)
            try FileIO.writeAtomically(bytes, to: path)
        }
    }

    private func requireEncoder(_ format: ImageFormat) throws(ImageError) -> ImageFormat {
        guard format.encoder != nil else { throw .unsupported("the \(format.name) codec cannot encode") }
        return format
    }

    private func naming<R>(_ path: String, _ body: () throws -> R) throws -> R {
        do {
            return try body()
        } catch let error as ImageError {
            throw error.naming(file: path)
        }
    }
}
