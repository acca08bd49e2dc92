/// Minimal, bounds-checked reading of an EXIF (TIFF-structured) block: enough to find the orientation.
///
/// Accepts the block with or without the `Exif\0\0` prefix used in JPEG APP1 segments.
public enum Exif {
    /// The orientation tag of IFD0, or `nil` when absent, out of range or unreadable.
    public static func orientation(in exif: [UInt8]) -> Orientation? {
        var start = 0
        if exif.count >= 6, exif[0] == 0x45, exif[1] == 0x78, exif[2] == 0x69, exif[3] == 0x66, exif[4] == 0, exif[5] == 0 {
            start = 6
        }
        guard exif.count >= start + 8 else { return nil }
        let little: Bool
        switch (exif[start], exif[start + 1]) {
        case (0x49, 0x49): little = true
        case (0x4D, 0x4D): little = false
        default: return nil
        }
        func u16(_ at: Int) -> Int? {
            guard at >= start, at + 2 <= exif.count else { return nil }
            let a = Int(exif[at]), b = Int(exif[at + 1])
            return little ? a | b << 8 : a << 8 | b
        }
        func u32(_ at: Int) -> Int? {
            guard let lo = u16(little ? at : at + 2), let hi = u16(little ? at + 2 : at) else { return nil }
            return lo | hi << 16
        }
        guard u16(start + 2) == 42, let ifdOffset = u32(start + 4) else { return nil }
        let ifd = start + ifdOffset
        guard let count = u16(ifd) else { return nil }
        for i in 0..<min(count, 1000) {
            let entry = ifd + 2 + i * 12
            guard let tag = u16(entry) else { return nil }
            if tag == 0x0112 {
                guard let type = u16(entry + 2), type == 3, let value = u16(entry + 8) else { return nil }
                return Orientation(rawValue: value)
            }
        }
        return nil
    }
}
