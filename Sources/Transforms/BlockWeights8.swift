/// Horizontal 8-bit taps laid out for 16-byte blocks, so one output sample's dot product runs as a few wide
/// multiply-adds instead of one short vector per tap.
///
/// For output `x`, the source bytes `first[x] * channels ..< (first[x] + count[x]) * channels` are read in blocks of
/// `step` bytes (16, or 24 for 3 channels so that a block holds whole pixels: three 8-lane parts), one lane per byte. Lane `l` of
/// block `b` carries the weight of the pixel its byte belongs to, split like ``SplitWeights`` and packed in one word
/// as `high << 16 | low`, and 0 for lanes past `step` or past the taps (so bytes read beyond the taps contribute
/// exactly nothing). Every lane is used (`step` lanes per block). Unpacking with `word >> 16` and `word & 0x7FFF` tells the compiler both factors fit 16 bits,
/// so each product lowers to `pmaddwd`.
/// Channel `ch`'s sum is then the sum of the lanes `l < step` with `l % channels == ch`; wrapping Int32 addition is
/// associative, so the result equals Pillow's tap-by-tap int32 sum bit for bit.
struct BlockWeights8 {
    let channels: Int
    let step: Int
    /// Blocks per output.
    let blocks: [Int]
    /// Index of each output's first lane in `high`/`low`.
    let start: [Int]
    /// Packed weights, `high << 16 | low`, 16 per block.
    let packed: [Int32]
    /// The furthest byte (from a row's start) any block of any output reads, exclusive.
    let readEnd: Int

    init(fixedPoint k: [Int32], coefficients c: ResampleCoefficients, channels: Int) {
        self.channels = channels
        let step = channels == 3 ? 24 : 16
        self.step = step
        var blocks = [Int](), start = [Int](), packed = [Int32]()
        var readEnd = 0
        for x in 0..<c.first.count {
            let bytes = c.count[x] * channels
            let n = max(1, (bytes + step - 1) / step)
            blocks.append(n)
            start.append(packed.count)
            for byte in 0..<(n * step) {
                if byte < bytes {
                    let w = k[x * c.stride + byte / channels]
                    packed.append(((w >> 15) << 16) | (w & 0x7FFF))
                } else {
                    packed.append(0)
                }
            }
            readEnd = max(readEnd, c.first[x] * channels + n * step)
        }
        self.blocks = blocks
        self.start = start
        self.packed = packed
        self.readEnd = readEnd
    }

    /// One row: `dst[x * channels + ch]` for every output. The caller guarantees `readEnd` bytes are readable at `src`.
    @inline(__always)
    static func row(src: UnsafePointer<UInt8>, dst: UnsafeMutablePointer<UInt8>, outWidth: Int, channels: Int, step: Int,
                    first: UnsafePointer<Int>, blocks: UnsafePointer<Int>, start: UnsafePointer<Int>,
                    packed: UnsafePointer<Int32>, clip: (Int32) -> UInt8, half: Int32) {
        if channels == 3 {
            rgbRow(src: src, dst: dst, outWidth: outWidth, first: first, blocks: blocks, start: start, packed: packed, clip: clip, half: half)
            return
        }
        for x in 0..<outWidth {
            let p = UnsafeRawPointer(src + first[x] &* channels)
            let w = UnsafeRawPointer(packed + start[x])
            var s = SIMD16<Int32>(repeating: 0)
            let lowMask = SIMD16<Int32>(repeating: 0x7FFF)
            for b in 0..<blocks[x] {
                let v = SIMD16<Int32>(truncatingIfNeeded: p.loadUnaligned(fromByteOffset: b &* step, as: SIMD16<UInt8>.self))
                let word = w.loadUnaligned(fromByteOffset: b &* 64, as: SIMD16<Int32>.self)
                s &+= ((v &* (word &>> 16)) &<< 15) &+ (v &* (word & lowMask))
            }
            let o = dst + x &* channels
            switch channels {
            case 1:
                o[0] = clip(s.wrappedSum() &+ half)
            case 2:
                o[0] = clip(s.evenHalf.wrappedSum() &+ half)
                o[1] = clip(s.oddHalf.wrappedSum() &+ half)
            default:
                let q = s.lowHalf &+ s.highHalf
                let r = q.lowHalf &+ q.highHalf &+ SIMD4<Int32>(repeating: half)
                o[0] = clip(r[0]); o[1] = clip(r[1]); o[2] = clip(r[2]); o[3] = clip(r[3])
            }
        }
    }

    /// Three channels: 24-byte blocks (8 pixels) as three 8-lane parts with their own accumulators; lane `l` of
    /// part `k` holds byte `8k + l` of the block, so its channel is `(8k + l) % 3`.
    @inline(__always)
    static func rgbRow(src: UnsafePointer<UInt8>, dst: UnsafeMutablePointer<UInt8>, outWidth: Int,
                       first: UnsafePointer<Int>, blocks: UnsafePointer<Int>, start: UnsafePointer<Int>,
                       packed: UnsafePointer<Int32>, clip: (Int32) -> UInt8, half: Int32) {
        let lowMask = SIMD8<Int32>(repeating: 0x7FFF)
        for x in 0..<outWidth {
            let p = UnsafeRawPointer(src + first[x] &* 3)
            let w = UnsafeRawPointer(packed + start[x])
            var a0 = SIMD8<Int32>(repeating: 0), a1 = SIMD8<Int32>(repeating: 0), a2 = SIMD8<Int32>(repeating: 0)
            for b in 0..<blocks[x] {
                let q = p + b &* 24, wq = w + b &* 96
                let v0 = SIMD8<Int32>(truncatingIfNeeded: q.loadUnaligned(as: SIMD8<UInt8>.self))
                let v1 = SIMD8<Int32>(truncatingIfNeeded: q.loadUnaligned(fromByteOffset: 8, as: SIMD8<UInt8>.self))
                let v2 = SIMD8<Int32>(truncatingIfNeeded: q.loadUnaligned(fromByteOffset: 16, as: SIMD8<UInt8>.self))
                let w0 = wq.loadUnaligned(as: SIMD8<Int32>.self)
                let w1 = wq.loadUnaligned(fromByteOffset: 32, as: SIMD8<Int32>.self)
                let w2 = wq.loadUnaligned(fromByteOffset: 64, as: SIMD8<Int32>.self)
                a0 &+= ((v0 &* (w0 &>> 16)) &<< 15) &+ (v0 &* (w0 & lowMask))
                a1 &+= ((v1 &* (w1 &>> 16)) &<< 15) &+ (v1 &* (w1 & lowMask))
                a2 &+= ((v2 &* (w2 &>> 16)) &<< 15) &+ (v2 &* (w2 & lowMask))
            }
            // lanes L and L + 12 share a channel (L % 3): fold 24 lanes to 12, lane 4q + i of t_q has channel (4q + i) % 3
            let t0 = a0.lowHalf &+ a1.highHalf, t1 = a0.highHalf &+ a2.lowHalf, t2 = a1.lowHalf &+ a2.highHalf
            let r = t0[0] &+ t0[3] &+ t1[2] &+ t2[1]
            let g = t0[1] &+ t1[0] &+ t1[3] &+ t2[2]
            let bl = t0[2] &+ t1[1] &+ t2[0] &+ t2[3]
            let o = dst + x &* 3
            o[0] = clip(r &+ half); o[1] = clip(g &+ half); o[2] = clip(bl &+ half)
        }
    }
}
