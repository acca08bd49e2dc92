import ImageKernel

/// Copies whole pixels along an affine walk of byte offsets: output pixel (x, y) is the source pixel at
/// `origin + x * stepX + y * stepY`. Every flip, rotation by quarter turns, transpose and transverse is one.
///
/// One pass from the source into an uninitialised output (no zero fill, no intermediate buffer). Walks that read the
/// source across its rows (transposes, quarter turns) go through the output in square tiles, so that the source rows
/// a tile reads stay in the cache; walks along the source rows copy whole rows.
enum AffineCopy {
    /// The side, in pixels, of the tiles of a walk across the source rows.
    static let tileSide = 32

    static func copy(_ image: ImageBuffer, width: Int, height: Int, origin: Int, stepX: Int, stepY: Int) throws -> ImageBuffer {
        var out = try ImageBuffer(width: width, height: height, format: image.format, zeroed: false)
        guard width > 0, height > 0 else { return out }
        let bpp = image.format.bytesPerPixel
        let alongRows = abs(stepX) == bpp
        let tileWidth = alongRows ? width : tileSide
        let tileHeight = alongRows ? height : tileSide
        image.withUnsafeBytes { src in
            let outStride = out.rowStride
            out.withUnsafeMutableBytes { dst in
                guard let s = src.baseAddress, let d = dst.baseAddress else { return }
                for y0 in stride(from: 0, to: height, by: tileHeight) {
                    for x0 in stride(from: 0, to: width, by: tileWidth) {
                        let count = min(tileWidth, width - x0)
                        for y in y0..<min(y0 + tileHeight, height) {
                            let drow = d + y * outStride + x0 * bpp
                            let srow = s + (origin + y * stepY + x0 * stepX)
                            if stepX == bpp {
                                drow.copyMemory(from: srow, byteCount: count * bpp)
                            } else {
                                copyPixels(from: srow, stepX: stepX, to: drow, count: count, bytesPerPixel: bpp)
                            }
                        }
                    }
                }
            }
        }
        return out
    }

    /// Copies `count` pixels read `stepX` bytes apart into consecutive pixels, by whole words of the pixel's size.
    @inline(__always)
    private static func copyPixels(from source: UnsafeRawPointer, stepX: Int, to destination: UnsafeMutableRawPointer,
                                   count: Int, bytesPerPixel bpp: Int) {
        switch bpp {
        case 1: copyWords(source, stepX, destination, count, UInt8.self, 1)
        case 2: copyWords(source, stepX, destination, count, UInt16.self, 1)
        case 3: copyWords(source, stepX, destination, count, UInt8.self, 3)
        case 4: copyWords(source, stepX, destination, count, UInt32.self, 1)
        case 6: copyWords(source, stepX, destination, count, UInt16.self, 3)
        case 8: copyWords(source, stepX, destination, count, UInt64.self, 1)
        case 12: copyWords(source, stepX, destination, count, UInt32.self, 3)
        case 16: copyWords(source, stepX, destination, count, UInt64.self, 2)
        default:
            for x in 0..<count { (destination + x * bpp).copyMemory(from: source + x * stepX, byteCount: bpp) }
        }
    }

    /// Pixels of `words` words of type `W` each.
    @inline(__always)
    private static func copyWords<W: FixedWidthInteger>(_ source: UnsafeRawPointer, _ stepX: Int,
                                                        _ destination: UnsafeMutableRawPointer, _ count: Int,
                                                        _: W.Type, _ words: Int) {
        let size = MemoryLayout<W>.size
        for x in 0..<count {
            let from = source + x * stepX
            let to = destination + x * words * size
            for k in 0..<words {
                to.storeBytes(of: from.loadUnaligned(fromByteOffset: k * size, as: W.self), toByteOffset: k * size, as: W.self)
            }
        }
    }
}
