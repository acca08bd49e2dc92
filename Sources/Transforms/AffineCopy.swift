import CTransformsKernels
import ImageKernel

/// Copies whole pixels along an affine walk of byte offsets: output pixel (x, y) is the source pixel at
/// `origin + x * stepX + y * stepY`. Every flip, rotation by quarter turns, transpose and transverse is one.
///
/// One pass from the source into an uninitialised output (no zero fill, no intermediate buffer), in C
/// (`ctk_affine_copy`, the pixel size a constant of each loop): walks that read the source across its rows
/// (transposes, quarter turns) go through the output in 32x32 tiles, so that the source rows a tile reads stay in the
/// cache, and move 3- and 4-byte pixels in 4x4 blocks transposed in vector registers (SSSE3 on x86-64); walks along
/// the source rows copy whole rows.
enum AffineCopy {
    static func copy(_ image: ImageBuffer, width: Int, height: Int, origin: Int, stepX: Int, stepY: Int) throws -> ImageBuffer {
        var out = try ImageBuffer(width: width, height: height, format: image.format, zeroed: false)
        guard width > 0, height > 0 else { return out }
        let bpp = image.format.bytesPerPixel
        image.withUnsafeBytes { src in
            let outStride = out.rowStride
            out.withUnsafeMutableBytes { dst in
                guard let s = src.baseAddress, let d = dst.baseAddress else { return }
                ctk_affine_copy(s.assumingMemoryBound(to: UInt8.self), src.count, d.assumingMemoryBound(to: UInt8.self), outStride,
                                width, height, origin, stepX, stepY, bpp)
            }
        }
        return out
    }
}
