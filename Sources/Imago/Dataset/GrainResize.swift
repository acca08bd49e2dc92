/// The resize of Keras's `format="grain"` dataset path on the numpy backend: `keras.ops.image.resize(img, size,
/// interpolation, antialias=False, crop_to_aspect_ratio, pad_to_aspect_ratio)` applied to a float32 (H, W, C) image.
///
/// It reproduces `keras/src/backend/numpy/image.py` step by step: the integer crop box or the symmetric zero
/// padding, then one separable pass per spatial axis whose size changes (height first), each with the
/// float64 weight matrix of `_compute_weight_mat` (non-antialiased: kernel scale 1, sample position
/// `(i + 0.5) / scale - 0.5`, weights normalised per output and zeroed for samples outside `[-0.5, in - 0.5]`)
/// cast to float32, and the float32 contraction numpy's `tensordot` runs through BLAS, modelled as a fused
/// multiply-add chain over the input index. `nearest` takes `floor((i + 0.5) * in / out)` computed in float32.
/// Float input stays float: no rounding, no clipping.
///
/// Exactness: `nearest`, crop and pad are bit-exact. The interpolating methods match Keras to within a few float32
/// ulps (at most 7.7e-5 on 0...255 values in the fixture grid; about a third of the arrays are bit-identical).
/// The rest is numpy's BLAS, not the resize: with the OpenBLAS 0.3.31 Haswell kernel numpy 2.4.6 uses on this
/// machine, most outputs are the sequential FMA chain modelled here, but some tiles of sgemm's blocking (which
/// ones depends on both matrix dimensions: e.g. rows 0-5 of each 12-row block in the first 8-column block) sum
/// the even and the odd input indices in two chains and add them at the end. Keras's own result therefore
/// changes with the CPU and the BLAS build; Imago gives one portable answer.
///
/// The source may be 8-bit, 16-bit or float32 samples (an 8-bit image gives the same result as its float32
/// conversion, without materialising it).
public struct GrainResize: Sendable, Hashable {
    /// The interpolations the numpy backend's `resize` accepts.
    public enum Method: String, Sendable, Hashable, CaseIterable {
        case bilinear, nearest, bicubic, lanczos3, lanczos5

        /// Half-width of the kernel: weights are zero beyond it.
        var support: Double {
            switch self {
            case .bilinear, .nearest: 1
            case .bicubic: 2
            case .lanczos3: 3
            case .lanczos5: 5
            }
        }
    }

    /// Target height.
    public var height: Int
    /// Target width.
    public var width: Int
    public var method: Method
    /// `crop_to_aspect_ratio`: crop the centre to the target's aspect ratio first.
    public var cropToAspectRatio: Bool
    /// `pad_to_aspect_ratio`: pad both sides with zeros to the target's aspect ratio first.
    public var padToAspectRatio: Bool

    /// A resize to `height` x `width`. Throws when both crop and pad are asked for, or a size is not positive.
    public init(height: Int, width: Int, method: Method = .bilinear, cropToAspectRatio: Bool = false, padToAspectRatio: Bool = false) throws(ImageError) {
        guard height > 0, width > 0 else {
            throw .invalidArgument("Invalid `image_size` value: (\(height), \(width)); both sizes must be positive")
        }
        guard !(cropToAspectRatio && padToAspectRatio) else {
            throw .invalidArgument("Only one of `pad_to_aspect_ratio` & `crop_to_aspect_ratio` can be `True`.")
        }
        self.height = height
        self.width = width
        self.method = method
        self.cropToAspectRatio = cropToAspectRatio
        self.padToAspectRatio = padToAspectRatio
    }

    /// Resizes an (H, W, C) float32 array and returns the (height, width, C) result.
    public func apply(_ pixels: [Float], height inHeight: Int, width inWidth: Int, channels: Int) -> [Float] {
        var out = [Float](repeating: 0, count: height * width * channels)
        pixels.withUnsafeBufferPointer { p in
            out.withUnsafeMutableBufferPointer { o in apply(p, height: inHeight, width: inWidth, channels: channels, into: o) }
        }
        return out
    }

