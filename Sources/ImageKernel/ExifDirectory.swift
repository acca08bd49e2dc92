/// The directory (IFD) of an EXIF block an entry belongs to.
public enum ExifIFD: String, Sendable, Hashable, Codable, CaseIterable {
    /// IFD0: the main image's tags (Make, Model, Orientation, DateTime...).
    case primary
    /// The Exif sub-IFD (tag 0x8769): exposure, date taken, lens...
    case exif
    /// The GPS sub-IFD (tag 0x8825).
    case gps
    /// The interoperability sub-IFD (tag 0xA005).
    case interop
    /// IFD1: the thumbnail's tags.
    case thumbnail
}

/// One value of an EXIF entry, decoded by its TIFF type.
public enum ExifValue: Sendable, Hashable {
    /// BYTE, SHORT, LONG, SBYTE, SSHORT, SLONG (and IFD offsets).
    case integers([Int])
    /// RATIONAL and SRATIONAL, as numerator/denominator pairs.
    case rationals([ExifRational])
    /// ASCII, without trailing NULs (bytes that are not UTF-8 are replaced).
    case text(String)
    /// UNDEFINED, FLOAT, DOUBLE or an unknown type: the raw bytes.
    case bytes([UInt8])
}

/// A RATIONAL or SRATIONAL value.
public struct ExifRational: Sendable, Hashable {
    /// The numerator.
    public var numerator: Int
    /// The denominator (0 is kept as found).
    public var denominator: Int

    /// A rational `numerator/denominator`.
    public init(_ numerator: Int, _ denominator: Int) {
        self.numerator = numerator
        self.denominator = denominator
    }

    /// The value as a `Double` (`nil` when the denominator is 0).
    public var doubleValue: Double? { denominator == 0 ? nil : Double(numerator) / Double(denominator) }
}

/// One tag of an EXIF block.
public struct ExifEntry: Sendable, Hashable {
    /// The directory holding the entry.
    public var ifd: ExifIFD
    /// The tag number, e.g. 0x0112 for Orientation.
    public var tag: Int
    /// The TIFF type number (1 BYTE, 2 ASCII, 3 SHORT, 4 LONG, 5 RATIONAL, 7 UNDEFINED...).
    public var type: Int
    /// The number of values.
    public var count: Int
    /// The decoded value.
    public var value: ExifValue
    /// Where the value's bytes start in the TIFF-structured block (after any `Exif\0\0` prefix).
    public var valueOffset: Int

    /// An entry, e.g. to write with ``ExifDirectory/littleEndianBlock(_:)`` (which ignores `valueOffset`).
    public init(ifd: ExifIFD, tag: Int, type: Int, count: Int, value: ExifValue, valueOffset: Int = 0) {
        self.ifd = ifd
        self.tag = tag
        self.type = type
        self.count = count
        self.value = value
        self.valueOffset = valueOffset
    }
}

/// A parsed, bounds-checked EXIF block: the entries of IFD0, IFD1 and the Exif, GPS and interoperability sub-IFDs.
///
/// Parsing never traps: both byte orders are read; an entry whose values lie outside the block is skipped; a directory
/// offset outside the block ends that directory; a directory reached twice (a loop) is read once; at most
/// ``maxDirectories`` directories and ``maxEntriesPerDirectory`` entries each are read.
public struct ExifDirectory: Sendable {
    /// The most directories followed.
    public static let maxDirectories = 8
    /// The most entries read from one directory.
    public static let maxEntriesPerDirectory = 1000

    /// The TIFF-structured bytes (without the `Exif\0\0` prefix).
    public let bytes: [UInt8]
    /// Whether the block is little-endian (`II`).
    public let littleEndian: Bool
    /// The entries in file order, directory by directory.
    public private(set) var entries: [ExifEntry] = []

    /// Parses a block, with or without the `Exif\0\0` prefix of JPEG APP1; `nil` when it has no valid TIFF header.
    public init?(_ block: [UInt8]) {
        let bytes = Self.withoutPrefix(block)
        guard bytes.count >= 8 else { return nil }
        switch (bytes[0], bytes[1]) {
        case (0x49, 0x49): littleEndian = true
        case (0x4D, 0x4D): littleEndian = false
        default: return nil
        }
        self.bytes = bytes
        guard u16(2) == 42, let first = u32(4) else { return nil }
        var visited: Set<Int> = []
        var queue: [(ExifIFD, Int)] = [(.primary, first)]
        while let (ifd, offset) = queue.first, visited.count < Self.maxDirectories {
            queue.removeFirst()
            guard visited.insert(offset).inserted else { continue }
            let next = readDirectory(ifd, at: offset)
            if ifd == .primary, let next, next != 0 { queue.append((.thumbnail, next)) }
            for entry in entries where entry.ifd == ifd {
                guard case .integers(let values) = entry.value, let pointer = values.first, values.count == 1 else { continue }
                switch (ifd, entry.tag) {
                case (.primary, 0x8769): queue.append((.exif, pointer))
                case (.primary, 0x8825): queue.append((.gps, pointer))
                case (.exif, 0xA005): queue.append((.interop, pointer))
                default: break
                }
            }
        }
    }

