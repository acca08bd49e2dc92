/// The 8-bit passes of Pillow's separable resampler (`ImagingResampleHorizontal_8bpc` / `..Vertical_8bpc`):
/// 22-bit fixed-point weights, an int32 accumulator seeded with 2^21, then `clamp(ss >> 22, 0, 255)`.
/// Every byte channel is independent, so one routine serves L, LA, RGB, RGBA and CMYK.
/// Each pass first offers the work to the C kernels (``AcceleratedPasses8``); these Swift loops are the portable path.
enum SeparablePasses8 {
    private static let half = Int32(1 << (ResampleCoefficients.precisionBits - 1))
    private static let shift = Int32(ResampleCoefficients.precisionBits)

    @inline(__always)
    private static func clip(_ ss: Int32) -> UInt8 {
        let v = ss >> shift
        return v < 0 ? 0 : (v > 255 ? 255 : UInt8(truncatingIfNeeded: v))
    }

    /// Horizontal pass: destination row `r` is source row `rowOffset + r`. `sourceBytes` bytes are readable at `source`.
    static func horizontal(source: UnsafeRawPointer, sourceStride: Int, sourceBytes: Int, rowOffset: Int,
                           destination: UnsafeMutableRawPointer, destinationStride: Int, rows: Int,
                           inWidth: Int, channels: Int, coefficients c: ResampleCoefficients) {
        if AcceleratedPasses8.horizontal(source: source, sourceStride: sourceStride, sourceBytes: sourceBytes, rowOffset: rowOffset,
                                         destination: destination, destinationStride: destinationStride, rows: rows,
                                         channels: channels, coefficients: c) { return }
        let k = c.fixedPoint
        let split = SplitWeights(k)
        let blocks = BlockWeights8(fixedPoint: k, coefficients: c, channels: channels)
        let outWidth = c.first.count
        let work = rows * outWidth * c.stride * channels
        let useBlocks = channels <= 4
        k.withUnsafeBufferPointer { kk in
        split.high.withUnsafeBufferPointer { kh in
        split.low.withUnsafeBufferPointer { kl in
        c.first.withUnsafeBufferPointer { first in
        c.count.withUnsafeBufferPointer { count in
        blocks.blocks.withUnsafeBufferPointer { nb in
        blocks.start.withUnsafeBufferPointer { bs in
        blocks.packed.withUnsafeBufferPointer { bw in
            let args = UncheckedSendable((kk, kh, kl, first, count, nb, bs, bw))
            ParallelRows.run(count: rows, work: work) { range in
                let (kk, kh, kl, first, count, nb, bs, bw) = args.value
                for r in range {
                    let rowStart = (rowOffset + r) * sourceStride
                    let src = (source + rowStart).assumingMemoryBound(to: UInt8.self)
                    let dst = (destination + r * destinationStride).assumingMemoryBound(to: UInt8.self)
                    if useBlocks && rowStart + blocks.readEnd <= sourceBytes {
                        BlockWeights8.row(src: src, dst: dst, outWidth: outWidth, channels: channels, step: blocks.step,
                                          first: first.baseAddress!, blocks: nb.baseAddress!, start: bs.baseAddress!,
                                          packed: bw.baseAddress!, clip: clip, half: half)
                    } else {
                        horizontalRow(src: src, dst: dst, channels: channels, outWidth: outWidth, kstride: c.stride,
                                      k: kk.baseAddress!, split: (kh.baseAddress!, kl.baseAddress!),
                                      first: first.baseAddress!, count: count.baseAddress!, inWidth: inWidth)
                    }
                }
            }
        }}}}}}}}
    }

