/// Structure-aware repairs applied after libFuzzer's byte-level mutations, so that mutated inputs still pass the
/// container checks that random bytes almost never satisfy (PNG's per-chunk CRC-32, RIFF's size fields) and the
/// mutations reach the parsers behind them.
public enum StructureRepair {
    /// Recomputes the CRC-32 of every complete chunk after the PNG signature, in place. Stops at the first chunk
    /// whose length runs past the end.
    public static func repairPNGChunkCRCs(_ data: UnsafeMutablePointer<UInt8>, _ size: Int) {
        var offset = 8
        while offset + 12 <= size {
            let length = Int(bigEndian32(data + offset))
            guard length <= size - offset - 12 else { return }
            let crc = CRC32.checksum(UnsafeBufferPointer(start: data + offset + 4, count: length + 4))
            storeBigEndian32(crc, data + offset + 8 + length)
            offset += length + 12
        }
    }

    /// Sets a RIFF file's size field to the data's length and clamps each chunk's size to what is left, in place.
    public static func repairRIFFSizes(_ data: UnsafeMutablePointer<UInt8>, _ size: Int) {
        guard size >= 12 else { return }
        storeLittleEndian32(UInt32(truncatingIfNeeded: size - 8), data + 4)
        var offset = 12
        while offset + 8 <= size {
            let remaining = size - offset - 8
            var length = Int(littleEndian32(data + offset + 4))
            if length > remaining {
                length = remaining
                storeLittleEndian32(UInt32(length), data + offset + 4)
            }
            offset += 8 + length + (length & 1)
        }
    }

    private static func bigEndian32(_ p: UnsafePointer<UInt8>) -> UInt32 {
        UInt32(p[0]) << 24 | UInt32(p[1]) << 16 | UInt32(p[2]) << 8 | UInt32(p[3])
    }

    private static func littleEndian32(_ p: UnsafePointer<UInt8>) -> UInt32 {
        UInt32(p[0]) | UInt32(p[1]) << 8 | UInt32(p[2]) << 16 | UInt32(p[3]) << 24
    }

    private static func storeBigEndian32(_ value: UInt32, _ p: UnsafeMutablePointer<UInt8>) {
        for i in 0..<4 { p[i] = UInt8(truncatingIfNeeded: value >> (24 - 8 * i)) }
    }

    private static func storeLittleEndian32(_ value: UInt32, _ p: UnsafeMutablePointer<UInt8>) {
        for i in 0..<4 { p[i] = UInt8(truncatingIfNeeded: value >> (8 * i)) }
    }
}

/// The CRC-32 of PNG and zlib (polynomial 0xEDB88320, reflected).
enum CRC32 {
    static let table: [UInt32] = (0..<256).map { n in
        var c = UInt32(n)
        for _ in 0..<8 { c = c & 1 != 0 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
        return c
    }

    static func checksum(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt32 {
        var c: UInt32 = 0xFFFF_FFFF
        for byte in bytes { c = table[Int((c ^ UInt32(byte)) & 0xFF)] ^ (c >> 8) }
        return c ^ 0xFFFF_FFFF
    }
}

/// libFuzzer's default mutation of `size` bytes at `data` (room for `maxSize`); returns the new size.
@_silgen_name("LLVMFuzzerMutate")
public func LLVMFuzzerMutate(_ data: UnsafeMutablePointer<UInt8>?, _ size: Int, _ maxSize: Int) -> Int