    /// Resizes `pixels`, an (inHeight, inWidth, channels) float32 image in C order, into `output`
    /// (`height * width * channels` floats).
    public func apply(
        _ pixels: UnsafeBufferPointer<Float>, height inHeight: Int, width inWidth: Int, channels: Int,
        into output: UnsafeMutableBufferPointer<Float>
    ) {
        precondition(pixels.count >= inHeight * inWidth * channels)
        let source = Source(base: UnsafeRawPointer(pixels.baseAddress!), rowStride: inWidth * channels * 4,
                            height: inHeight, width: inWidth, channels: channels, sampleType: .float32)
        var scratch = Scratch()
        apply(source, into: output, scratch: &scratch)
    }

    /// Resizes the samples of `image` (gray, RGB or RGBA of any sample type, read as float32 values) into `output`.
    public func apply(_ image: ImageBuffer, into output: UnsafeMutableBufferPointer<Float>, scratch: inout Scratch) {
        image.withUnsafeBytes { raw in
            let source = Source(base: raw.baseAddress!, rowStride: image.rowStride, height: image.height, width: image.width,
                                channels: image.channelCount, sampleType: image.format.sampleType)
            apply(source, into: output, scratch: &scratch)
        }
    }

    /// Reusable intermediate storage, so that a worker resizing many images allocates once.
    public struct Scratch: Sendable {
        var intermediate: [Float] = []
        var row: [Float] = []
        var padded: [Float] = []
        var weights: [WeightKey: [Taps]] = [:]

        public init() {}

        mutating func taps(input: Int, output: Int, method: Method) -> [Taps] {
            let key = WeightKey(input: input, output: output, method: method)
            if let cached = weights[key] { return cached }
            let computed = GrainResize.weights(input: input, output: output, method: method)
            if weights.count > 64 { weights.removeAll() }
            weights[key] = computed
            return computed
        }
    }

    struct WeightKey: Hashable, Sendable {
        var input: Int
        var output: Int
        var method: Method
    }

    /// A view of interleaved samples, converted to float32 row by row.
    struct Source {
        var base: UnsafeRawPointer
        var rowStride: Int
        var height: Int
        var width: Int
        var channels: Int
        var sampleType: SampleType

        /// Row `y` as float32 values into `destination` (`width * channels` of them).
        func load(row y: Int, into destination: UnsafeMutablePointer<Float>) {
            let count = width * channels
            let start = base + y * rowStride
            switch sampleType {
            case .uint8:
                let p = start.assumingMemoryBound(to: UInt8.self)
                for i in 0..<count { destination[i] = Float(p[i]) }
            case .uint16:
                let p = start.assumingMemoryBound(to: UInt16.self)
                for i in 0..<count { destination[i] = Float(p[i]) }
            case .float32:
                destination.update(from: start.assumingMemoryBound(to: Float.self), count: count)
            }
        }

        /// The same samples from column `x0`, `columns` wide and from row `y0`, `rows` high (an array slice).
        func cropped(x0: Int, y0: Int, columns: Int, rows: Int) -> Source {
            var s = self
            s.base = base + y0 * rowStride + x0 * channels * sampleType.byteCount
            s.width = columns
            s.height = rows
            return s
        }
    }

    func apply(_ input: Source, into output: UnsafeMutableBufferPointer<Float>, scratch: inout Scratch) {
        precondition(output.count >= height * width * input.channels)
        var source = input
        if cropToAspectRatio {
            let cropHeight = max(min(source.height, Int(Double(source.width * height) / Double(width))), 1)
            let cropWidth = max(min(source.width, Int(Double(source.height * width) / Double(height))), 1)
            let y0 = Int(Double(source.height - cropHeight) / 2)
            let x0 = Int(Double(source.width - cropWidth) / 2)
            source = source.cropped(x0: x0, y0: y0, columns: cropWidth, rows: cropHeight)
        } else if padToAspectRatio {
            scratch.padded = padded(source)
            let p = source
            let (h, w) = paddedSize(p)
            return scratch.padded.withUnsafeBufferPointer { values in
                let view = Source(base: UnsafeRawPointer(values.baseAddress!), rowStride: w * p.channels * 4, height: h, width: w,
                                  channels: p.channels, sampleType: .float32)
                var inner = self
                inner.padToAspectRatio = false
                var rest = Scratch()
                swap(&rest.weights, &scratch.weights)
                inner.resize(view, into: output, scratch: &rest)
                swap(&rest.weights, &scratch.weights)
            }
        }
        resize(source, into: output, scratch: &scratch)
    }

