/// The separable, non-antialiased scale-and-translate resample on float32 samples: the core behind Keras's numpy
/// backend `resize` (`smart_resize` and the dataset's grain path) and TensorFlow's `ScaleAndTranslate` methods
/// (lanczos3, lanczos5, gaussian, mitchellcubic).
///
/// The height pass runs first, then the width pass, each only when that size changes (as Keras's numpy backend
/// does). Each output is the fused multiply-add chain `fma(x[k], w[k], acc)` over its taps in input order: the
/// contraction numpy's `tensordot` runs through OpenBLAS for most outputs.
public enum ScaleAndTranslateResampler {
    /// Resamples `source` to `height` x `width` with `kernel` into `output` (`height * width * channels` floats),
    /// with `arithmetic`'s weights, pass order and summation.
    public static func resample(
        _ source: SampleRows, height: Int, width: Int, kernel: ScaleAndTranslateKernel,
        arithmetic: ScaleAndTranslateArithmetic = .numpy,
        into output: UnsafeMutablePointer<Float>, scratch: inout ResizeScratch
    ) {
        switch arithmetic {
        case .numpy:
            resampleHeightFirst(source, height: height, width: width, kernel: kernel, into: output, scratch: &scratch)
        case .tensorFlow:
            resampleTensorFlow(source, height: height, width: width, kernel: kernel, into: output, scratch: &scratch)
        }
    }

    /// Keras's numpy backend: height pass, then width pass, each only when that size changes; FMA chains.
    private static func resampleHeightFirst(
        _ source: SampleRows, height: Int, width: Int, kernel: ScaleAndTranslateKernel,
        into output: UnsafeMutablePointer<Float>, scratch: inout ResizeScratch
    ) {
        let c = source.channels
        let rowLength = source.rowLength
        ResizeScratch.reserve(&scratch.rows, rowLength)
        if source.height != height {
            let rows = scratch.scaleAndTranslate.axis(input: source.height, output: height, kernel: kernel)
            let direct = source.width == width
            if !direct { ResizeScratch.reserve(&scratch.intermediate, height * rowLength) }
            scratch.rows.withUnsafeMutableBufferPointer { row in
                scratch.intermediate.withUnsafeMutableBufferPointer { mid in
                    verticalPass(source, rows, Fused.self, row: row.baseAddress!, into: direct ? output : mid.baseAddress!)
                }
            }
            guard !direct else { return }
            let columns = scratch.scaleAndTranslate.axis(input: source.width, output: width, kernel: kernel)
            scratch.intermediate.withUnsafeBufferPointer { mid in
                for y in 0..<height {
                    horizontalRow(mid.baseAddress! + y * rowLength, channels: c, columns, Fused.self, into: output + y * width * c)
                }
            }
        } else if source.width != width {
            let columns = scratch.scaleAndTranslate.axis(input: source.width, output: width, kernel: kernel)
            scratch.rows.withUnsafeMutableBufferPointer { row in
                for y in 0..<height {
                    source.load(row: y, into: row.baseAddress!)
                    horizontalRow(row.baseAddress!, channels: c, columns, Fused.self, into: output + y * width * c)
                }
            }
        } else {
            for y in 0..<height { source.load(row: y, into: output + y * rowLength) }
        }
    }

