import ImageKernel

extension NDArray {
    /// An image's samples as they are stored, without Keras's conversions: shape `[height, width, channels]`, dtype
    /// `uint8`, `uint16` or `float32` after the pixel format's sample type (what `numpy.asarray` gives for the same
    /// pixels). ``imageToArray(_:dataFormat:dtype:)`` is Keras's `img_to_array`; this is the raw view, for any pixel
    /// format (gray+alpha, CMYK and float included).
    public init(samplesOf image: ImageBuffer) throws(ImageError) {
        let dtype: DType = switch image.format.sampleType {
        case .uint8: .uint8
        case .uint16: .uint16
        case .float32: .float32
        }
        try self.init(shape: [image.height, image.width, image.channelCount], dtype: dtype, zeroed: false)
        let rowBytes = image.width * image.format.bytesPerPixel
        guard rowBytes > 0, image.height > 0 else { return }
        withUnsafeMutableBytes { destination in
            for y in 0..<image.height {
                image.withUnsafeRow(y) { row in
                    (destination.baseAddress! + y * rowBytes).copyMemory(from: row.baseAddress!, byteCount: rowBytes)
                }
            }
        }
    }
}
