import ImageKernel

/// Keras's `array_to_img`: a rank-3 array to an image, computed in float32 exactly as Keras does.
///
/// - `scale: true`: `x - min(x)`, then `/ max` when the max is not 0, then `* 255` (global min/max over all
///   channels; a constant image becomes black; a NaN makes everything 0).
/// - The cast to 8 bits truncates (no rounding) and, with `scale: false`, wraps modulo 256 as NumPy does on x86-64
///   (`-0.5` gives 0, `300` gives 44, `-5` gives 251).
/// - 4 channels give `RGBA`, 3 `RGB`, 1 `L`, except 1 channel with a maximum above 255 (only possible with
///   `scale: false`), which gives mode `I` (int32 values, held as exact floats). Other channel counts are an error.
public func arrayToImage(_ array: NDArray, dataFormat: DataFormat = .channelsLast, scale: Bool = true) throws -> KerasImage {
    guard array.rank == 3 else {
        throw ImageError.invalidArgument("Expected image array to have rank 3 (single image). Got array with shape: \(NDArray.describe(array.shape))")
    }
    let (h, w, c) = dataFormat == .channelsLast
        ? (array.shape[0], array.shape[1], array.shape[2])
        : (array.shape[1], array.shape[2], array.shape[0])
    guard c == 1 || c == 3 || c == 4 else { throw ImageError.invalidArgument("Unsupported channel number: \(c)") }
    guard h > 0, w > 0 else { throw ImageError.invalidArgument("cannot make an image of an empty array of shape \(NDArray.describe(array.shape))") }

    // x = np.asarray(x, dtype="float32"), in HWC order.
    var x = [Float](repeating: 0, count: h * w * c)
    for y in 0..<h {
        for i in 0..<w {
            for ch in 0..<c {
                let source = dataFormat == .channelsLast ? (y * w + i) * c + ch : (ch * h + y) * w + i
                x[(y * w + i) * c + ch] = Float(array[flat: source])
            }
        }
    }
    if scale {
        let low = nanPropagatingMin(x)
        for i in x.indices { x[i] = x[i] - low }
        let high = nanPropagatingMax(x)
        if high != 0 { for i in x.indices { x[i] /= high } }
        for i in x.indices { x[i] *= 255 }
    }
    let mode: PillowMode
    switch c {
    case 4: mode = .rgba
    case 3: mode = .rgb
    default: mode = nanPropagatingMax(x) > 255 ? .i : .l
    }
    var buffer = try ImageBuffer(width: w, height: h, format: mode.pixelFormat)
    buffer.withUnsafeMutableBytes { out in
        if mode == .i {
            let d = out.baseAddress!.assumingMemoryBound(to: Float.self)
            for i in x.indices { d[i] = Float(castToInt32(x[i])) }
        } else {
            for i in x.indices { out[i] = UInt8(truncatingIfNeeded: castToInt32(x[i])) }
        }
    }
    return try KerasImage(buffer: buffer, mode: mode)
}

/// NumPy's float32-to-integer cast on x86-64 (`cvttss2si`): truncation toward zero; NaN and values outside the
/// int32 range give `Int32.min` (whose low byte is 0).
@inline(__always)
func castToInt32(_ v: Float) -> Int32 {
    guard v.isFinite, v >= -2147483648.0, v < 2147483648.0 else { return .min }
    return Int32(v)
}

/// `np.min`: NaN if any element is NaN.
func nanPropagatingMin(_ x: [Float]) -> Float {
    var m = Float.infinity
    for v in x {
        if v.isNaN { return .nan }
        if v < m { m = v }
    }
    return m
}

/// `np.max`: NaN if any element is NaN.
func nanPropagatingMax(_ x: [Float]) -> Float {
    var m = -Float.infinity
    for v in x {
        if v.isNaN { return .nan }
        if v > m { m = v }
    }
    return m
}
