import ImageKernel

extension NpyArray {
    /// Why `image` differs from this reference array (shape `[H, W, C]`, dtype `|u1` or `<u2` for 8/16-bit
    /// samples, `<f4` for float), or `nil` when every sample is equal.
    public func mismatch(_ image: ImageBuffer) -> String? {
        let expectedDType: String = switch image.format.sampleType {
        case .uint8: "|u1"
        case .uint16: "<u2"
        case .float32: "<f4"
        }
        let shape = [image.height, image.width, image.channelCount]
        if self.shape != shape { return "shape \(shape) != reference \(self.shape)" }
        if dtype != expectedDType && !(dtype == "<u1" && expectedDType == "|u1") {
            return "dtype \(expectedDType) != reference \(dtype)"
        }
        let actual = image.packedBytes()
        if actual == data { return nil }
        let index = (0..<min(actual.count, data.count)).first { actual[$0] != data[$0] } ?? min(actual.count, data.count)
        let sample = index / image.format.sampleType.byteCount
        let channels = image.channelCount
        return "first difference at pixel (x \(sample / channels % image.width), y \(sample / channels / image.width)) "
            + "channel \(sample % channels)"
    }
}
