import CTransformsKernels

/// CRC-32C (Castagnoli, reflected polynomial 0x82F63B78), the checksum of TFRecord framing: the CPU's crc32
/// instruction where there is one (SSE4.2, ARMv8 CRC32), else slicing-by-8 tables (`ctk_crc32c_update`).
public struct CRC32C: Sendable {
    /// The running checksum (already finalised: read it at any point).
    public private(set) var value: UInt32 = 0

    /// A checksum of no bytes (0).
    public init() {}

    /// The checksum of `bytes`.
    public static func checksum(_ bytes: some Sequence<UInt8>) -> UInt32 {
        var crc = CRC32C()
        if bytes.withContiguousStorageIfAvailable({ crc.update(UnsafeRawBufferPointer($0)) }) == nil {
            crc.update(Array(bytes))
        }
        return crc.value
    }

    /// The checksum of the bytes in `buffer`.
    public static func checksum(_ buffer: UnsafeRawBufferPointer) -> UInt32 {
        var crc = CRC32C()
        crc.update(buffer)
        return crc.value
    }

    /// TFRecord's masked form of a CRC: rotated right by 15 bits, plus 0xA282EAD8 (so that a CRC of data that
    /// itself holds CRCs is not degenerate).
    public static func mask(_ crc: UInt32) -> UInt32 {
        ((crc >> 15) | (crc << 17)) &+ 0xA282_EAD8
    }

    /// Adds `bytes` to the checksum.
    public mutating func update(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { update($0) }
    }

    /// The checksum of `bytes` through the tables only, the path of CPUs without a crc32 instruction (for tests).
    static func portableChecksum(_ bytes: [UInt8]) -> UInt32 {
        bytes.withUnsafeBytes { ctk_crc32c_update_portable(0, $0.baseAddress, $0.count) }
    }

    /// Adds the bytes of `buffer` to the checksum.
    public mutating func update(_ buffer: UnsafeRawBufferPointer) {
        guard let base = buffer.baseAddress, buffer.count > 0 else { return }
        value = ctk_crc32c_update(value, base, buffer.count)
    }
}