    @inline(__always)
    private static func horizontalRow(src: UnsafePointer<UInt8>, dst: UnsafeMutablePointer<UInt8>, channels: Int,
                                      outWidth: Int, kstride: Int, k: UnsafePointer<Int32>,
                                      split: (high: UnsafePointer<Int16>, low: UnsafePointer<Int16>),
                                      first: UnsafePointer<Int>, count: UnsafePointer<Int>, inWidth: Int) {
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
                let wh = split.high + x * kstride, wl = split.low + x * kstride
                let p = UnsafeRawPointer(src + first[x] * 4)
                var sh = SIMD4<Int32>(repeating: 0), sl = SIMD4<Int32>(repeating: half)
                for j in 0..<count[x] {
                    let v = SIMD4<Int32>(truncatingIfNeeded: p.loadUnaligned(fromByteOffset: j * 4, as: SIMD4<UInt8>.self))
                    sh &+= v &* SIMD4<Int32>(repeating: Int32(wh[j]))
                    sl &+= v &* SIMD4<Int32>(repeating: Int32(wl[j]))
                }
                let o = (SplitWeights.combine(sh, sl) &>> shift).clamped(lowerBound: lo, upperBound: hi)
                UnsafeMutableRawPointer(dst + x * 4).storeBytes(of: SIMD4<UInt8>(truncatingIfNeeded: o), as: SIMD4<UInt8>.self)
            }
        case 3:
            for x in 0..<outWidth {
                let wh = split.high + x * kstride, wl = split.low + x * kstride
                let p = src + first[x] * 3
                var sh = SIMD4<Int32>(repeating: 0), sl = SIMD4<Int32>(repeating: half)
                let n = count[x]
                // Whole 4-byte loads (lane 3 is the next pixel's red, ignored) except at the row's last pixel,
                // which has no byte after it.
                let wide = first[x] + n < inWidth ? n : n - 1
                for j in 0..<max(wide, 0) {
                    let v = SIMD4<Int32>(truncatingIfNeeded: UnsafeRawPointer(p + j * 3).loadUnaligned(as: SIMD4<UInt8>.self))
                    sh &+= v &* SIMD4<Int32>(repeating: Int32(wh[j]))
                    sl &+= v &* SIMD4<Int32>(repeating: Int32(wl[j]))
                }
                for j in max(wide, 0)..<n {
                    let q = p + j * 3
                    let v = SIMD4<Int32>(Int32(q[0]), Int32(q[1]), Int32(q[2]), 0)
                    sh &+= v &* SIMD4<Int32>(repeating: Int32(wh[j]))
                    sl &+= v &* SIMD4<Int32>(repeating: Int32(wl[j]))
                }
                let ss = SplitWeights.combine(sh, sl)
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
        if AcceleratedPasses8.vertical(source: source, sourceStride: sourceStride, destination: destination,
                                       destinationStride: destinationStride, rowBytes: rowBytes, coefficients: c) { return }
        let k = c.fixedPoint
        let outHeight = c.first.count
        let work = outHeight * rowBytes * c.stride
        // Packed split weights (see BlockWeights8): `high << 16 | low`.
        let packed = k.map { ((($0 >> 15) << 16) | ($0 & 0x7FFF)) }
        packed.withUnsafeBufferPointer { kp in
            let args = UncheckedSendable(kp)
            ParallelRows.run(count: outHeight, work: work) { range in
                let kp = args.value
                for y in range {
                    let w = kp.baseAddress! + y &* c.stride
                    let taps = c.count[y]
                    let rows = source + c.first[y] &* sourceStride
                    let out = (destination + y &* destinationStride).assumingMemoryBound(to: UInt8.self)
                    // 16 columns at a time, the accumulator kept in registers across the taps.
                    var b = 0
                    let lowMask = SIMD16<Int32>(repeating: 0x7FFF)
                    while b &+ 16 <= rowBytes {
                        var acc = SIMD16<Int32>(repeating: half)
                        for j in 0..<taps {
                            let v = SIMD16<Int32>(truncatingIfNeeded: (rows + j &* sourceStride).loadUnaligned(fromByteOffset: b, as: SIMD16<UInt8>.self))
                            let word = SIMD16<Int32>(repeating: w[j])
                            acc &+= ((v &* (word &>> 16)) &<< 15) &+ (v &* (word & lowMask))
                        }
                        let o = (acc &>> shift).clamped(lowerBound: SIMD16(repeating: 0), upperBound: SIMD16(repeating: 255))
                        UnsafeMutableRawPointer(out + b).storeBytes(of: SIMD16<UInt8>(truncatingIfNeeded: o), as: SIMD16<UInt8>.self)
                        b &+= 16
                    }
                    while b < rowBytes {
                        var ss = half
                        for j in 0..<taps {
                            let word = w[j]
                            ss &+= Int32((rows + j &* sourceStride).load(fromByteOffset: b, as: UInt8.self)) &* ((word >> 16) &<< 15 &+ (word & 0x7FFF))
                        }
                        out[b] = clip(ss)
                        b &+= 1
                    }
                }
            }
        }
    }
}

/// 22-bit weights split as `k = high * 2^15 + low` with `low` in 0..<2^15 and `high` small: both fit Int16, so
/// byte * weight products can use 16-bit multiply-add instructions (x86 `pmaddwd`) instead of emulated 32-bit
/// multiplies. `Σ p*k = (Σ p*high) << 15 + Σ p*low` holds exactly in wrapping Int32 arithmetic, so results equal
/// Pillow's int32 sums bit for bit.
struct SplitWeights {
    let high: [Int16]
    let low: [Int16]

    init(_ k: [Int32]) {
        high = k.map { Int16(truncatingIfNeeded: $0 >> 15) }
        low = k.map { Int16(truncatingIfNeeded: $0 & 0x7FFF) }
    }

    @inline(__always)
    static func combine(_ high: SIMD4<Int32>, _ low: SIMD4<Int32>) -> SIMD4<Int32> {
        (high &<< 15) &+ low
    }

    @inline(__always)
    static func combine(_ high: Int32, _ low: Int32) -> Int32 {
        (high &<< 15) &+ low
    }
}