    /// TensorFlow's `ScaleAndTranslate` (`GatherRows` then `GatherColumns`): the height pass into an (out height,
    /// in width) intermediate, then the width pass; both always run; `acc += w * x`.
    private static func resampleTensorFlow(
        _ source: SampleRows, height: Int, width: Int, kernel: ScaleAndTranslateKernel,
        into output: UnsafeMutablePointer<Float>, scratch: inout ResizeScratch
    ) {
        let c = source.channels
        let rowLength = source.rowLength
        let columns = scratch.scaleAndTranslate.axis(input: source.width, output: width, kernel: kernel, arithmetic: .tensorFlow)
        let rows = scratch.scaleAndTranslate.axis(input: source.height, output: height, kernel: kernel, arithmetic: .tensorFlow)
        ResizeScratch.reserve(&scratch.rows, rowLength)
        ResizeScratch.reserve(&scratch.intermediate, height * rowLength)
        scratch.rows.withUnsafeMutableBufferPointer { row in
            scratch.intermediate.withUnsafeMutableBufferPointer { mid in
                verticalPass(source, rows, Plain.self, row: row.baseAddress!, into: mid.baseAddress!)
                for y in 0..<height {
                    horizontalRow(mid.baseAddress! + y * rowLength, channels: c, columns, Plain.self, into: output + y * width * c)
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

    private static func verticalPass<M: MultiplyAdd>(_ source: SampleRows, _ axis: ScaleAndTranslateAxis, _: M.Type,
                                                     row: UnsafeMutablePointer<Float>, into out: UnsafeMutablePointer<Float>) {
        let rowLength = source.rowLength
        axis.weights.withUnsafeBufferPointer { weights in
            for j in 0..<axis.output {
                let target = out + j * rowLength
                let count = axis.count[j]
                guard count > 0 else {
                    target.initialize(repeating: 0, count: rowLength)
                    continue
                }
                let w = weights.baseAddress! + axis.offset[j]
                for k in 0..<count {
                    source.load(row: axis.first[j] + k, into: row)
                    let wk = w[k]
                    if k == 0 {
                        // acc = 0 + w * x: the product rounded once, for both summations.
                        for x in 0..<rowLength { target[x] = row[x] * wk }
                    } else {
                        for x in 0..<rowLength { target[x] = M.apply(row[x], wk, target[x]) }
                    }
                }
            }
        }
    }

    private static func horizontalRow<M: MultiplyAdd>(_ row: UnsafePointer<Float>, channels c: Int, _ axis: ScaleAndTranslateAxis,
                                                      _: M.Type, into out: UnsafeMutablePointer<Float>) {
        axis.weights.withUnsafeBufferPointer { weights in
            for j in 0..<axis.output {
                let count = axis.count[j]
                let w = weights.baseAddress! + axis.offset[j]
                let start = axis.first[j] * c
                for ch in 0..<c {
                    var acc: Float = 0
                    var index = start + ch
                    for k in 0..<count {
                        acc = M.apply(row[index], w[k], acc)
                        index += c
                    }
                    out[j * c + ch] = acc
                }
            }
        }
    }

    /// How a tap is added to an output: rounded once (fused) or twice (product, then sum).
    protocol MultiplyAdd {
        static func apply(_ a: Float, _ b: Float, _ c: Float) -> Float
    }

    /// `fma(a, b, c)`, as BLAS computes numpy's contraction.
    enum Fused: MultiplyAdd {
        @inline(__always) static func apply(_ a: Float, _ b: Float, _ c: Float) -> Float { fusedMultiplyAdd(a, b, c) }
    }

    /// `c + b * a`, as TensorFlow's gather loops compute it.
    enum Plain: MultiplyAdd {
        @inline(__always) static func apply(_ a: Float, _ b: Float, _ c: Float) -> Float { c + b * a }
    }

    /// `a * b + c` rounded once to float32 (what BLAS's FMA instructions compute), without a call into libm:
    /// the product is exact in double; the sum's rounding error (TwoSum) settles the one case where rounding the
    /// double sum to float could differ, a sum exactly halfway between two floats.
    @inline(__always)
    static func fusedMultiplyAdd(_ a: Float, _ b: Float, _ c: Float) -> Float {
        let product = Double(a) * Double(b)
        let addend = Double(c)
        let sum = product + addend
        let rounded = Float(sum)
        // Only a double sum exactly halfway between two floats can round differently from the exact value. In the
        // normal float range a midpoint has its 29 low significand bits equal to 1 followed by 28 zeros.
        if (sum.bitPattern & 0x1FFF_FFFF) != 0x1000_0000 && sum.magnitude >= 0x1p-125 { return rounded }
        return resolveTie(product, addend, sum, rounded)
    }

    @inline(never)
    private static func resolveTie(_ product: Double, _ addend: Double, _ sum: Double, _ rounded: Float) -> Float {
        let back = sum - product
        let error = (product - (sum - back)) + (addend - back)
        let exact = Double(rounded)
        if error == 0 || sum == exact { return rounded }
        let neighbour = sum > exact ? rounded.nextUp : rounded.nextDown
        guard sum == (exact + Double(neighbour)) / 2 else { return rounded }
        // A tie in double that is not a tie in the exact value: round toward the side of the error.
        return error > 0 ? max(rounded, neighbour) : min(rounded, neighbour)
    }
}
