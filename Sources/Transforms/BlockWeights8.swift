/// Horizontal 8-bit taps laid out for 16-byte blocks, so one output sample's dot product runs as a few wide
/// multiply-adds instead of one short vector per tap.
///
/// For output `x`, the source bytes `first[x] * channels ..< (first[x] + count[x]) * channels` are read in blocks of
/// `step` bytes (16, or 12 for 3 channels so that a block holds whole pixels), each loaded as 16 lanes. Lane `l` of
/// block `b` carries the weight of the pixel its byte belongs to, split like ``SplitWeights`` and packed in one word
/// as `high << 16 | low`, and 0 for lanes past `step` or past the taps (so bytes read beyond the taps contribute
/// exactly nothing). Unpacking with `word >> 16` and `word & 0x7FFF` tells the compiler both factors fit 16 bits,
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
        let step = channels == 3 ? 12 : 16
        self.step = step
        var blocks = [Int](), start = [Int](), packed = [Int32]()
        var readEnd = 0
        for x in 0..<c.first.count {
            let bytes = c.count[x] * channels
            let n = max(1, (bytes + step - 1) / step)
            blocks.append(n)
            start.append(packed.count)
            for lane in 0..<(n * 16) {
                let block = lane / 16, l = lane % 16
                let byte = block * step + l
                if l < step && byte < bytes {
                    let w = k[x * c.stride + byte / channels]
                    packed.append(((w >> 15) << 16) | (w & 0x7FFF))
                } else {
                    packed.append(0)
                }
            }
            readEnd = max(readEnd, c.first[x] * channels + (n - 1) * step + 16)
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
            case 3:
                o[0] = clip(s[0] &+ s[3] &+ s[6] &+ s[9] &+ half)
                o[1] = clip(s[1] &+ s[4] &+ s[7] &+ s[10] &+ half)
                o[2] = clip(s[2] &+ s[5] &+ s[8] &+ s[11] &+ half)
            default:
                let q = s.lowHalf &+ s.highHalf
                let r = q.lowHalf &+ q.highHalf &+ SIMD4<Int32>(repeating: half)
                o[0] = clip(r[0]); o[1] = clip(r[1]); o[2] = clip(r[2]); o[3] = clip(r[3])
            }
        }
    }
}
