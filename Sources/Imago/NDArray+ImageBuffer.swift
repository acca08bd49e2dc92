extension NDArray {
    /// The image's samples as they are stored, shaped (height, width, channels), in the matching dtype
    /// (uint8, uint16 or float32): what `imago decode` writes. No colour conversion and no scaling.
    public init(samplesOf image: ImageBuffer) throws(ImageError) {
        let dtype: DType = switch image.format.sampleType {
        case .uint8: .uint8
        case .uint16: .uint16
        case .float32: .float32
        }
        try self.init(shape: [image.height, image.width, image.channelCount], dtype: dtype, zeroed: false)
        let samples = image.packedBytes()
        withUnsafeMutableBytes { destination in
            samples.withUnsafeBytes { source in
                if !source.isEmpty { destination.baseAddress!.copyMemory(from: source.baseAddress!, byteCount: source.count) }
            }
        }
    }
}
