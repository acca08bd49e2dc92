import CTransformsKernels

/// A 16-bit or float sample for the double-precision passes of Pillow's resampler.
protocol WideSample {
    /// The sample at `p` as a double.
    static func load(_ p: UnsafeRawPointer) -> Double
    /// Stores a pass result the way Pillow does for this sample type.
    static func store(_ ss: Double, _ p: UnsafeMutableRawPointer)
    /// The C kernels' code for this sample type (`CTK_WIDE_*`).
    static var kernelType: Int32 { get }
}

/// Pillow `I;16`: the double sum is rounded half away from zero, then clamped to 0...65535.
enum Wide16: WideSample {
    static var kernelType: Int32 { Int32(CTK_WIDE_U16) }
    @inline(__always) static func load(_ p: UnsafeRawPointer) -> Double { Double(p.loadUnaligned(as: UInt16.self)) }
    @inline(__always) static func store(_ ss: Double, _ p: UnsafeMutableRawPointer) {
        let r = (ss < 0 ? ss - 0.5 : ss + 0.5).rounded(.towardZero)
        let v: UInt16 = r <= 0 ? 0 : (r >= 65535 ? 65535 : UInt16(r))
        p.storeBytes(of: v, as: UInt16.self)
    }
}

/// Pillow `F`: the double sum is cast to float.
enum WideF32: WideSample {
    static var kernelType: Int32 { Int32(CTK_WIDE_F32) }
    @inline(__always) static func load(_ p: UnsafeRawPointer) -> Double { Double(p.loadUnaligned(as: Float.self)) }
    @inline(__always) static func store(_ ss: Double, _ p: UnsafeMutableRawPointer) {
        p.storeBytes(of: Float(ss), as: Float.self)
    }
}

/// Pillow `I` held in float samples (exact up to 2^24): the double sum is rounded half away from zero to an int32, as
/// Pillow's `ROUND_UP` does in its INT32 passes (clamped to the int32 range, where Pillow's cast is undefined), then
/// stored as a float. There are no C kernels for it (``kernelType`` is -1): the Swift passes run.
enum WideI32InF32: WideSample {
    static var kernelType: Int32 { -1 }
    @inline(__always) static func load(_ p: UnsafeRawPointer) -> Double { Double(p.loadUnaligned(as: Float.self)) }
    @inline(__always) static func store(_ ss: Double, _ p: UnsafeMutableRawPointer) {
        let r = (ss >= 0 ? ss + 0.5 : ss - 0.5).rounded(.towardZero)
        let v = r.isNaN ? 0 : Int32(max(min(r, Double(Int32.max)), Double(Int32.min)))
        p.storeBytes(of: Float(v), as: Float.self)
    }
}

/// The double-precision passes (`ImagingResampleHorizontal_16bpc` / `_32bpc` and their vertical twins):
/// unquantised weights, `ss = Σ in * w` summed in tap order from 0.0. Channels are independent. The passes run in the
/// C kernels (``AcceleratedPassesWide``) unless ``ResampleWideBackend`` says otherwise; the Swift loops below are
/// Pillow's scalar loops.
enum SeparablePassesWide {
    static func horizontal<S: WideSample>(_: S.Type, source: UnsafeRawPointer, sourceStride: Int, rowOffset: Int,
                                          destination: UnsafeMutableRawPointer, destinationStride: Int, rows: Int,
                                          channels: Int, coefficients c: ResampleCoefficients) {
        if AcceleratedPassesWide.horizontal(S.self, source: source, sourceStride: sourceStride, rowOffset: rowOffset,
                                            destination: destination, destinationStride: destinationStride, rows: rows,
                                            channels: channels, coefficients: c) { return }
        let size = S.self == Wide16.self ? 2 : 4
        let outWidth = c.first.count
        let work = rows * outWidth * c.stride * channels
        c.weights.withUnsafeBufferPointer { kk in
            let args = UncheckedSendable(kk)
            ParallelRows.run(count: rows, work: work) { range in
                let kk = args.value
                for r in range {
                    let src = source + (rowOffset + r) * sourceStride
                    let dst = destination + r * destinationStride
                    for x in 0..<outWidth {
                        let w = kk.baseAddress! + x * c.stride
                        let p = src + c.first[x] * channels * size
                        for ch in 0..<channels {
                            var ss = 0.0
                            for j in 0..<c.count[x] { ss += S.load(p + (j * channels + ch) * size) * w[j] }
                            S.store(ss, dst + (x * channels + ch) * size)
                        }
                    }
                }
            }
        }
    }

    static func vertical<S: WideSample>(_: S.Type, source: UnsafeRawPointer, sourceStride: Int,
                                        destination: UnsafeMutableRawPointer, destinationStride: Int, samplesPerRow: Int,
                                        coefficients c: ResampleCoefficients) {
        if AcceleratedPassesWide.vertical(S.self, source: source, sourceStride: sourceStride, destination: destination,
                                          destinationStride: destinationStride, samplesPerRow: samplesPerRow,
                                          coefficients: c) { return }
        let size = S.self == Wide16.self ? 2 : 4
        let outHeight = c.first.count
        let work = outHeight * samplesPerRow * c.stride
        c.weights.withUnsafeBufferPointer { kk in
            let args = UncheckedSendable(kk)
            ParallelRows.run(count: outHeight, work: work) { range in
                let kk = args.value
                let acc = UnsafeMutablePointer<Double>.allocate(capacity: max(samplesPerRow, 1))
                defer { acc.deallocate() }
                for y in range {
                    acc.initialize(repeating: 0, count: samplesPerRow)
                    let w = kk.baseAddress! + y * c.stride
                    for j in 0..<c.count[y] {
                        let row = source + (c.first[y] + j) * sourceStride
                        let kj = w[j]
                        for s in 0..<samplesPerRow { acc[s] += S.load(row + s * size) * kj }
                    }
                    let out = destination + y * destinationStride
                    for s in 0..<samplesPerRow { S.store(acc[s], out + s * size) }
                }
            }
        }
    }
}
