/// Writing an EXIF block: the inverse of ``ExifDirectory``'s parsing.
extension ExifDirectory {
    /// A little-endian EXIF block (TIFF-structured, without the `Exif\0\0` prefix) holding `entries`: IFD0 with the
    /// ``ExifIFD/primary`` entries, the ``ExifIFD/exif`` entries in an Exif sub-IFD (IFD0 tag 0x8769 points to it)
    /// and the ``ExifIFD/gps`` entries in a GPS sub-IFD (tag 0x8825); each directory's entries sorted by tag, every
    /// value on an even offset. Pointer entries given in `entries` (0x8769, 0x8825, 0xA005), other directories and
    /// entries whose value does not fit their type are left out.
    ///
    /// Values are written by their case: ``ExifValue/integers(_:)`` as BYTE/SHORT/LONG (signed or not) by `type`,
    /// ``ExifValue/rationals(_:)`` as RATIONAL/SRATIONAL, ``ExifValue/text(_:)`` as its UTF-8 bytes and a NUL, and
    /// ``ExifValue/bytes(_:)`` as given: the value's bytes already little-endian, a whole number of `type`'s size
    /// (the count is their number). `nil` when no entry is left, or when the block would not fit the 32-bit offsets
    /// of an EXIF block.
    public static func littleEndianBlock(_ entries: [ExifEntry]) -> [UInt8]? {
        var directories: [ExifIFD: [(tag: Int, type: Int, count: Int, value: [UInt8])]] = [:]
        for entry in entries where [.primary, .exif, .gps].contains(entry.ifd) {
            guard ![0x8769, 0x8825, 0xA005].contains(entry.tag), (0...0xFFFF).contains(entry.tag),
                  let size = typeSize(entry.type), let value = littleEndianValue(entry.value, type: entry.type),
                  !value.isEmpty, value.count % size == 0 else { continue }
            directories[entry.ifd, default: []].append((entry.tag, entry.type, value.count / size, value))
        }
        let exif = directories[.exif] ?? [], gps = directories[.gps] ?? []
        var primary = directories[.primary] ?? []
        // The pointers' values are set once the sub-IFDs' offsets are known (4 bytes, in place).
        if !exif.isEmpty { primary.append((0x8769, 4, 1, [0, 0, 0, 0])) }
        if !gps.isEmpty { primary.append((0x8825, 4, 1, [0, 0, 0, 0])) }
        guard !primary.isEmpty else { return nil }
        let sizes = [primary, exif, gps].map(directorySize)
        let exifStart = 8 + sizes[0], gpsStart = exifStart + sizes[1]
        guard gpsStart + sizes[2] <= Int(UInt32.max), [primary, exif, gps].allSatisfy({ $0.count <= 0xFFFF }) else {
            return nil
        }
        primary = primary.map { entry in
            switch entry.tag {
            case 0x8769: (entry.tag, entry.type, entry.count, littleEndian(exifStart, size: 4))
            case 0x8825: (entry.tag, entry.type, entry.count, littleEndian(gpsStart, size: 4))
            default: entry
            }
        }
        var out: [UInt8] = [0x49, 0x49, 42, 0, 8, 0, 0, 0]
        out.reserveCapacity(gpsStart + sizes[2])
        for directory in [primary, exif, gps] where !directory.isEmpty {
            writeDirectory(directory, into: &out)
        }
        return out
    }

    /// The bytes a directory takes: the entry count, the entries, the next-IFD offset and the values over 4 bytes,
    /// each padded to an even length.
    private static func directorySize(_ entries: [(tag: Int, type: Int, count: Int, value: [UInt8])]) -> Int {
        guard !entries.isEmpty else { return 0 }
        return 2 + 12 * entries.count + 4 + entries.reduce(0) { $0 + ($1.value.count > 4 ? ($1.value.count + 1) & ~1 : 0) }
    }

    /// Appends a directory (entries sorted by tag, next-IFD offset 0) and its values at the end of `out`.
    private static func writeDirectory(_ entries: [(tag: Int, type: Int, count: Int, value: [UInt8])],
                                       into out: inout [UInt8]) {
        let sorted = entries.enumerated().sorted { ($0.element.tag, $0.offset) < ($1.element.tag, $1.offset) }.map(\.element)
        var valueAt = out.count + 2 + 12 * sorted.count + 4
        append(sorted.count, size: 2, to: &out)
        for entry in sorted {
            append(entry.tag, size: 2, to: &out)
            append(entry.type, size: 2, to: &out)
            append(entry.count, size: 4, to: &out)
            if entry.value.count <= 4 {
                out += entry.value
                out.append(contentsOf: repeatElement(0, count: 4 - entry.value.count))
            } else {
                append(valueAt, size: 4, to: &out)
                valueAt += (entry.value.count + 1) & ~1
            }
        }
        append(0, size: 4, to: &out)
        for entry in sorted where entry.value.count > 4 {
            out += entry.value
            if entry.value.count % 2 == 1 { out.append(0) }
        }
    }

    /// The little-endian bytes of `value` as TIFF type `type` holds it, or `nil` when the case does not fit the type.
    private static func littleEndianValue(_ value: ExifValue, type: Int) -> [UInt8]? {
        switch value {
        case .bytes(let bytes): return bytes
        case .text(let text): return type == 2 ? Array(text.utf8) + [0] : nil
        case .rationals(let values):
            guard type == 5 || type == 10 else { return nil }
            return values.flatMap { littleEndian($0.numerator, size: 4) + littleEndian($0.denominator, size: 4) }
        case .integers(let values):
            guard [1, 3, 4, 6, 8, 9, 13].contains(type), let size = typeSize(type) else { return nil }
            return values.flatMap { littleEndian($0, size: size) }
        }
    }

    /// The low `size` bytes of `value`, least significant first.
    private static func littleEndian(_ value: Int, size: Int) -> [UInt8] {
        var out: [UInt8] = []
        append(value, size: size, to: &out)
        return out
    }

    /// Appends the low `size` bytes of `value` to `out`, least significant first.
    private static func append(_ value: Int, size: Int, to out: inout [UInt8]) {
        for i in 0..<size { out.append(UInt8(truncatingIfNeeded: value >> (8 * i))) }
    }
}