    /// The block without a leading `Exif\0\0`.
    public static func withoutPrefix(_ block: [UInt8]) -> [UInt8] {
        block.starts(with: [0x45, 0x78, 0x69, 0x66, 0, 0]) ? Array(block.dropFirst(6)) : block
    }

    /// The first entry with `tag` in `ifd`.
    public func entry(_ tag: Int, in ifd: ExifIFD = .primary) -> ExifEntry? {
        entries.first { $0.ifd == ifd && $0.tag == tag }
    }

    /// The raw Orientation value of IFD0 (any integer, 0 and 9 included): the tag's first integer, as Pillow reads a
    /// tag with too many values.
    public var orientationValue: Int? {
        guard let entry = entry(0x0112), case .integers(let values) = entry.value else { return nil }
        return values.first
    }

    /// The block with IFD0's (first) Orientation value replaced by `value` in place (same size and layout), or the block
    /// unchanged when it has no integer Orientation entry.
    public func settingOrientation(_ value: Int) -> [UInt8] {
        guard let entry = entry(0x0112), case .integers = entry.value, entry.count >= 1,
              let size = Self.typeSize(entry.type), size <= 4 else { return bytes }
        var out = bytes
        for i in 0..<size {
            let shift = littleEndian ? 8 * i : 8 * (size - 1 - i)
            out[entry.valueOffset + i] = UInt8(truncatingIfNeeded: value >> shift)
        }
        return out
    }

    /// Reads one directory's entries; returns the offset of the next directory, if readable.
    private mutating func readDirectory(_ ifd: ExifIFD, at offset: Int) -> Int? {
        guard let count = u16(offset) else { return nil }
        let readable = min(count, Self.maxEntriesPerDirectory)
        for i in 0..<readable {
            let at = offset + 2 + 12 * i
            guard let tag = u16(at), let type = u16(at + 2), let n = u32(at + 4) else { return nil }
            guard let size = Self.typeSize(type) else { continue }
            let (total, overflow) = size.multipliedReportingOverflow(by: n)
            guard !overflow, total <= bytes.count else { continue }
            let start: Int
            if total <= 4 { start = at + 8 } else {
                guard let pointer = u32(at + 8) else { continue }
                start = pointer
            }
            guard start >= 0, start <= bytes.count - total else { continue }
            entries.append(ExifEntry(ifd: ifd, tag: tag, type: type, count: n,
                                     value: decode(type: type, count: n, at: start), valueOffset: start))
        }
        return u32(offset + 2 + 12 * count)
    }

    private func decode(type: Int, count: Int, at start: Int) -> ExifValue {
        switch type {
        case 1: return .integers((0..<count).map { Int(bytes[start + $0]) })
        case 6: return .integers((0..<count).map { Int(Int8(bitPattern: bytes[start + $0])) })
        case 3: return .integers((0..<count).compactMap { u16(start + 2 * $0) })
        case 8: return .integers((0..<count).compactMap { u16(start + 2 * $0).map { Int(Int16(truncatingIfNeeded: $0)) } })
        case 4, 13: return .integers((0..<count).compactMap { u32(start + 4 * $0) })
        case 9: return .integers((0..<count).compactMap { u32(start + 4 * $0).map { Int(Int32(truncatingIfNeeded: $0)) } })
        case 5, 10:
            return .rationals((0..<count).compactMap { i in
                guard var n = u32(start + 8 * i), var d = u32(start + 8 * i + 4) else { return nil }
                if type == 10 { n = Int(Int32(truncatingIfNeeded: n)); d = Int(Int32(truncatingIfNeeded: d)) }
                return ExifRational(n, d)
            })
        case 2:
            var text = bytes[start..<start + count]
            while text.last == 0 { text = text.dropLast() }
            return .text(String(decoding: text, as: UTF8.self))
        default: return .bytes(Array(bytes[start..<start + count]))
        }
    }

    /// Bytes per value of a TIFF type, or `nil` for an unknown type.
    static func typeSize(_ type: Int) -> Int? {
        switch type {
        case 1, 2, 6, 7: 1
        case 3, 8: 2
        case 4, 9, 11, 13: 4
        case 5, 10, 12: 8
        default: nil
        }
    }

    private func u16(_ at: Int) -> Int? {
        guard at >= 0, at <= bytes.count - 2 else { return nil }
        let a = Int(bytes[at]), b = Int(bytes[at + 1])
        return littleEndian ? a | b << 8 : a << 8 | b
    }

    private func u32(_ at: Int) -> Int? {
        guard let first = u16(at), let second = u16(at + 2) else { return nil }
        return littleEndian ? first | second << 16 : first << 16 | second
    }
}
