/// Decodes one image format.
///
/// Decoders are values shared across threads: they keep no state between calls and report every failure
/// as an ``ImageError``. They never crash, never print, and check sizes against ``DecodeOptions/limits``
/// before allocating pixel memory.
public protocol ImageDecoder: Sendable {
    /// Reads the header only: size, pixel format, frame count, orientation, profile sizes. No pixels are decoded.
    func probe(_ data: [UInt8], limits: Limits) throws -> ImageMetadata

    /// Reads the header from `source`, reading only what it needs when the codec knows how (``PrefixProbe`` for
    /// headers at the start, random access for TIFF); the default reads the whole source and calls the
    /// byte-array `probe(_:limits:)`.
    func probe(_ source: any ByteSource, limits: Limits) throws -> ImageMetadata

    /// Decodes the frame `options.frameIndex` into a new buffer in the image's native pixel format.
    func decode(_ data: [UInt8], options: DecodeOptions) throws -> DecodedImage

    /// Decodes into `buffer`, reusing its storage when it is large enough and unshared.
    ///
    /// The default implementation decodes into a new buffer; codecs that can write straight into
    /// caller memory override it.
    func decode(_ data: [UInt8], options: DecodeOptions, into buffer: inout ImageBuffer) throws -> ImageMetadata

    /// Decodes every frame (or page). The default decodes frame 0 of a single-frame image and refuses more.
    func decodeFrames(_ data: [UInt8], options: DecodeOptions) throws -> [DecodedImage]

    /// Decodes the frame `options.frameIndex` of the image `source` holds. The default reads the whole source and
    /// calls `decode(_:options:)`; a codec that reads by random access (TIFF) reads only what it needs, uncompressed
    /// strips straight into the pixel buffer. Same pixels and metadata as the byte-array decode.
    func decode(_ source: any ByteSource, options: DecodeOptions) throws -> DecodedImage
}

extension ImageDecoder {
    /// Reads the whole source and probes its bytes.
    public func probe(_ source: any ByteSource, limits: Limits) throws -> ImageMetadata {
        try probe(try source.allBytes(), limits: limits)
    }

    /// Reads the whole source and decodes its bytes.
    public func decode(_ source: any ByteSource, options: DecodeOptions) throws -> DecodedImage {
        try decode(try source.allBytes(), options: options)
    }

    /// Decodes into a new buffer and hands it over (see the requirement).
    public func decode(_ data: [UInt8], options: DecodeOptions, into buffer: inout ImageBuffer) throws -> ImageMetadata {
        let decoded = try decode(data, options: options)
        buffer = decoded.image
        return decoded.metadata
    }

    /// Decodes frame 0 of a single-frame image; refuses more frames.
    public func decodeFrames(_ data: [UInt8], options: DecodeOptions) throws -> [DecodedImage] {
        let info = try probe(data, limits: options.limits)
        guard info.frameCount <= 1 else {
            throw ImageError.unsupported("decoding all \(info.frameCount) frames is not supported by the \(info.format) decoder")
        }
        var single = options
        single.frameIndex = 0
        return [try decode(data, options: single)]
    }
}

/// Encodes one image format.
public protocol ImageEncoder: Sendable {
    /// The pixel formats this encoder accepts as they are.
    var supportedPixelFormats: Set<PixelFormat> { get }

    /// Encodes `image` to the bytes of a complete file.
    ///
    /// Throws ``ImageError/Kind/unsupported`` for a pixel format outside ``supportedPixelFormats``
    /// and ``ImageError/Kind/invalidArgument`` for out-of-range options.
    func encode(_ image: ImageBuffer, options: EncodeOptions) throws -> [UInt8]
}

extension ImageEncoder {
    /// Throws a clear ``ImageError/Kind/unsupported`` error unless `format` is supported.
    public func requireSupported(_ format: PixelFormat, codec: String) throws(ImageError) {
        guard supportedPixelFormats.contains(format) else {
            let names = supportedPixelFormats.map(\.description).sorted().joined(separator: ", ")
            throw .unsupported("the \(codec) encoder cannot write \(format) pixels (it writes \(names))")
        }
    }
}

/// A decoder that writes straight into caller memory. It implements ``ImageDecoder/decode(_:options:into:)`` and
/// gets ``ImageDecoder/decode(_:options:)-([UInt8],_)`` from it: a new buffer, filled by the same code path.
///
/// A conforming type must implement `decode(_:options:into:)` itself (the base protocol's default for it calls the
/// `decode(_:options:)`, which here calls back).
public protocol BufferReusingDecoder: ImageDecoder {}

extension BufferReusingDecoder {
    /// Decodes into a new buffer through `decode(_:options:into:)`.
    public func decode(_ data: [UInt8], options: DecodeOptions) throws -> DecodedImage {
        var image = try ImageBuffer(width: 0, height: 0, format: .gray8)
        let metadata = try decode(data, options: options, into: &image)
        return DecodedImage(image: image, metadata: metadata)
    }
}
