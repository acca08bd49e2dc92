import ImageKernel

/// Pillow's NEAREST resize: whole pixels are copied from positions computed in double.
enum NearestResampler {
    /// Source indices for one axis. Pillow's `ImagingScaleAffine` (8-bit, I, F) accumulates the position
    /// (`pos = start + step/2`, then `pos += step`); the generic affine transform used for `I;16` computes
    /// `step * (i + 0.5) + start` afresh. Out-of-range indices are -1 (the pixel stays 0).
    static func indices(count: Int, start: Float, end: Float, inSize: Int, runningSum: Bool) -> [Int] {
        let step = Double(end - start) / Double(count)  // the subtraction is in float, as in Pillow
        let origin = Double(start)
        var result = [Int](repeating: -1, count: count)
        var position = origin + step * 0.5
        for i in 0..<count {
            let v = runningSum ? position : step * (Double(i) + 0.5) + origin
            let index = v < 0 ? -1 : Int(v.rounded(.towardZero))
            if index >= 0 && index < inSize { result[i] = index }
            position += step
        }
        return result
    }

    static func resample(_ image: ImageBuffer, width: Int, height: Int, box: ResizeBox) throws -> ImageBuffer {
        // Pillow routes I;16 (an IMAGING_TYPE_SPECIAL mode) through the generic affine transform.
        let runningSum = image.format != .gray16
        let xs = indices(count: width, start: box.x0, end: box.x1, inSize: image.width, runningSum: runningSum)
        let ys = indices(count: height, start: box.y0, end: box.y1, inSize: image.height, runningSum: runningSum)
        var out = try ImageBuffer(width: width, height: height, format: image.format)
        let bpp = image.format.bytesPerPixel
        image.withUnsafeBytes { src in
            let outStride = out.rowStride
        out.withUnsafeMutableBytes { dst in
                guard let s = src.baseAddress, let d = dst.baseAddress else { return }
                for (y, sy) in ys.enumerated() where sy >= 0 {
                    let srow = s + sy * image.rowStride
                    let drow = d + y * outStride
                    PixelCopy.gather(from: srow, to: drow, indices: xs, bytesPerPixel: bpp)
                }
            }
        }
        return out
    }
}

/// Copies whole pixels by index.
enum PixelCopy {
    /// `dst[i] = src[indices[i]]` for pixels of `bytesPerPixel` bytes; negative indices are skipped.
    @inline(__always)
    static func gather(from src: UnsafeRawPointer, to dst: UnsafeMutableRawPointer, indices: [Int], bytesPerPixel bpp: Int) {
        indices.withUnsafeBufferPointer { idx in
            switch bpp {
            case 1:
                for (i, x) in idx.enumerated() where x >= 0 { dst.storeBytes(of: src.load(fromByteOffset: x, as: UInt8.self), toByteOffset: i, as: UInt8.self) }
            case 4:
                for (i, x) in idx.enumerated() where x >= 0 {
                    dst.storeBytes(of: src.loadUnaligned(fromByteOffset: x * 4, as: UInt32.self), toByteOffset: i * 4, as: UInt32.self)
                }
            default:
                for (i, x) in idx.enumerated() where x >= 0 { (dst + i * bpp).copyMemory(from: src + x * bpp, byteCount: bpp) }
            }
        }
    }
}
