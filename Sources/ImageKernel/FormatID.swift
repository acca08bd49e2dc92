/// The stable identifier of an image format, such as `png` or `jpeg`.
public struct FormatID: RawRepresentable, Hashable, Sendable, Codable, ExpressibleByStringLiteral, CustomStringConvertible {
    /// The lower-case identifier.
    public let rawValue: String

    /// Creates an identifier; it is lower-cased so that lookups are case-insensitive.
    public init(rawValue: String) { self.rawValue = rawValue.lowercased() }
    /// Creates an identifier; it is lower-cased so that lookups are case-insensitive.
    public init(_ rawValue: String) { self.init(rawValue: rawValue) }
    /// An id from a string literal, e.g. `"png"`.
    public init(stringLiteral value: String) { self.init(rawValue: value) }
    /// The raw value.
    public var description: String { rawValue }

    /// PNG.
    public static let png: FormatID = "png"
    /// JPEG.
    public static let jpeg: FormatID = "jpeg"
    /// TIFF.
    public static let tiff: FormatID = "tiff"
    /// WebP.
    public static let webp: FormatID = "webp"
    /// Netpbm (PBM, PGM, PPM, PAM).
    public static let pnm: FormatID = "pnm"
    /// BMP.
    public static let bmp: FormatID = "bmp"
    /// GIF.
    public static let gif: FormatID = "gif"
}
