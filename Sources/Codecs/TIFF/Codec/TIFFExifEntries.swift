import CTIFFShim
import ImageKernel

/// An EXIF block as the TIFF writer stores it natively: the IFD0 tags a TIFF's own directory holds, and the Exif and
/// GPS sub-IFDs as directories of their own (tags 34665 and 34853), parsed by ``ImageKernel/ExifDirectory``.
///
/// Not carried: IFD0 tags that describe the pixel layout (size, samples, compression, strips, YCbCr...: libtiff sets
/// them from the image), the Orientation (``TIFFEncodeOptions/orientation`` writes it), the thumbnail (IFD1), the
/// interoperability sub-IFD, FLOAT/DOUBLE values and rationals with a zero denominator. The shim further skips a tag
/// libtiff does not know or whose values do not fit libtiff's definition of it (type, count); see
/// `imago_tiff_writer_exif_skipped`.
struct TIFFExifEntries {
    /// IFD0 tags that describe the photo rather than the pixels: ImageDescription, Make, Model, XResolution,
    /// YResolution, ResolutionUnit, Software, DateTime, Artist, HostComputer, Copyright.
    static let primaryTags: Set<Int> = [0x010E, 0x010F, 0x0110, 0x011A, 0x011B, 0x0128, 0x0131, 0x0132, 0x013B,
                                        0x013C, 0x8298]

    private struct Entry {
        var directory: UInt16
        var tag: UInt16
        var type: UInt16
        var count: Int
        var numbers: Range<Int>?
        var bytes: Range<Int>?
        var rationals: Range<Int>?
    }

    private var entries: [Entry] = []
    private var numbers: [Double] = []
    private var bytes: [UInt8] = []
    private var rationals: [UInt32] = []

    /// The entries of `exif` a TIFF holds (none when the block is absent or has no valid TIFF header).
    init(_ exif: [UInt8]?) {
        guard let exif, let directory = ExifDirectory(exif) else { return }
        for entry in directory.entries {
            let target: UInt16
            switch entry.ifd {
            case .primary where Self.primaryTags.contains(entry.tag): target = 0
            case .exif where entry.tag != 0xA005: target = 1
            case .gps: target = 2
            default: continue
            }
            var item = Entry(directory: target, tag: UInt16(entry.tag), type: UInt16(entry.type), count: entry.count)
            switch entry.value {
            case .integers(let values):
                guard !values.isEmpty else { continue }
                item.count = values.count
                item.numbers = append(values.map(Double.init))
            case .rationals(let values):
                let quotients = values.compactMap(\.doubleValue)
                guard !quotients.isEmpty, quotients.count == values.count else { continue }
                item.count = quotients.count
                item.numbers = append(quotients)
                let start = rationals.count
                rationals += values.flatMap { [UInt32(truncatingIfNeeded: $0.numerator), UInt32(truncatingIfNeeded: $0.denominator)] }
                item.rationals = start..<rationals.count
            case .text:
                // The bytes as stored (a text that is not UTF-8 stays as it was), up to the first NUL.
                let stored = directory.bytes[entry.valueOffset..<entry.valueOffset + entry.count].prefix { $0 != 0 }
                item.count = stored.count
                item.bytes = append(Array(stored) + [0])
            case .bytes(let raw):
                guard !raw.isEmpty, entry.type != 11, entry.type != 12 else { continue }
                item.count = raw.count
                item.bytes = append(raw)
            }
            entries.append(item)
        }
    }

    /// Whether there is nothing to write.
    var isEmpty: Bool { entries.isEmpty }

    /// The worst-case bytes the entries take in a file: their values and a 12-byte directory entry each (a rational
    /// is 8 bytes, as in the source), plus two directory headers.
    var storageBound: Int { numbers.count * 8 + bytes.count + entries.count * 20 + 64 }

    /// Calls `body` with the C entries, valid only during the call.
    func withCEntries<R>(_ body: (UnsafePointer<ImagoTIFFExifEntry>?, UInt32) throws -> R) rethrows -> R {
        try numbers.withUnsafeBufferPointer { numberBase in
            try bytes.withUnsafeBufferPointer { byteBase in
                try rationals.withUnsafeBufferPointer { rationalBase in
                    let list = entries.map { entry in
                        ImagoTIFFExifEntry(directory: entry.directory, tag: entry.tag, type: entry.type,
                                           count: UInt32(clamping: entry.count),
                                           numbers: entry.numbers.map { numberBase.baseAddress! + $0.lowerBound },
                                           bytes: entry.bytes.map { byteBase.baseAddress! + $0.lowerBound },
                                           rationals: entry.rationals.map { rationalBase.baseAddress! + $0.lowerBound })
                    }
                    return try list.withUnsafeBufferPointer { try body($0.baseAddress, UInt32($0.count)) }
                }
            }
        }
    }

    private mutating func append(_ values: [Double]) -> Range<Int> {
        let start = numbers.count
        numbers += values
        return start..<numbers.count
    }

    private mutating func append(_ values: [UInt8]) -> Range<Int> {
        let start = bytes.count
        bytes += values
        return start..<bytes.count
    }
}
