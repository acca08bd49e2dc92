/// TFRecord framing, as `tf.io.TFRecordWriter` writes and `tf.data.TFRecordDataset` reads it (uncompressed):
/// each record is its length (uint64, little-endian), the masked CRC-32C of those 8 bytes (uint32), the data,
/// then the masked CRC-32C of the data (uint32).
public enum TFRecord {
    /// The bytes a record adds around its data (8 + 4 before, 4 after).
    public static let overhead = 16

    /// One framed record holding `data`.
    public static func frame(_ data: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(data.count + overhead)
        out += header(dataLength: data.count)
        out += data
        out += footer(dataCRC: CRC32C.checksum(data))
        return out
    }

    /// What a record holds before its data of `dataLength` bytes: the length and its masked CRC-32C.
    public static func header(dataLength: Int) -> [UInt8] {
        let length = withUnsafeBytes(of: UInt64(dataLength).littleEndian, Array.init)
        return length + littleEndian(CRC32C.mask(CRC32C.checksum(length)))
    }

    /// What a record holds after its data: the masked `dataCRC` (the data's CRC-32C, see ``CRC32C``).
    public static func footer(dataCRC: UInt32) -> [UInt8] {
        littleEndian(CRC32C.mask(dataCRC))
    }

    /// The records of a TFRecord file's bytes, with both CRCs of every record checked.
    /// - Throws: `ImageError/Kind/corrupt` naming the record whose length or data CRC does not match, and
    ///   `ImageError/Kind/truncated` when the bytes end inside a record.
    public static func records(in bytes: [UInt8]) throws(ImageError) -> [[UInt8]] {
        var records: [[UInt8]] = []
        var offset = 0
        while offset < bytes.count {
            guard bytes.count - offset >= 12 else { throw .truncated("TFRecord \(records.count) is cut off in its length") }
            let lengthBytes = Array(bytes[offset..<offset + 8])
            guard readUInt32(bytes, at: offset + 8) == CRC32C.mask(CRC32C.checksum(lengthBytes)) else {
                throw .corrupt("TFRecord \(records.count) at byte \(offset): the length's CRC does not match")
            }
            let length = lengthBytes.reversed().reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
            let start = offset + 12
            guard length <= UInt64(bytes.count - start), bytes.count - start - Int(length) >= 4 else {
                throw .truncated("TFRecord \(records.count) at byte \(offset) is cut off (length \(length))")
            }
            let end = start + Int(length)
            let data = Array(bytes[start..<end])
            guard readUInt32(bytes, at: end) == CRC32C.mask(CRC32C.checksum(data)) else {
                throw .corrupt("TFRecord \(records.count) at byte \(offset): the data's CRC does not match")
            }
            records.append(data)
            offset = end + 4
        }
        return records
    }

    private static func littleEndian(_ value: UInt32) -> [UInt8] {
        withUnsafeBytes(of: value.littleEndian, Array.init)
    }

    private static func readUInt32(_ bytes: [UInt8], at offset: Int) -> UInt32 {
        (0..<4).reduce(UInt32(0)) { $0 | UInt32(bytes[offset + $1]) << (8 * UInt32($1)) }
    }
}