    // MARK: Pad (numpy backend `resize`)

    private func paddedSize(_ p: Source) -> (height: Int, width: Int) {
        let padHeight = max(p.height, Int(Double(p.width * height) / Double(width)))
        let padWidth = max(p.width, Int(Double(p.height * width) / Double(height)))
        let top = Int(Double(padHeight - p.height) / 2)
        let left = Int(Double(padWidth - p.width) / 2)
        if top > 0 { return (p.height + 2 * top, p.width) }
        if left > 0 { return (p.height, p.width + 2 * left) }
        return (p.height, p.width)
    }

    /// The zero-padded image as float32: `int((pad - h) / 2)` rows (or columns) on both sides.
    private func padded(_ p: Source) -> [Float] {
        let (h, w) = paddedSize(p)
        let top = (h - p.height) / 2, left = (w - p.width) / 2
        var values = [Float](repeating: 0, count: h * w * p.channels)
        values.withUnsafeMutableBufferPointer { out in
            for y in 0..<p.height {
                p.load(row: y, into: out.baseAddress! + ((y + top) * w + left) * p.channels)
            }
        }
        return values
    }

    // MARK: Passes

    private func resize(_ source: Source, into output: UnsafeMutableBufferPointer<Float>, scratch: inout Scratch) {
        let c = source.channels
        if method == .nearest {
            nearest(source, into: output, scratch: &scratch)
            return
        }
        let rowLength = source.width * c
        if scratch.row.count < rowLength { scratch.row = [Float](repeating: 0, count: rowLength) }
        if source.height != height {
            // Height pass into `intermediate` (height x source.width x c), then the width pass from it.
            let taps = scratch.taps(input: source.height, output: height, method: method)
            let needed = height * rowLength
            if scratch.intermediate.count < needed { scratch.intermediate = [Float](repeating: 0, count: needed) }
            scratch.row.withUnsafeMutableBufferPointer { row in
                scratch.intermediate.withUnsafeMutableBufferPointer { mid in
                    let destination = source.width == width ? output.baseAddress! : mid.baseAddress!
                    Self.verticalPass(source, taps: taps, row: row.baseAddress!, into: destination)
                }
            }
            guard source.width != width else { return }
            let taps2 = scratch.taps(input: source.width, output: width, method: method)
            scratch.intermediate.withUnsafeBufferPointer { mid in
                for y in 0..<height {
                    Self.horizontalRow(mid.baseAddress! + y * rowLength, channels: c, taps: taps2,
                                       into: output.baseAddress! + y * width * c)
                }
            }
        } else if source.width != width {
            let taps = scratch.taps(input: source.width, output: width, method: method)
            scratch.row.withUnsafeMutableBufferPointer { row in
                for y in 0..<height {
                    source.load(row: y, into: row.baseAddress!)
                    Self.horizontalRow(row.baseAddress!, channels: c, taps: taps, into: output.baseAddress! + y * width * c)
                }
            }
        } else {
            for y in 0..<height { source.load(row: y, into: output.baseAddress! + y * rowLength) }
        }
    }

    private static func verticalPass(_ source: Source, taps: [Taps], row: UnsafeMutablePointer<Float>, into out: UnsafeMutablePointer<Float>) {
        let rowLength = source.width * source.channels
        for (j, t) in taps.enumerated() {
            let target = out + j * rowLength
            target.initialize(repeating: 0, count: rowLength)
            for (k, w) in t.weights.enumerated() {
                source.load(row: t.first + k, into: row)
                if k == 0 {
                    // fma(a, w, 0) is the product rounded once: exact in double, then one rounding to float.
                    let wide = Double(w)
                    for x in 0..<rowLength { target[x] = Float(Double(row[x]) * wide) }
                } else {
                    for x in 0..<rowLength { target[x] = fusedMultiplyAdd(row[x], w, target[x]) }
                }
            }
        }
    }

