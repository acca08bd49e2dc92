/// Names of the common EXIF tags (EXIF 2.32 / TIFF 6.0 spellings, as Pillow's `ExifTags.TAGS` and exiftool use),
/// and a text rendering of values.
public enum ExifTagNames {
    private static let primary: [Int: String] = [
        0x010E: "ImageDescription", 0x010F: "Make", 0x0110: "Model", 0x0112: "Orientation", 0x011A: "XResolution",
        0x011B: "YResolution", 0x0128: "ResolutionUnit", 0x0131: "Software", 0x0132: "DateTime", 0x013B: "Artist",
        0x013E: "WhitePoint", 0x013F: "PrimaryChromaticities", 0x0211: "YCbCrCoefficients", 0x0213: "YCbCrPositioning",
        0x0201: "JPEGInterchangeFormat", 0x0202: "JPEGInterchangeFormatLength", 0x0103: "Compression",
        0x8298: "Copyright", 0x8769: "ExifOffset", 0x8825: "GPSInfo",
    ]
    private static let exif: [Int: String] = [
        0x829A: "ExposureTime", 0x829D: "FNumber", 0x8822: "ExposureProgram", 0x8827: "ISOSpeedRatings",
        0x8830: "SensitivityType", 0x9000: "ExifVersion", 0x9003: "DateTimeOriginal", 0x9004: "DateTimeDigitized",
        0x9010: "OffsetTime", 0x9011: "OffsetTimeOriginal", 0x9101: "ComponentsConfiguration",
        0x9201: "ShutterSpeedValue", 0x9202: "ApertureValue", 0x9203: "BrightnessValue", 0x9204: "ExposureBiasValue",
        0x9205: "MaxApertureValue", 0x9207: "MeteringMode", 0x9208: "LightSource", 0x9209: "Flash",
        0x920A: "FocalLength", 0x927C: "MakerNote", 0x9286: "UserComment", 0x9290: "SubsecTime",
        0x9291: "SubsecTimeOriginal", 0x9292: "SubsecTimeDigitized", 0xA000: "FlashPixVersion", 0xA001: "ColorSpace",
        0xA002: "ExifImageWidth", 0xA003: "ExifImageHeight", 0xA005: "ExifInteroperabilityOffset",
        0xA217: "SensingMethod", 0xA300: "FileSource", 0xA301: "SceneType", 0xA401: "CustomRendered",
        0xA402: "ExposureMode", 0xA403: "WhiteBalance", 0xA404: "DigitalZoomRatio", 0xA405: "FocalLengthIn35mmFilm",
        0xA406: "SceneCaptureType", 0xA420: "ImageUniqueID", 0xA431: "BodySerialNumber", 0xA432: "LensSpecification",
        0xA433: "LensMake", 0xA434: "LensModel",
    ]
    private static let gps: [Int: String] = [
        0: "GPSVersionID", 1: "GPSLatitudeRef", 2: "GPSLatitude", 3: "GPSLongitudeRef", 4: "GPSLongitude",
        5: "GPSAltitudeRef", 6: "GPSAltitude", 7: "GPSTimeStamp", 12: "GPSSpeedRef", 13: "GPSSpeed",
        16: "GPSImgDirectionRef", 17: "GPSImgDirection", 18: "GPSMapDatum", 29: "GPSDateStamp",
    ]
    private static let interop: [Int: String] = [1: "InteropIndex", 2: "InteropVersion"]

    /// The tag's name in `ifd`, or `nil` for a tag not in the table.
    public static func name(_ tag: Int, in ifd: ExifIFD) -> String? {
        switch ifd {
        case .primary, .thumbnail: primary[tag] ?? exif[tag]
        case .exif: exif[tag] ?? primary[tag]
        case .gps: gps[tag]
        case .interop: interop[tag]
        }
    }

    /// The most bytes of an UNDEFINED value shown in hex; longer ones are shown as their size.
    public static let maxShownBytes = 32

    /// A value as text: ASCII as is; integers and rationals (`n/d`) comma-separated (the first 16, then `...`); raw
    /// bytes in hex up to ``maxShownBytes``, else `<N bytes>`.
    public static func text(_ value: ExifValue) -> String {
        func list(_ items: [String]) -> String { items.prefix(16).joined(separator: ", ") + (items.count > 16 ? ", ..." : "") }
        switch value {
        case .text(let text): return String(text.unicodeScalars.prefix(1024).map { $0.value < 0x20 ? " " : Character($0) })
        case .integers(let values): return list(values.map(String.init))
        case .rationals(let values): return list(values.map { "\($0.numerator)/\($0.denominator)" })
        case .bytes(let bytes):
            guard bytes.count <= maxShownBytes else { return "<\(bytes.count) bytes>" }
            let digits = Array("0123456789abcdef")
            return String(bytes.flatMap { [digits[Int($0 >> 4)], digits[Int($0 & 15)]] })
        }
    }
}
