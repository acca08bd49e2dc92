import ImageKernel

/// Copies whole pixels along an affine walk of byte offsets: output pixel (x, y) is the source pixel at
/// `origin + x * stepX + y * stepY`. Every flip, rotation by quarter turns, transpose and transverse is one.
enum AffineCopy {
    static func copy(_ image: ImageBuffer, width: Int, height: Int, origin: Int, stepX: Int, stepY: Int) throws -> ImageBuffer {
        var out = try ImageBuffer(width: width, height: height, format: image.format)
        guard width > 0, height > 0 else { return out }
        let bpp = image.format.bytesPerPixel
        image.withUnsafeBytes { src in
            let outStride = out.rowStride
        out.withUnsafeMutableBytes { dst in
                guard let s = src.baseAddress, let d = dst.baseAddress else { return }
                for y in 0..<height {
                    let drow = d + y * outStride
                    let srow = s + origin + y * stepY
                    switch bpp {
                    case 1:
                        for x in 0..<width { drow.storeBytes(of: srow.load(fromByteOffset: x * stepX, as: UInt8.self), toByteOffset: x, as: UInt8.self) }
                    case 2:
                        for x in 0..<width { drow.storeBytes(of: srow.loadUnaligned(fromByteOffset: x * stepX, as: UInt16.self), toByteOffset: x * 2, as: UInt16.self) }
                    case 4:
                        for x in 0..<width { drow.storeBytes(of: srow.loadUnaligned(fromByteOffset: x * stepX, as: UInt32.self), toByteOffset: x * 4, as: UInt32.self) }
                    case 8:
                        for x in 0..<width { drow.storeBytes(of: srow.loadUnaligned(fromByteOffset: x * stepX, as: UInt64.self), toByteOffset: x * 8, as: UInt64.self) }
                    default:
                        for x in 0..<width { (drow + x * bpp).copyMemory(from: srow + x * stepX, byteCount: bpp) }
                    }
                }
            }
        }
        return out
    }
}
