import CTransformsKernels

/// The separable, non-antialiased scale-and-translate resample on float32 samples: the core behind Keras's numpy
/// backend `resize` (`smart_resize` and the dataset's grain path) and TensorFlow's `ScaleAndTranslate` methods
/// (lanczos3, lanczos5, gaussian, mitchellcubic).
///
/// The height pass runs first, then the width pass, each only when that size changes (as Keras's numpy backend
/// does). Each output is the fused multiply-add chain `fma(x[k], w[k], acc)` over its taps in input order: the
/// contraction numpy's `tensordot` runs through OpenBLAS for most outputs.
public enum ScaleAndTranslateResampler {
    /// Resamples `source` to `height` x `width` with `kernel` into `output` (`height * width * channels` floats),
    /// with `arithmetic`'s weights, pass order and summation. The passes are the C kernels of
    /// `ctk_st_vertical` / `ctk_st_horizontal` at ``SIMDLevel/current`` (identical bits at every level).
    ///
    /// - `.numpy`: the height pass, then the width pass, each only when that size changes; fused multiply-adds.
    /// - `.tensorFlow` (`GatherRows` then `GatherColumns`): both passes always (a same-size gaussian or
    ///   mitchellcubic still filters); `acc + w * x`.
    public static func resample(
        _ source: SampleRows, height: Int, width: Int, kernel: ScaleAndTranslateKernel,
        arithmetic: ScaleAndTranslateArithmetic = .numpy,
        into output: UnsafeMutablePointer<Float>, scratch: inout ResizeScratch
    ) {
        let c = source.channels
        let rowLength = source.rowLength
        let numpy = arithmetic == .numpy
        let vertical = !numpy || source.height != height
        let horizontal = !numpy || source.width != width
        let level = SIMDLevel.kernelLevel()
        // The input as float rows: used in place when it already is float32, widened once otherwise.
        var widened: [Float] = []
        swap(&widened, &scratch.widened)
        defer { swap(&widened, &scratch.widened) }
        let inPlace = source.sampleType == .float32 && source.rowStride % 4 == 0
        let rows = vertical ? scratch.scaleAndTranslate.axis(input: source.height, output: height, kernel: kernel, arithmetic: arithmetic) : nil
        // With a height pass, only the rows each output row reads are widened, as it needs them (a few rows a
        // output row: the kernel is not stretched without antialias), never the whole image.
        let widenRowsOnDemand = !inPlace && rows != nil
        if !inPlace && !widenRowsOnDemand {
            ResizeScratch.reserve(&widened, source.height * rowLength)
            widened.withUnsafeMutableBufferPointer { w in
                for y in 0..<source.height { source.load(row: y, into: w.baseAddress! + y * rowLength) }
            }
        } else if let rows, widenRowsOnDemand {
            ResizeScratch.reserve(&widened, max(Int(rows.count.max() ?? 1), 1) * rowLength)
        }
        let columns = horizontal ? scratch.scaleAndTranslate.axis(input: source.width, output: width, kernel: kernel, arithmetic: arithmetic) : nil
        if vertical && horizontal { ResizeScratch.reserve(&scratch.intermediate, height * rowLength) }
        widened.withUnsafeMutableBufferPointer { w in
            scratch.intermediate.withUnsafeMutableBufferPointer { mid in
                let input = inPlace ? source.base.assumingMemoryBound(to: Float.self) : UnsafePointer(w.baseAddress!)
                let stride = inPlace ? source.rowStride / 4 : rowLength
                // Height pass (into `mid`, or straight into `output` when the width stays).
                var rowsOut = input, rowsStride = stride
                if let rows {
                    let target = horizontal ? mid.baseAddress! : output
                    rows.weights.withUnsafeBufferPointer { weights in
                        for j in 0..<height {
                            let first = Int(rows.first[j]), taps = Int(rows.count[j])
                            var taken = input + first * stride, takenStride = stride
                            if widenRowsOnDemand {
                                let buffer = w.baseAddress!
                                for k in 0..<taps { source.load(row: first + k, into: buffer + k * rowLength) }
                                taken = UnsafePointer(buffer)
                                takenStride = rowLength
                            }
                            ctk_st_vertical(taken, takenStride, weights.baseAddress! + Int(rows.offset[j]),
                                            rows.count[j], target + j * rowLength, rowLength, numpy ? 1 : 0, level)
                        }
                    }
                    rowsOut = UnsafePointer(target)
                    rowsStride = rowLength
                }
                let outRows = vertical ? height : source.height
                if let columns {
                    columns.weights.withUnsafeBufferPointer { weights in
                        for y in 0..<outRows {
                            ctk_st_horizontal(rowsOut + y * rowsStride, Int32(c), columns.first, columns.offset, columns.count,
                                              weights.baseAddress!, Int32(width), output + y * width * c, numpy ? 1 : 0, level)
                        }
                    }
                } else if !vertical {
                    for y in 0..<outRows { (output + y * rowLength).update(from: rowsOut + y * rowsStride, count: rowLength) }
                }
            }
        }
    }

    /// NumPy's nearest resample: input index `floor((i + 0.5) * in / out)` computed in float32, per axis whose
    /// size changes (an axis that keeps its size is copied).
    public static func nearest(
        _ source: SampleRows, height: Int, width: Int, into output: UnsafeMutablePointer<Float>, scratch: inout ResizeScratch
    ) {
        let index = { (i: Int, m: Int, n: Int) in nearestIndex(i, input: m, output: n) }
        let c = source.channels
        ResizeScratch.reserve(&scratch.rows, source.rowLength)
        scratch.rows.withUnsafeMutableBufferPointer { row in
            for j in 0..<height {
                source.load(row: index(j, source.height, height), into: row.baseAddress!)
                let out = output + j * width * c
                for i in 0..<width {
                    let x = index(i, source.width, width)
                    for ch in 0..<c { out[i * c + ch] = row[x * c + ch] }
                }
            }
        }
    }

    /// NumPy's nearest input index for output `i`: `floor((i + 0.5) * in / out)` in float32 (`i` itself when the
    /// size is unchanged).
    public static func nearestIndex(_ i: Int, input m: Int, output n: Int) -> Int {
        m == n ? i : min(m - 1, Int(((Float(i) + 0.5) * Float(m) / Float(n)).rounded(.down)))
    }
}
