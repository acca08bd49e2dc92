import ImageKernel

extension ImageBuffer {
    /// Every sample as an `Int`, rows top to bottom (8- and 16-bit formats only).
    var integerSamples: [Int] {
        let count = width * height * channelCount
        var out = [Int](repeating: 0, count: count)
        let bytes = packedBytes()
        bytes.withUnsafeBytes { raw in
            switch format.sampleType {
            case .uint8: for i in 0..<count { out[i] = Int(raw[i]) }
            case .uint16: for i in 0..<count { out[i] = Int(raw.loadUnaligned(fromByteOffset: 2 * i, as: UInt16.self)) }
            case .float32: preconditionFailure("float samples are not integers")
            }
        }
        return out
    }
}
