/// The few fields of an ICC profile's 128-byte header Imago needs, read with bounds checks.
public enum ICCProfileHeader {
    /// The data colour space signature (bytes 16...19, e.g. `RGB `, `GRAY`, `CMYK`), or `nil` for a block too
    /// short to be a profile.
    public static func colorSpace(_ profile: [UInt8]) -> String? {
        guard profile.count >= 128 else { return nil }
        return String(decoding: profile[16..<20], as: UTF8.self)
    }

    /// Whether a profile's colour space suits pixels of `format` (gray profiles for gray, RGB for RGB, CMYK for
    /// CMYK). A block too short to be a profile suits nothing.
    public static func matches(_ profile: [UInt8], _ format: PixelFormat) -> Bool {
        guard let space = colorSpace(profile) else { return false }
        switch format.layout {
        case .gray, .grayAlpha: return space == "GRAY"
        case .rgb, .rgba: return space == "RGB "
        case .cmyk: return space == "CMYK"
        }
    }
}
