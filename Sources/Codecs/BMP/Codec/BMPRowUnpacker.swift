import ImageKernel

/// Turns one stored BMP row into one row of the output buffer, through unsafe pointers and without allocating.
struct BMPRowUnpacker {
    let layout: BMPLayout
    /// Bits per stored pixel (8 for the index rows the RLE decoder produces).
    let bitCount: Int
    let width: Int
    /// Whether a mode `1` row is read as one bit per pixel whatever `bitCount` says, as Pillow's raw decoder reads
    /// an uncompressed file with a black-and-white palette (RLE rows are indices: 0 black, anything else white).
    var bilevelReadsBits = false

    /// Unpacks the first `rows` stored rows, `stride` bytes apart from `source`, into `buffer` (bottom-up rows fill it
    /// from its last row).
    func unpack(rows: Int, from source: UnsafePointer<UInt8>, stride: Int, topDown: Bool, into buffer: inout ImageBuffer) {
        let height = buffer.height, rowStride = buffer.rowStride
        buffer.withUnsafeMutableBytes { destination in
            let out = destination.baseAddress!.assumingMemoryBound(to: UInt8.self)
            for stored in 0..<rows {
                let y = topDown ? stored : height - 1 - stored
                unpack(source + stored * stride, into: out + y * rowStride)
            }
        }
    }

    /// Unpacks `width` pixels from `source` into `destination` (a row of `layout.pixelFormat`).
    func unpack(_ source: UnsafePointer<UInt8>, into destination: UnsafeMutablePointer<UInt8>) {
        switch layout {
        case .palette(let table, let mode):
            table.withUnsafeBufferPointer { lut in
                unpackIndices(source, into: destination, mode: mode, lut: lut.baseAddress!)
            }
        case .bgr24:
            swapRedBlue(source, sourceStep: 3, into: destination, step: 3)
        case .bgrx32:
            swapRedBlue(source, sourceStep: 4, into: destination, step: 3)
        case .bgra32:
            swapRedBlue(source, sourceStep: 4, into: destination, step: 4)
        case .bitfields(let fields):
            unpackBitfields(source, into: destination, fields: fields)
        }
    }

    /// B, G, R(, A) pixels `sourceStep` bytes apart to R, G, B(, A) pixels `step` bytes apart (`step` 4 keeps the fourth
    /// byte). One 4-byte load and store a pixel: every load stays inside the row (the last pixel of a 3-byte row is
    /// read bytewise), and with `step` 3 each store's fourth byte is overwritten by the next pixel's.
    @inline(__always)
    private func swapRedBlue(_ source: UnsafePointer<UInt8>, sourceStep: Int, into destination: UnsafeMutablePointer<UInt8>,
                             step: Int) {
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

    /// The index of pixel `x` in a row of 1, 2, 4 or 8-bit indices (most significant bits first).
    @inline(__always)
    private func index(_ source: UnsafePointer<UInt8>, _ x: Int) -> Int {
        switch bitCount {
        case 8: return Int(source[x])
        case 4: return Int(source[x >> 1] >> (4 - 4 * UInt8(x & 1))) & 0xF
        case 2: return Int(source[x >> 2] >> (6 - 2 * UInt8(x & 3))) & 0x3
        default: return Int(source[x >> 3] >> (7 - UInt8(x & 7))) & 0x1
        }
    }

    private func unpackIndices(
        _ source: UnsafePointer<UInt8>, into destination: UnsafeMutablePointer<UInt8>,
        mode: BMPLayout.PillowMode, lut: UnsafePointer<UInt8>
    ) {
        switch mode {
        case .bilevel where bilevelReadsBits:
            for x in 0..<width { destination[x] = (source[x >> 3] >> (7 - UInt8(x & 7))) & 1 != 0 ? 255 : 0 }
        case .bilevel:
            for x in 0..<width { destination[x] = index(source, x) != 0 ? 255 : 0 }
        case .l:
            for x in 0..<width { destination[x] = UInt8(truncatingIfNeeded: index(source, x)) }
        default:
            if bitCount == 8 {
                for x in 0..<width {
                    let e = lut + 3 * Int(source[x]), d = destination + 3 * x
                    d[0] = e[0]; d[1] = e[1]; d[2] = e[2]
                }
            } else {
                for x in 0..<width {
                    let e = lut + 3 * index(source, x), d = destination + 3 * x
                    d[0] = e[0]; d[1] = e[1]; d[2] = e[2]
                }
            }
        }
    }

    private func unpackBitfields(_ source: UnsafePointer<UInt8>, into destination: UnsafeMutablePointer<UInt8>, fields: BMPBitfields) {
        let channels = fields.hasAlpha ? 4 : 3
        let size = fields.bytesPerPixel
        fields.tables.withUnsafeBufferPointer { tables in
            let lut = tables.baseAddress!
            for x in 0..<width {
                let s = source + size * x
                var pixel = UInt32(s[0]) | UInt32(s[1]) << 8
                if size > 2 { pixel |= UInt32(s[2]) << 16 }
                if size > 3 { pixel |= UInt32(s[3]) << 24 }
                let d = destination + channels * x
                for c in 0..<channels { d[c] = fields.channel(c, of: pixel, lut: lut) }
            }
        }
    }
}
