/// The stable identifier of an image format, such as `png` or `jpeg`.
public struct FormatID: RawRepresentable, Hashable, Sendable, Codable, ExpressibleByStringLiteral, CustomStringConvertible {
    /// The lower-case identifier.
    public let rawValue: String

    /// Creates an identifier; it is lower-cased so that lookups are case-insensitive.
    public init(rawValue: String) { self.rawValue = rawValue.lowercased() }
    /// Creates an identifier; it is lower-cased so that lookups are case-insensitive.
    public init(_ rawValue: String) { self.init(rawValue: rawValue) }
    public init(stringLiteral value: String) { self.init(rawValue: value) }
    public var description: String { rawValue }

    public static let png: FormatID = "png"
    public static let jpeg: FormatID = "jpeg"
    public static let tiff: FormatID = "tiff"
    public static let webp: FormatID = "webp"
    public static let pnm: FormatID = "pnm"
    public static let bmp: FormatID = "bmp"
    public static let gif: FormatID = "gif"
}
