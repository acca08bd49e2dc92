import ImageKernel

/// The set of formats an application can read and write, and the dispatch from bytes, paths and names to codecs.
///
/// A value type: build it once (``register(_:replacing:)``), then share it freely across threads.
/// Decoding detects the format from the content only, never from the file name; encoding takes the
/// format from an explicit `FormatID` when given, otherwise from the path's extension.
public struct FormatRegistry: Sendable {
    /// The registered formats, in registration order (detection tries them in this order).
    public private(set) var formats: [ImageFormat] = []

    /// Converts an image to a pixel format an encoder can store (see ``PixelFormatNegotiation``): given a target
    /// format, the transform to apply. `nil` (the default for a registry you build) makes encoding refuse pixel
    /// formats the encoder cannot store with `ImageError/Kind/unsupported`; `FormatRegistry/standard` sets it to
    /// Transforms' `Convert` (`ColorConversion` rules: alpha onto white, `round(v / 257)`, floats clamped).
    public var pixelConversion: (@Sendable (PixelFormat) -> any Transform)?

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

    /// Reads the header of `source`, reading only what the format's decoder needs (see
    /// `ImageDecoder.probe(_:limits:)` with a source): the first ``detectionLength`` bytes to detect the format,
    /// then a growing prefix, or for TIFF the header and directories wherever they are.
    public func probe(_ source: any ByteSource, limits: Limits = .default) throws -> ImageMetadata {
        let head = try source.bytes(at: 0, count: detectionLength)
        guard let decoder = detect(head)?.decoder else { return try probe(head, limits: limits) }
        return try decoder.probe(source, limits: limits)
    }

    /// Reads the header of the file at `path`, reading only what it needs (through a `FileByteSource`):
    /// kilobytes of a large TIFF, JPEG or PNG, not the whole file.
    public func probe(path: String, limits: Limits = .default) throws -> ImageMetadata {
        try naming(path) { try probe(try FileByteSource(path: path), limits: limits) }
    }

    /// How many leading bytes format detection reads: enough for every registered signature and content check.
    public var detectionLength: Int {
        max(4096, formats.flatMap(\.signatures).map(\.length).max() ?? 0)
    }

    /// Decodes `data`, whatever its format.
    public func decode(_ data: [UInt8], options: DecodeOptions = .default) throws -> DecodedImage {
        try decoder(for: data).decode(data, options: options)
    }

    /// Decodes the file at `path`. Errors name the path.
    ///
    /// The file is read through a `FileByteSource`: the first ``detectionLength`` bytes to detect the format, then
    /// what the decoder reads (see `ImageDecoder.decode(_:options:)` with a source): the whole file for most formats,
    /// only the directories and strips for TIFF, uncompressed strips straight into the pixels.
    public func decode(path: String, options: DecodeOptions = .default) throws -> DecodedImage {
        try naming(path) {
            let source = try FileByteSource(path: path)
            let limit = Int(Int32.max)  // FileIO.read's default
            guard source.count <= limit else {
                throw ImageError.limitExceeded("file size in bytes", value: source.count, maximum: limit, file: path)
            }
            let head = try source.bytes(at: 0, count: detectionLength)
            guard let decoder = detect(head)?.decoder else { return try decode(head, options: options) }
            return try decoder.decode(source, options: options)
        }
    }

    /// Decodes every frame of `data`.
    public func decodeFrames(_ data: [UInt8], options: DecodeOptions = .default) throws -> [DecodedImage] {
        try decoder(for: data).decodeFrames(data, options: options)
    }

    /// The decoder for `data`, or `ImageError/Kind/unknownFormat`.
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

    /// `image` converted, when needed, to the pixel format `format`'s encoder stores nearest to its own
    /// (``PixelFormatNegotiation``), with a warning naming what the conversion lost.
    ///
    /// Throws `ImageError/Kind/unsupported` when the format cannot encode, or when a conversion is needed and the
    /// registry has no ``pixelConversion``.
    public func encodable(_ image: ImageBuffer, for format: ImageFormat) throws -> EncodableImage {
        guard let encoder = format.encoder else { throw ImageError.unsupported("the \(format.name) codec cannot encode") }
        let conversion = try PixelFormatNegotiation.conversion(
            from: image.format, to: encoder.supportedPixelFormats, formatName: format.name)
        guard conversion.isNeeded else { return EncodableImage(image: image, conversion: conversion) }
        guard let pixelConversion else {
            try encoder.requireSupported(image.format, codec: format.name)
            return EncodableImage(image: image, conversion: conversion)
        }
        let converted = try pixelConversion(conversion.target).apply(image)
        return EncodableImage(image: converted, conversion: conversion)
    }

    /// Encodes `image` as `format`, converting its pixel format first when the encoder cannot store it
    /// (``encodable(_:for:)``), and returns the bytes with the warnings of that conversion.
    public func encodeReportingWarnings(_ image: ImageBuffer, as format: FormatID,
                                        options: EncodeOptions = .default) throws -> EncodedImage {
        let descriptor = try encodingFormat(path: nil, explicit: format)
        let encodable = try encodable(image, for: descriptor)
        return EncodedImage(bytes: try descriptor.encoder!.encode(encodable.image, options: options),
                            warnings: encodable.warnings)
    }

    /// Encodes `image` as `format`, converting its pixel format first when the encoder cannot store it (the
    /// warnings of a lossy conversion are dropped here; ``encodeReportingWarnings(_:as:options:)`` returns them).
    public func encode(_ image: ImageBuffer, as format: FormatID, options: EncodeOptions = .default) throws -> [UInt8] {
        try encodeReportingWarnings(image, as: format, options: options).bytes
    }

    /// Encodes `image` to the file at `path`, atomically: a failure leaves no partial file and an
    /// existing file untouched. The format is `format` when given, otherwise inferred from the extension.
    /// A pixel format the encoder cannot store is converted first (``encodable(_:for:)``).
    ///
    /// - Returns: the warnings of that conversion (empty when nothing was lost).
    @discardableResult
    public func encode(_ image: ImageBuffer, to path: String, format: FormatID? = nil,
                       options: EncodeOptions = .default) throws -> [ImagoWarning] {
        try naming(path) {
            let descriptor = try encodingFormat(path: path, explicit: format)
            let encodable = try encodable(image, for: descriptor)
            let bytes = try descriptor.encoder!.encode(encodable.image, options: options)
            try FileIO.writeAtomically(bytes, to: path)
            return encodable.warnings
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
