/// Physical resolution of an image.
public struct Resolution: Sendable, Hashable, Codable {
    /// The unit the densities are given in.
    public enum Unit: String, Sendable, Hashable, Codable {
        /// Only the aspect ratio is known.
        case unknown
        /// Pixels per inch.
        case inch
        /// Pixels per centimetre.
        case centimeter
        /// Pixels per metre.
        case meter
    }
    /// Horizontal pixels per unit.
    public var x: Double
    /// Vertical pixels per unit.
    public var y: Double
    /// The unit.
    public var unit: Unit

    /// A resolution of `x` by `y` pixels per `unit`.
    public init(x: Double, y: Double, unit: Unit) {
        self.x = x
        self.y = y
        self.unit = unit
    }
}

/// A textual key/value pair from the file (PNG tEXt/zTXt/iTXt, TIFF ASCII tags).
public struct TextEntry: Sendable, Hashable, Codable {
    /// The keyword, e.g. `Title`, `Software`.
    public var key: String
    /// The text.
    public var value: String
    /// A text entry.
    public init(key: String, value: String) {
        self.key = key
        self.value = value
    }
}

/// What a file says about its image, read from the header without decoding pixels (``ImageDecoder/probe(_:limits:)-([UInt8],_)``)
/// and returned beside the pixels by a decode.
public struct ImageMetadata: Sendable, Equatable {
    /// The format the data was decoded from.
    public var format: FormatID
    /// Width in pixels of the stored image (of the selected frame, for a decode).
    public var width: Int
    /// Height in pixels.
    public var height: Int
    /// The pixel format a native decode returns.
    public var pixelFormat: PixelFormat
    /// The file's own description of its pixels, e.g. `palette 4-bit interlaced`, `YCbCr 4:2:0 progressive`.
    public var nativeDescription: String
    /// Number of frames or pages (1 for a still image).
    public var frameCount: Int
    /// Loop count of an animation (0 = forever), when the format has one.
    public var loopCount: Int?
    /// Duration of each frame in milliseconds, for animations.
    public var frameDurations: [Int]?
    /// The EXIF orientation (``Orientation/topLeft`` when absent).
    public var orientation: Orientation
    /// The embedded ICC profile.
    public var iccProfile: [UInt8]?
    /// The raw EXIF block (TIFF-structured, without the JPEG `Exif\0\0` prefix).
    public var exif: [UInt8]?
    /// The raw XMP packet.
    public var xmp: [UInt8]?
    /// Physical resolution, when given.
    public var resolution: Resolution?
    /// Text chunks or tags.
    public var text: [TextEntry]
    /// Codec-specific facts as strings, keyed `format.name`, e.g. `jpeg.progressive`, `png.gamma`.
    public var properties: [String: String]
    /// Whether the decode produced every pixel (``DecodeOutcome/complete`` for a probe and a whole file).
    public var outcome: DecodeOutcome

    /// Metadata with every optional field defaulted to absent.
    public init(
        format: FormatID,
        width: Int,
        height: Int,
        pixelFormat: PixelFormat,
        nativeDescription: String = "",
        frameCount: Int = 1,
        loopCount: Int? = nil,
        frameDurations: [Int]? = nil,
        orientation: Orientation = .topLeft,
        iccProfile: [UInt8]? = nil,
        exif: [UInt8]? = nil,
        xmp: [UInt8]? = nil,
        resolution: Resolution? = nil,
        text: [TextEntry] = [],
        properties: [String: String] = [:],
        outcome: DecodeOutcome = .complete
    ) {
        self.format = format
        self.width = width
        self.height = height
        self.pixelFormat = pixelFormat
        self.nativeDescription = nativeDescription
        self.frameCount = frameCount
        self.loopCount = loopCount
        self.frameDurations = frameDurations
        self.orientation = orientation
        self.iccProfile = iccProfile
        self.exif = exif
        self.xmp = xmp
        self.resolution = resolution
        self.text = text
        self.properties = properties
        self.outcome = outcome
    }
}

/// Pixels and what the file said about them.
public struct DecodedImage: Sendable {
    /// The pixels, in ``ImageMetadata/pixelFormat`` unless the decode options asked otherwise.
    public var image: ImageBuffer
    /// The file's metadata; `width` and `height` are those of ``image`` (after any scaled decode).
    public var metadata: ImageMetadata

    /// Metadata with every optional field defaulted to absent.
    public init(image: ImageBuffer, metadata: ImageMetadata) {
        self.image = image
        self.metadata = metadata
    }
}
