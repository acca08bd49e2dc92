/// Orientation as Pillow's `Image.getexif()` finds it: IFD0's Orientation tag of the EXIF block, or else a
/// `tiff:Orientation` in the XMP packet. See ``ExifDirectory`` for the bounded parser.
public enum Exif {
    /// The orientation tag of IFD0, or `nil` when absent, out of range (0, 9...) or unreadable.
    ///
    /// Accepts the block with or without the `Exif\0\0` prefix used in JPEG APP1 segments; SHORT, LONG and BYTE
    /// values, both byte orders.
    public static func orientation(in exif: [UInt8]) -> Orientation? {
        ExifDirectory(exif)?.orientationValue.flatMap(Orientation.init(rawValue:))
    }

    /// The raw orientation Pillow's `exif_transpose` acts on: IFD0's Orientation value when the EXIF block has one
    /// (even 0 or 9, which turn nothing), else the first digit after `tiff:Orientation="` or `tiff:Orientation>` in
    /// the XMP packet, else `nil`.
    public static func orientationValue(exif: [UInt8]?, xmp: [UInt8]?) -> Int? {
        if let exif, let value = ExifDirectory(exif)?.orientationValue { return value }
        guard let xmp, let at = xmpOrientationDigit(in: xmp) else { return nil }
        return Int(xmp[at] - 0x30)
    }

    /// The EXIF block of ImageMagick's PNG text entry "Raw profile type exif" (`\nexif\n<length>\n<hex lines>`), as
    /// Pillow's `getexif` reads it when a PNG has no eXIf chunk: the hex after the first three lines, without a leading
    /// `Exif\0\0`. `nil` without such an entry, or when a character is not hex or the digit count is odd.
    public static func rawProfile(in text: [TextEntry]) -> [UInt8]? {
        guard let entry = text.first(where: { $0.key == "Raw profile type exif" }) else { return nil }
        let lines = entry.value.split(separator: "\n", omittingEmptySubsequences: false)
        guard lines.count > 3 else { return nil }
        var out: [UInt8] = []
        var high: UInt8?
        for scalar in lines[3...].joined().unicodeScalars {
            let digit: UInt8
            switch scalar.value {
            case 0x30...0x39: digit = UInt8(scalar.value - 0x30)
            case 0x41...0x46: digit = UInt8(scalar.value - 0x41 + 10)
            case 0x61...0x66: digit = UInt8(scalar.value - 0x61 + 10)
            case 0x20, 0x09, 0x0D: continue
            default: return nil
            }
            if let h = high { out.append(h << 4 | digit); high = nil } else { high = digit }
        }
        guard high == nil, !out.isEmpty else { return nil }
        return ExifDirectory.withoutPrefix(out)
    }

    /// The EXIF block with IFD0's Orientation set to 1 (same layout), or the block unchanged when it has none.
    public static func resettingOrientation(exif: [UInt8]) -> [UInt8] {
        ExifDirectory(exif)?.settingOrientation(1) ?? exif
    }

    /// The XMP packet with its `tiff:Orientation` digit set to 1 (same length), or unchanged when it has none.
    public static func resettingOrientation(xmp: [UInt8]) -> [UInt8] {
        guard let at = xmpOrientationDigit(in: xmp) else { return xmp }
        var out = xmp
        out[at] = 0x31
        return out
    }

    /// Index of the digit in the first `tiff:Orientation="D` or `tiff:Orientation>D` (Pillow's pattern).
    private static func xmpOrientationDigit(in xmp: [UInt8]) -> Int? {
        let key = Array("tiff:Orientation".utf8)
        guard xmp.count > key.count else { return nil }
        var i = 0
        while i + key.count < xmp.count {
            if xmp[i] == key[0], xmp[i..<i + key.count].elementsEqual(key) {
                let after = i + key.count
                let digit: Int? = xmp[after] == 0x3D && after + 1 < xmp.count && xmp[after + 1] == 0x22 ? after + 2
                    : xmp[after] == 0x3E ? after + 1 : nil
                if let digit, digit < xmp.count, (0x30...0x39).contains(xmp[digit]) { return digit }
            }
            i += 1
        }
        return nil
    }
}
