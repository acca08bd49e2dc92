/// Bulk sample conversions at memory speed, for turning pixels into tensors.
public enum PixelConversion {
    /// Writes `Float(bytes[i]) * scale` to `output[i]` for every byte (Keras `img_to_array` with `scale` 1).
    ///
    /// Vectorised 16 bytes at a time. `Float(v) * 1` is exact, so the default gives exactly the widened bytes.
    /// With another scale, each value is one correctly rounded float multiplication.
    public static func widenToFloat32(_ bytes: UnsafeRawBufferPointer, into output: UnsafeMutablePointer<Float>, scale: Float = 1) {
        guard let base = bytes.baseAddress else { return }
        let count = bytes.count
        var i = 0
        if scale == 1 {
            while i + 16 <= count {
                let v = base.loadUnaligned(fromByteOffset: i, as: SIMD16<UInt8>.self)
                UnsafeMutableRawPointer(output + i).storeBytes(of: SIMD16<Float>(SIMD16<Int32>(truncatingIfNeeded: v)), as: SIMD16<Float>.self)
                i += 16
            }
        } else {
            let s = SIMD16<Float>(repeating: scale)
            while i + 16 <= count {
                let v = base.loadUnaligned(fromByteOffset: i, as: SIMD16<UInt8>.self)
                UnsafeMutableRawPointer(output + i).storeBytes(of: SIMD16<Float>(SIMD16<Int32>(truncatingIfNeeded: v)) * s, as: SIMD16<Float>.self)
                i += 16
            }
        }
        while i < count {
            output[i] = Float(base.load(fromByteOffset: i, as: UInt8.self)) * scale
            i += 1
        }
    }

    /// Widens 16-bit samples to float (`Float(v) * scale`).
    public static func widenToFloat32(_ samples: UnsafeBufferPointer<UInt16>, into output: UnsafeMutablePointer<Float>, scale: Float = 1) {
        for i in 0..<samples.count { output[i] = Float(samples[i]) * scale }
    }
}
