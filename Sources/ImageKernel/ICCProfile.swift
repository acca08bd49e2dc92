/// The few fields of an ICC profile Imago reads itself, with bounds checks (no colour management here).
public enum ICCProfile {
    /// The data colour space signature (header bytes 16...19, e.g. `RGB `, `GRAY`, `CMYK`), or `nil` for a block
    /// too short to be a profile.
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

    /// The longest description returned, in characters.
    public static let maxDescriptionLength = 512

    /// The profile's description: its `desc` tag, as a v2 `textDescriptionType` (ASCII) or a v4
    /// `multiLocalizedUnicodeType` (`mluc`, UTF-16BE; the en-US record, else the first). `nil` when the profile has
    /// no readable `desc` tag. At most 1000 tag-table entries are looked at; the text is cut at
    /// ``maxDescriptionLength`` characters; control characters become spaces.
    public static func description(_ profile: [UInt8]) -> String? {
        func u32(_ at: Int) -> Int? {
            guard at >= 0, at <= profile.count - 4 else { return nil }
            return Int(profile[at]) << 24 | Int(profile[at + 1]) << 16 | Int(profile[at + 2]) << 8 | Int(profile[at + 3])
        }
        func u16(_ at: Int) -> Int? {
            guard at >= 0, at <= profile.count - 2 else { return nil }
            return Int(profile[at]) << 8 | Int(profile[at + 1])
        }
        guard profile.count >= 132, let count = u32(128) else { return nil }
        let desc = 0x6465_7363  // 'desc'
        for i in 0..<min(count, 1000) {
            guard let signature = u32(132 + 12 * i), let offset = u32(136 + 12 * i), let size = u32(140 + 12 * i) else { return nil }
            guard signature == desc, size >= 12, offset <= profile.count - size else { continue }
            let end = offset + size
            switch u32(offset) {
            case 0x6465_7363:  // 'desc': u32 length, ASCII (with its NUL)
                guard let length = u32(offset + 8), length <= end - offset - 12 else { return nil }
                let text = profile[(offset + 12)..<(offset + 12 + length)].prefix { $0 != 0 }
                return clean(String(decoding: text, as: UTF8.self))
            case 0x6D6C_7563:  // 'mluc': u32 record count, u32 record size, records (lang, country, length, offset)
                guard let records = u32(offset + 8), let recordSize = u32(offset + 12), recordSize >= 12, records > 0 else { return nil }
                var chosen: (length: Int, start: Int)?
                for r in 0..<min(records, 100) {
                    let at = offset + 16 + r * recordSize
                    guard at <= end - 12, let language = u16(at), let country = u16(at + 2),
                          let length = u32(at + 4), let start = u32(at + 8) else { break }
                    if chosen == nil || (language == 0x656E && country == 0x5553) { chosen = (length, start) }
                }
                guard let chosen, chosen.start <= size, chosen.length <= size - chosen.start else { return nil }
                let first = offset + chosen.start
                let units = (0..<chosen.length / 2).compactMap { u16(first + 2 * $0) }.map(UInt16.init)
                return clean(String(decoding: units, as: UTF16.self).replacingNUL())
            default:
                return nil
            }
        }
        return nil
    }

    private static func clean(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.prefix(maxDescriptionLength).map {
            $0.value < 0x20 || $0.value == 0x7F ? " " : $0
        }))
    }
}

private extension String {
    /// The text up to its first NUL.
    func replacingNUL() -> String { String(String.UnicodeScalarView(unicodeScalars.prefix { $0 != "\0" })) }
}
