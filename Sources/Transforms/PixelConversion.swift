import CTransformsKernels
/// Bulk sample conversions at memory speed, for turning pixels into tensors.
public enum PixelConversion {
    /// Writes `Float(bytes[i]) * scale` to `output[i]` for every byte (Keras `img_to_array` with `scale` 1).
    ///
    /// Vectorised in C (`ctk_widen_u8`, AVX-512 or AVX2 chosen at run time, capped by ``SIMDLevel``).
    /// `Float(v) * 1` is exact, so the default gives exactly the widened bytes.
    /// With another scale, each value is one correctly rounded float multiplication.
    public static func widenToFloat32(_ bytes: UnsafeRawBufferPointer, into output: UnsafeMutablePointer<Float>, scale: Float = 1) {
        guard let base = bytes.baseAddress else { return }
        ctk_widen_u8(base.assumingMemoryBound(to: UInt8.self), output, bytes.count, scale, SIMDLevel.kernelLevel())
    }

    /// Widens 16-bit samples to float (`Float(v) * scale`).
    public static func widenToFloat32(_ samples: UnsafeBufferPointer<UInt16>, into output: UnsafeMutablePointer<Float>, scale: Float = 1) {
        for i in 0..<samples.count { output[i] = Float(samples[i]) * scale }
    }
}
