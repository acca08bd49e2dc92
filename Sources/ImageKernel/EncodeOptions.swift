/// Options specific to one codec, such as a JPEG encoder's chroma subsampling.
///
/// A codec defines its own options type and reads it back with ``EncodeOptions/codecOptions(_:)``.
public protocol CodecOptions: Sendable {}

/// Options for one encode call: the settings most codecs share, plus typed codec-specific options.
///
/// ```swift
/// var options = EncodeOptions(quality: 90)
/// options.set(JPEGEncodeOptions(subsampling: .s444, progressive: true))
/// ```
public struct EncodeOptions: Sendable {
    /// Lossy quality, 0...100 (the codec's default when `nil`: 75 for JPEG, 80 for WebP, as in Pillow).
    public var quality: Int?
    /// Lossless compression effort, codec-defined range (PNG 0...9, default 6).
    public var compressionLevel: Int?
    /// Ask a codec that can do both for lossless output.
    public var lossless: Bool?
    /// ICC profile to embed.
    public var iccProfile: [UInt8]?
    /// EXIF block to embed (TIFF-structured, without the `Exif\0\0` prefix).
    public var exif: [UInt8]?
    /// XMP packet to embed (JPEG APP1, PNG `XML:com.adobe.xmp` iTXt, TIFF XMLPacket tag, WebP `XMP ` chunk).
    public var xmp: [UInt8]?
    /// Text entries to embed, where the format has them.
    public var text: [TextEntry]
    /// Physical resolution to record.
    public var resolution: Resolution?
    private var specific: [ObjectIdentifier: any CodecOptions]

    /// Encoding options; `nil` leaves each setting to the codec's default.
    public init(
        quality: Int? = nil,
        compressionLevel: Int? = nil,
        lossless: Bool? = nil,
        iccProfile: [UInt8]? = nil,
        exif: [UInt8]? = nil,
        text: [TextEntry] = [],
        resolution: Resolution? = nil
    ) {
        self.quality = quality
        self.compressionLevel = compressionLevel
        self.lossless = lossless
        self.iccProfile = iccProfile
        self.exif = exif
        self.xmp = nil
        self.text = text
        self.resolution = resolution
        self.specific = [:]
    }

    /// The defaults of every codec.
    public static let `default` = EncodeOptions()

    /// Stores codec-specific options, replacing any earlier value of the same type.
    public mutating func set<Options: CodecOptions>(_ options: Options) {
        specific[ObjectIdentifier(Options.self)] = options
    }

    /// The same options with `options` added.
    public func with<Options: CodecOptions>(_ options: Options) -> EncodeOptions {
        var copy = self
        copy.set(options)
        return copy
    }

    /// The codec-specific options of that type, if set.
    public func codecOptions<Options: CodecOptions>(_ type: Options.Type) -> Options? {
        specific[ObjectIdentifier(type)] as? Options
    }

    /// Checks ``quality`` is within 0...100.
    public func validatedQuality(default value: Int) throws(ImageError) -> Int {
        let q = quality ?? value
        guard (0...100).contains(q) else { throw .invalidArgument("quality \(q) is outside 0...100") }
        return q
    }
}
