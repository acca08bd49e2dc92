import Imago

/// Writes an image's samples as a NumPy `.npy` file (format 1.0, little-endian, C order, shape `[H, W, C]`).
///
/// Local to the CLI for now; Imago's own NDArray will take its place.
enum NpyWriter {
    /// The dtype descriptor of a sample type.
    static func dtype(_ sampleType: SampleType) -> String {
        switch sampleType {
        case .uint8: "|u1"
        case .uint16: "<u2"
        case .float32: "<f4"
        }
    }

    /// The complete file: magic, version 1.0, a header padded so the data starts at a multiple of 64, the data.
    static func encode(_ image: ImageBuffer) -> [UInt8] {
        var header = "{'descr': '\(dtype(image.format.sampleType))', 'fortran_order': False, "
            + "'shape': (\(image.height), \(image.width), \(image.channelCount)), }"
        let unpadded = 10 + header.utf8.count + 1
        header += String(repeating: " ", count: (64 - unpadded % 64) % 64) + "\n"
        let length = header.utf8.count
        var out: [UInt8] = [0x93] + Array("NUMPY".utf8) + [1, 0, UInt8(length & 0xFF), UInt8(length >> 8)]
        out += Array(header.utf8)
        var samples = image.packedBytes()
        #if _endian(big)
        let width = image.format.sampleType.byteCount
        if width > 1 {
            for start in stride(from: 0, to: samples.count, by: width) { samples[start..<start + width].reverse() }
        }
        #endif
        out += samples
        return out
    }
}
