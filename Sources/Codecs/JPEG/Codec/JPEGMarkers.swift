/// One APP1 or APP2 segment of the header.
struct JPEGSegment {
    /// 0xE1 or 0xE2.
    var marker: Int
    /// The payload after the length field.
    var bytes: [UInt8]
    /// Whether it came after the frame header (SOF).
    var afterSOF: Bool
}

/// EXIF, XMP and ICC extraction from the header's APP1/APP2 segments, following Pillow's rules.
enum JPEGMarkers {
    private static let exifPrefix: [UInt8] = Array("Exif".utf8) + [0, 0]
    private static let xmpPrefix: [UInt8] = Array("http://ns.adobe.com/xap/1.0/".utf8) + [0]
    private static let iccPrefix: [UInt8] = Array("ICC_PROFILE".utf8) + [0]

    /// The EXIF block without its `Exif\0\0` prefix. As in Pillow, the payloads of further `Exif` APP1
    /// segments are appended to the first.
    static func exif(in segments: [JPEGSegment]) -> [UInt8]? {
        var result: [UInt8]?
        for segment in segments where segment.marker == 0xE1 && segment.bytes.starts(with: exifPrefix) {
            result = (result ?? []) + segment.bytes.dropFirst(exifPrefix.count)
        }
        return result
    }

    /// The XMP packet of the first `http://ns.adobe.com/xap/1.0/\0` APP1 segment (Pillow's `info["xmp"]`).
    static func xmp(in segments: [JPEGSegment]) -> [UInt8]? {
        segments.first { $0.marker == 0xE1 && $0.bytes.starts(with: xmpPrefix) }.map { Array($0.bytes.dropFirst(xmpPrefix.count)) }
    }

    /// The ICC profile reassembled from its `ICC_PROFILE\0` APP2 chunks.
    ///
    /// As in Pillow: only chunks before the SOF count; they are ordered by sequence number (then contents),
    /// and the profile is kept only when the first chunk's declared count equals the number of chunks.
    static func iccProfile(in segments: [JPEGSegment]) -> [UInt8]? {
        let chunks = segments
            .filter { $0.marker == 0xE2 && !$0.afterSOF && $0.bytes.starts(with: iccPrefix) }
            .map(\.bytes)
            .sorted { $0.lexicographicallyPrecedes($1) }
        guard let first = chunks.first, first.count > 13, Int(first[13]) == chunks.count else { return nil }
        var profile: [UInt8] = []
        profile.reserveCapacity(chunks.reduce(0) { $0 + max($1.count - 14, 0) })
        for chunk in chunks where chunk.count > 14 { profile += chunk[14...] }
        return profile
    }
}
