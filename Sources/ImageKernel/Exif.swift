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