    private static func horizontalRow(_ row: UnsafePointer<Float>, channels c: Int, taps: [Taps], into out: UnsafeMutablePointer<Float>) {
        for (j, t) in taps.enumerated() {
            for ch in 0..<c {
                var acc: Float = 0
                var index = t.first * c + ch
                for w in t.weights {
                    acc = fusedMultiplyAdd(row[index], w, acc)
                    index += c
                }
                out[j * c + ch] = acc
            }
        }
    }

    private func nearest(_ source: Source, into output: UnsafeMutableBufferPointer<Float>, scratch: inout Scratch) {
        func offsets(_ m: Int, _ n: Int) -> [Int] {
            guard m != n else { return Array(0..<n) }
            return (0..<n).map { i in Int(((Float(i) + 0.5) * Float(m) / Float(n)).rounded(.down)) }
        }
        let rows = offsets(source.height, height), columns = offsets(source.width, width)
        let c = source.channels
        if scratch.row.count < source.width * c { scratch.row = [Float](repeating: 0, count: source.width * c) }
        scratch.row.withUnsafeMutableBufferPointer { row in
            for (j, y) in rows.enumerated() {
                source.load(row: y, into: row.baseAddress!)
                let out = output.baseAddress! + j * width * c
                for (i, x) in columns.enumerated() {
                    for ch in 0..<c { out[i * c + ch] = row[x * c + ch] }
                }
            }
        }
    }

    // MARK: Weights

    /// The non-zero band of one output's weights: the first input index and the float32 weights from there.
    struct Taps: Sendable {
        var first: Int
        var weights: [Float]
    }

    /// `_compute_weight_mat(in, out, scale=out/in, translation=0, kernel, antialias=False)`, cast to float32,
    /// kept as one band of taps per output. The kernel is evaluated only within its support (it is exactly zero
    /// outside, and adding zeros leaves numpy's float64 column sums unchanged).
    static func weights(input m: Int, output n: Int, method: Method) -> [Taps] {
        let scale = Double(n) / Double(m)
        let inverse = 1.0 / scale
        let threshold = 1000.0 * Double(Float.ulpOfOne)
        var result: [Taps] = []
        result.reserveCapacity(n)
        for j in 0..<n {
            let sample = (Double(j) + 0.5) * inverse - 0.0 * inverse - 0.5
            let inside = sample >= -0.5 && sample <= Double(m) - 0.5
            let lower = max(0, Int((sample - method.support).rounded(.up)))
            let upper = min(m - 1, Int((sample + method.support).rounded(.down)))
            guard inside, lower <= upper else {
                result.append(Taps(first: 0, weights: []))
                continue
            }
            var column = [Double](repeating: 0, count: upper - lower + 1)
            var total = 0.0
            for i in lower...upper {
                let w = kernel(method, abs(sample - Double(i)))
                column[i - lower] = w
                total += w
            }
            guard abs(total) > threshold else {
                result.append(Taps(first: 0, weights: []))
                continue
            }
            var floats = column.map { Float($0 / (total != 0 ? total : 1)) }
            var first = lower
            while let head = floats.first, head == 0 { floats.removeFirst(); first += 1 }
            while let tail = floats.last, tail == 0 { floats.removeLast() }
            result.append(Taps(first: first, weights: floats))
        }
        return result
    }

    static func kernel(_ method: Method, _ x: Double) -> Double {
        switch method {
        case .bilinear, .nearest:
            return max(0, 1 - abs(x))
        case .bicubic:
            if x >= 2 { return 0 }
            if x >= 1 { return ((-0.5 * x + 2.5) * x - 4.0) * x + 2.0 }
            return ((1.5 * x - 2.5) * x) * x + 1.0
        case .lanczos3:
            return lanczos(3, x)
        case .lanczos5:
            return lanczos(5, x)
        }
    }

    private static func lanczos(_ radius: Double, _ x: Double) -> Double {
        if x > radius { return 0 }
        if !(x > 1e-3) { return 1 }
        let y = radius * sin(Double.pi * x) * sin(Double.pi * x / radius)
        return y / (Double.pi * Double.pi * (x * x))
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

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
