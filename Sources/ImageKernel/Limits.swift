/// Resource limits a decoder checks against the header **before** it allocates anything.
///
/// The defaults follow what Keras users already live with through Pillow: 178,956,970 pixels
/// (`2 * Image.MAX_IMAGE_PIXELS`, where Pillow raises `DecompressionBombError`). Limits are plain values
/// passed per call; there is no global mutable state.
public struct Limits: Sendable, Equatable, Hashable {
    /// Largest width x height of one frame.
    public var maxPixels: Int
    /// Largest single pixel buffer in bytes.
    public var maxBytes: Int
    /// Largest sum of all frame buffers of one multi-frame decode, in bytes.
    public var maxTotalBytes: Int
    /// Largest number of frames or pages a decoder will enumerate or decode.
    public var maxFrames: Int
    /// Largest decompressed size of one metadata block (PNG zTXt/iTXt/iCCP, TIFF tag, EXIF, ICC), in bytes.
    public var maxMetadataBytes: Int

    /// The default pixel limit: Pillow's decompression-bomb error threshold.
    public static let defaultMaxPixels = 178_956_970

    /// Creates limits; every argument defaults to the library default.
    public init(
        maxPixels: Int = Limits.defaultMaxPixels,
        maxBytes: Int = 4 * Limits.defaultMaxPixels * 4,
        maxTotalBytes: Int = 8 << 30,
        maxFrames: Int = 10_000,
        maxMetadataBytes: Int = 64 << 20
    ) {
        self.maxPixels = maxPixels
        self.maxBytes = maxBytes
        self.maxTotalBytes = maxTotalBytes
        self.maxFrames = maxFrames
        self.maxMetadataBytes = maxMetadataBytes
    }

    /// The library defaults.
    public static let `default` = Limits()

    /// No limits at all: only for trusted input.
    public static let none = Limits(
        maxPixels: .max, maxBytes: .max, maxTotalBytes: .max, maxFrames: .max, maxMetadataBytes: .max)

    /// Checks a frame of `width` x `height` in `format` against the pixel and byte limits.
    ///
    /// Throws ``ImageError/Kind/corrupt`` for non-positive sizes and ``ImageError/Kind/limitExceeded``
    /// when the frame is too large, so a decoder can call it straight after parsing the header.
    /// - Returns: the byte size of a tightly packed buffer.
    @discardableResult
    public func check(width: Int, height: Int, format: PixelFormat) throws(ImageError) -> Int {
        guard width > 0, height > 0 else {
            throw .corrupt("invalid image size \(width)x\(height)")
        }
        let (pixels, overflow) = width.multipliedReportingOverflow(by: height)
        if overflow || pixels > maxPixels {
            throw .limitExceeded("image size (\(width)x\(height)) in pixels:", value: overflow ? .max : pixels, maximum: maxPixels)
        }
        let bytes = try ByteCount.of(width: width, height: height, format: format)
        if bytes > maxBytes {
            throw .limitExceeded("pixel buffer size in bytes:", value: bytes, maximum: maxBytes)
        }
        return bytes
    }

    /// Checks a frame count against ``maxFrames``.
    public func check(frameCount: Int) throws(ImageError) {
        if frameCount > maxFrames {
            throw .limitExceeded("frame count", value: frameCount, maximum: maxFrames)
        }
    }

    /// Checks the size of one (decompressed) metadata block against ``maxMetadataBytes``.
    public func check(metadataBytes: Int, name: String) throws(ImageError) {
        if metadataBytes > maxMetadataBytes {
            throw .limitExceeded("\(name) size in bytes", value: metadataBytes, maximum: maxMetadataBytes)
        }
    }
}

/// Overflow-checked size arithmetic for pixel buffers.
public enum ByteCount {
    /// `a * b`, or a ``ImageError/Kind/limitExceeded`` error on overflow.
    public static func multiply(_ a: Int, _ b: Int) throws(ImageError) -> Int {
        let (r, o) = a.multipliedReportingOverflow(by: b)
        if o || a < 0 || b < 0 { throw .limitExceeded("size computation \(a) x \(b)", value: .max, maximum: .max) }
        return r
    }

    /// Bytes in one tightly packed row of `width` pixels.
    public static func row(width: Int, format: PixelFormat) throws(ImageError) -> Int {
        try multiply(width, format.bytesPerPixel)
    }

    /// Bytes in a tightly packed `width` x `height` buffer.
    public static func of(width: Int, height: Int, format: PixelFormat) throws(ImageError) -> Int {
        try multiply(try row(width: width, format: format), height)
    }
}
