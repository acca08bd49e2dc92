import ImageKernel

/// Reads the ASCII ("plain") rasters of P1, P2 and P3, where `#` comments may appear between samples.
struct PNMASCIIReader {
    private let bytes: UnsafeBufferPointer<UInt8>
    private var position = 0

    init(_ bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    /// Skips whitespace and comments; false at the end of the data.
    private mutating func skipSeparators() -> Bool {
        while position < bytes.count {
            let byte = bytes[position]
            if PNMSyntax.isWhitespace(byte) {
                position += 1
            } else if byte == UInt8(ascii: "#") {
                while position < bytes.count, bytes[position] != 0x0A, bytes[position] != 0x0D { position += 1 }
            } else {
                return true
            }
        }
        return false
    }

    /// The next decimal sample, or nil at the end of the data.
    private mutating func nextNumber() throws(ImageError) -> Int? {
        guard skipSeparators() else { return nil }
        var value = 0
        var digits = 0
        while position < bytes.count {
            let byte = bytes[position]
            guard PNMSyntax.isDigit(byte) else {
                guard digits > 0, PNMSyntax.isWhitespace(byte) || byte == UInt8(ascii: "#") else {
                    throw .corrupt("PNM ASCII raster: unexpected \(PNMSyntax.describe(byte))")
                }
                break
            }
            digits += 1
            guard digits <= PNMSyntax.maxDigits else { throw .corrupt("PNM ASCII raster: a sample has too many digits") }
            value = value * 10 + Int(byte - 0x30)
            position += 1
        }
        return value
    }

    /// P2, P3: decimal samples 0...maxval, scaled as Pillow does.
    mutating func readSamples(_ header: PNMHeader, _ rows: RowWriter, rowSamples: Int, allowTruncated: Bool) throws(ImageError) {
        let wide = header.maxval > 255
        let table8 = wide ? [] : PNMSampleScale.table8(maxval: header.maxval)
        let table16 = wide ? PNMSampleScale.table16(maxval: header.maxval) : []
        for y in 0..<header.height {
            let row = rows.row(y)
            for i in 0..<rowSamples {
                guard let value = try nextNumber() else {
                    guard allowTruncated else {
                        throw .truncated("PNM ASCII raster ends at row \(y) of \(header.height)")
                    }
                    rows.zero(from: y, byte: i * (wide ? 2 : 1))
                    return
                }
                guard value <= header.maxval else {
                    throw .corrupt("PNM ASCII raster: sample \(value) exceeds maxval \(header.maxval)")
                }
                if wide {
                    row.storeBytes(of: table16[value], toByteOffset: 2 * i, as: UInt16.self)
                } else {
                    row.storeBytes(of: table8[value], toByteOffset: i, as: UInt8.self)
                }
            }
        }
    }

    /// P1: one `0` (white) or `1` (black) per pixel; whitespace between them is optional.
    mutating func readBits(_ header: PNMHeader, _ rows: RowWriter, allowTruncated: Bool) throws(ImageError) {
        for y in 0..<header.height {
            let row = rows.row(y)
            for x in 0..<header.width {
                guard skipSeparators() else {
                    guard allowTruncated else {
                        throw .truncated("PBM ASCII raster ends at row \(y) of \(header.height)")
                    }
                    rows.zero(from: y, byte: x)
                    return
                }
                let byte = bytes[position]
                guard byte == UInt8(ascii: "0") || byte == UInt8(ascii: "1") else {
                    throw .corrupt("PBM ASCII raster: unexpected \(PNMSyntax.describe(byte))")
                }
                row.storeBytes(of: byte == UInt8(ascii: "1") ? 0 : 255, toByteOffset: x, as: UInt8.self)
                position += 1
            }
        }
    }
}
