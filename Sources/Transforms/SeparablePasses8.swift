/// The 8-bit passes of Pillow's separable resampler (`ImagingResampleHorizontal_8bpc` / `..Vertical_8bpc`):
/// 22-bit fixed-point weights, an int32 accumulator seeded with 2^21, then `clamp(ss >> 22, 0, 255)`.
/// Every byte channel is independent, so one routine serves L, LA, RGB, RGBA and CMYK.
enum SeparablePasses8 {
    private static let half = Int32(1 << (ResampleCoefficients.precisionBits - 1))
    private static let shift = Int32(ResampleCoefficients.precisionBits)

    @inline(__always)
    private static func clip(_ ss: Int32) -> UInt8 {
        let v = ss >> shift
        return v < 0 ? 0 : (v > 255 ? 255 : UInt8(truncatingIfNeeded: v))
    }

    /// Horizontal pass: destination row `r` is source row `rowOffset + r`.
    static func horizontal(source: UnsafeRawPointer, sourceStride: Int, rowOffset: Int,
                           destination: UnsafeMutableRawPointer, destinationStride: Int, rows: Int,
                           channels: Int, coefficients c: ResampleCoefficients) {
        let k = c.fixedPoint
        let outWidth = c.first.count
        let work = rows * outWidth * c.stride * channels
        k.withUnsafeBufferPointer { kk in
            c.first.withUnsafeBufferPointer { first in
                c.count.withUnsafeBufferPointer { count in
                    let args = UncheckedSendable((kk, first, count))
                    ParallelRows.run(count: rows, work: work) { range in
                        let (kk, first, count) = args.value
                        for r in range {
                            let src = source + (rowOffset + r) * sourceStride
                            let dst = destination + r * destinationStride
                            horizontalRow(src: src.assumingMemoryBound(to: UInt8.self),
                                          dst: dst.assumingMemoryBound(to: UInt8.self),
                                          channels: channels, outWidth: outWidth, kstride: c.stride,
                                          k: kk.baseAddress!, first: first.baseAddress!, count: count.baseAddress!)
                        }
                    }
                }
            }
        }
    }

    @inline(__always)
    private static func horizontalRow(src: UnsafePointer<UInt8>, dst: UnsafeMutablePointer<UInt8>, channels: Int,
                                      outWidth: Int, kstride: Int, k: UnsafePointer<Int32>,
                                      first: UnsafePointer<Int>, count: UnsafePointer<Int>) {
        switch channels {
        case 1:
            for x in 0..<outWidth {
                let w = k + x * kstride
                let p = src + first[x]
                var ss = half
                for j in 0..<count[x] { ss &+= Int32(p[j]) &* w[j] }
                dst[x] = clip(ss)
            }
        case 4:
            let lo = SIMD4<Int32>(repeating: 0), hi = SIMD4<Int32>(repeating: 255)
            for x in 0..<outWidth {
                let w = k + x * kstride
                let p = UnsafeRawPointer(src + first[x] * 4)
                var ss = SIMD4<Int32>(repeating: half)
                for j in 0..<count[x] {
                    let v = SIMD4<Int32>(truncatingIfNeeded: p.loadUnaligned(fromByteOffset: j * 4, as: SIMD4<UInt8>.self))
                    ss &+= v &* w[j]
                }
                let o = (ss &>> shift).clamped(lowerBound: lo, upperBound: hi)
                UnsafeMutableRawPointer(dst + x * 4).storeBytes(of: SIMD4<UInt8>(truncatingIfNeeded: o), as: SIMD4<UInt8>.self)
            }
        case 3:
            for x in 0..<outWidth {
                let w = k + x * kstride
                let p = src + first[x] * 3
                var ss = SIMD4<Int32>(repeating: half)
                for j in 0..<count[x] {
                    let q = p + j * 3
                    ss &+= SIMD4<Int32>(Int32(q[0]), Int32(q[1]), Int32(q[2]), 0) &* w[j]
                }
                let o = dst + x * 3
                o[0] = clip(ss[0]); o[1] = clip(ss[1]); o[2] = clip(ss[2])
            }
        default:
            for x in 0..<outWidth {
                let w = k + x * kstride
                let p = src + first[x] * channels
                for ch in 0..<channels {
                    var ss = half
                    for j in 0..<count[x] { ss &+= Int32(p[j * channels + ch]) &* w[j] }
                    dst[x * channels + ch] = clip(ss)
                }
            }
        }
    }

    /// Vertical pass over `rowBytes` bytes per row (all channels alike): output row `y` sums source rows
    /// `first[y] ..< first[y] + count[y]` in tap order.
    static func vertical(source: UnsafeRawPointer, sourceStride: Int,
                         destination: UnsafeMutableRawPointer, destinationStride: Int, rowBytes: Int,
                         coefficients c: ResampleCoefficients) {
        let k = c.fixedPoint
        let outHeight = c.first.count
        let work = outHeight * rowBytes * c.stride
        k.withUnsafeBufferPointer { kk in
            let args = UncheckedSendable(kk)
            ParallelRows.run(count: outHeight, work: work) { range in
                let kk = args.value
                let acc = UnsafeMutablePointer<Int32>.allocate(capacity: max(rowBytes, 1))
                defer { acc.deallocate() }
                for y in range {
                    acc.initialize(repeating: half, count: rowBytes)
                    let w = kk.baseAddress! + y * c.stride
                    for j in 0..<c.count[y] {
                        let row = (source + (c.first[y] + j) * sourceStride).assumingMemoryBound(to: UInt8.self)
                        let kj = w[j]
                        for b in 0..<rowBytes { acc[b] &+= Int32(row[b]) &* kj }
                    }
                    let out = (destination + y * destinationStride).assumingMemoryBound(to: UInt8.self)
                    for b in 0..<rowBytes { out[b] = clip(acc[b]) }
                }
            }
        }
    }
}
