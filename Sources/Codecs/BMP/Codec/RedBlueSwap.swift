/// Swapping the first and third byte of each pixel: BMP stores B, G, R(, A), Imago holds R, G, B(, A). The decoder
/// and the encoder share it (the swap is its own inverse).
enum RedBlueSwap {
    /// `width` B, G, R(, A) pixels `sourceStep` bytes apart to R, G, B(, A) pixels `step` bytes apart (`step` 4 keeps
    /// the fourth byte); the same call turns R, G, B(, A) into B, G, R(, A). One 4-byte load and store a pixel: every
    /// load and store stays inside the row (the last pixel of a 3-byte row is done bytewise), and with `step` 3 each
    /// store's fourth byte is overwritten by the next pixel's.
    @inline(__always)
    static func swap(_ source: UnsafePointer<UInt8>, sourceStep: Int, into destination: UnsafeMutablePointer<UInt8>,
                     step: Int, width: Int) {
        guard width > 0 else { return }
        let s = UnsafeRawPointer(source), d = UnsafeMutableRawPointer(destination)
        var first = 0
        if sourceStep == 3 && step == 3 {
            // Four pixels (12 bytes) at a time: three 4-byte loads, the bytes regrouped, three 4-byte stores.
            while first &+ 4 <= width {
                let at = 3 &* first
                let w0 = UInt32(littleEndian: s.loadUnaligned(fromByteOffset: at, as: UInt32.self))
                let w1 = UInt32(littleEndian: s.loadUnaligned(fromByteOffset: at &+ 4, as: UInt32.self))
                let w2 = UInt32(littleEndian: s.loadUnaligned(fromByteOffset: at &+ 8, as: UInt32.self))
                // In: B0 G0 R0 B1 | G1 R1 B2 G2 | R2 B3 G3 R3. Out: R0 G0 B0 R1 | G1 B1 R2 G2 | B2 R3 G3 B3.
                let o0 = (w0 >> 16) & 0xFF | w0 & 0xFF00 | (w0 & 0xFF) << 16 | (w1 & 0xFF00) << 16
                let o1 = w1 & 0xFF | (w0 >> 24) << 8 | (w2 & 0xFF) << 16 | w1 & 0xFF00_0000
                let o2 = (w1 >> 16) & 0xFF | (w2 >> 24) << 8 | w2 & 0xFF_0000 | (w2 & 0xFF00) << 16
                d.storeBytes(of: o0.littleEndian, toByteOffset: at, as: UInt32.self)
                d.storeBytes(of: o1.littleEndian, toByteOffset: at &+ 4, as: UInt32.self)
                d.storeBytes(of: o2.littleEndian, toByteOffset: at &+ 8, as: UInt32.self)
                first &+= 4
            }
        }
        let bulk = step == 4 && sourceStep == 4 ? width : width &- 1
        for x in first..<max(first, bulk) {
            let v = UInt32(littleEndian: s.loadUnaligned(fromByteOffset: sourceStep &* x, as: UInt32.self))
            let swapped = (v & 0xFF00_FF00) | (v & 0xFF) << 16 | (v >> 16) & 0xFF
            d.storeBytes(of: swapped.littleEndian, toByteOffset: step &* x, as: UInt32.self)
        }
        if bulk < width {
            let sp = source + sourceStep &* bulk, dp = destination + step &* bulk
            dp[0] = sp[2]; dp[1] = sp[1]; dp[2] = sp[0]
        }
    }
}
