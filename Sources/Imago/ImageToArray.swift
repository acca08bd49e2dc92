import ImageKernel
import Transforms

/// Keras's `img_to_array`: the raw samples of `image` as an array of `dtype` (no scaling: 0...255 for 8-bit
/// modes, 0...65535 for `I;16`), shaped (H, W, C) or (C, H, W). One-channel modes get a channel axis of 1.
///
/// Integer dtypes narrower than the samples wrap, as NumPy's unsafe cast does (e.g. `I;16` to `uint8`).
public func imageToArray(_ image: KerasImage, dataFormat: DataFormat = .channelsLast, dtype: NDArray.DType = .float32) throws -> NDArray {
    let (h, w, c) = (image.height, image.width, image.mode.channelCount)
    let shape = dataFormat == .channelsLast ? [h, w, c] : [c, h, w]
    var array = try NDArray(shape: shape, dtype: dtype, zeroed: false)  // every element is written below
    let buffer = image.buffer
    let rowSamples = w * c
    if dataFormat == .channelsLast, dtype == .float32, buffer.format.sampleType == .uint8, buffer.isPacked {
        // The common case (8-bit image to float32): one vectorised pass over the whole image.
        array.withUnsafeMutableElements(as: Float.self) { out in
            buffer.withUnsafeBytes { bytes in
                PixelConversion.widenToFloat32(UnsafeRawBufferPointer(rebasing: bytes.prefix(out.count)), into: out.baseAddress!)
            }
        }
        return array
    }
    array.withUnsafeMutableBytes { out in
        for y in 0..<h {
            buffer.withUnsafeRow(y) { row in
                if dataFormat == .channelsLast {
                    SampleWidening.widen(row, sampleType: buffer.format.sampleType, count: rowSamples,
                                         to: out.baseAddress! + y * rowSamples * dtype.byteCount, dtype: dtype, stride: 1)
                } else {
                    for channel in 0..<c {
                        let plane = (channel * h * w + y * w) * dtype.byteCount
                        SampleWidening.widen(row, sampleType: buffer.format.sampleType, count: w, first: channel, step: c,
                                             to: out.baseAddress! + plane, dtype: dtype)
                    }
                }
            }
        }
    }
    return array
}

/// Conversion of one row of image samples to array elements of any dtype, strided (channels first) or not, written as
/// simple loops the compiler vectorises. The contiguous 8-bit to float32 case is ``PixelConversion``'s.
enum SampleWidening {
    /// Converts `count` consecutive samples.
    static func widen(_ row: UnsafeRawBufferPointer, sampleType: SampleType, count: Int,
                      to destination: UnsafeMutableRawPointer, dtype: NDArray.DType, stride: Int) {
        widen(row, sampleType: sampleType, count: count, first: 0, step: 1, to: destination, dtype: dtype)
    }

    /// Converts samples `first, first + step, ...` (`count` of them) into consecutive elements.
    static func widen(_ row: UnsafeRawBufferPointer, sampleType: SampleType, count: Int, first: Int, step: Int,
                      to destination: UnsafeMutableRawPointer, dtype: NDArray.DType) {
        switch sampleType {
        case .uint8:
            let src = row.baseAddress!.assumingMemoryBound(to: UInt8.self) + first
            store(count: count, dtype: dtype, to: destination) { src[$0 * step] }
        case .uint16:
            let src = row.baseAddress!.assumingMemoryBound(to: UInt16.self) + first
            store(count: count, dtype: dtype, to: destination) { src[$0 * step] }
        case .float32:
            let src = row.baseAddress!.assumingMemoryBound(to: Float.self) + first
            // Mode I: the floats hold int32 values (exactly up to 2^24; a TIFF's larger ones rounded as float32 rounds).
            store(count: count, dtype: dtype, to: destination) { modeIValue(src[$0 * step]) }
        }
    }

    /// A mode-`I` sample held as a float, as the int32 Pillow holds: clamped to the `Int32` range (float32 rounds
    /// 2^31 - 1 up to 2^31) and never trapping (NaN gives 0).
    @inline(__always)
    static func modeIValue(_ v: Float) -> Int32 {
        guard v.isFinite else { return v.isNaN ? 0 : (v > 0 ? .max : .min) }
        return Int32(clamping: Int64(max(min(v, 4.0e9), -4.0e9)))
    }

    @inline(__always)
    static func store<S: BinaryInteger>(count: Int, dtype: NDArray.DType, to destination: UnsafeMutableRawPointer, _ sample: (Int) -> S) {
        switch dtype {
        case .float32:
            let d = destination.assumingMemoryBound(to: Float.self)
            for i in 0..<count { d[i] = Float(sample(i)) }
        case .float64:
            let d = destination.assumingMemoryBound(to: Double.self)
            for i in 0..<count { d[i] = Double(sample(i)) }
        case .uint8:
            let d = destination.assumingMemoryBound(to: UInt8.self)
            for i in 0..<count { d[i] = UInt8(truncatingIfNeeded: sample(i)) }
        case .uint16:
            let d = destination.assumingMemoryBound(to: UInt16.self)
            for i in 0..<count { d[i] = UInt16(truncatingIfNeeded: sample(i)) }
        case .int32:
            let d = destination.assumingMemoryBound(to: Int32.self)
            for i in 0..<count { d[i] = Int32(truncatingIfNeeded: sample(i)) }
        }
    }
}
