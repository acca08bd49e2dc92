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
            RedBlueSwap.swap(source, sourceStep: 3, into: destination, step: 3, width: width)
        case .bgrx32:
            RedBlueSwap.swap(source, sourceStep: 4, into: destination, step: 3, width: width)
        case .bgra32:
            RedBlueSwap.swap(source, sourceStep: 4, into: destination, step: 4, width: width)
        case .bitfields(let fields):
            unpackBitfields(source, into: destination, fields: fields)
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
