#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The kernels of the non-antialiased scale-and-translate resample shared by jax's `scale_and_translate`, Keras's
/// numpy backend and TensorFlow's `ScaleAndTranslate` op (the one filter table of that core).
public enum ScaleAndTranslateKernel: String, Sendable, Hashable, CaseIterable {
    /// max(0, 1 - |x|) (bilinear).
    case triangle
    /// Keys cubic, a = -0.5 (bicubic).
    case keysCubic
    /// sinc(x) sinc(x/3) windowed to |x| <= 3.
    case lanczos3
    /// sinc(x) sinc(x/5) windowed to |x| <= 5.
    case lanczos5
    /// exp(-x^2 / (2 * 0.5^2)) for |x| < 1.5 (TensorFlow's `gaussian`).
    case gaussian
    /// Mitchell-Netravali cubic, B = C = 1/3 (TensorFlow's `mitchellcubic`).
    case mitchellCubic

    /// Half-width of the kernel: weights are zero beyond it.
    public var radius: Double {
        switch self {
        case .triangle: 1
        case .keysCubic, .mitchellCubic: 2
        case .lanczos3: 3
        case .lanczos5: 5
        case .gaussian: 1.5
        }
    }

    /// The kernel at distance `x` (>= 0), in double precision (jax's and Keras's numpy backend's kernels).
    public func callAsFunction(_ x: Double) -> Double {
        switch self {
        case .lanczos3: Self.lanczos(3, x)
        case .lanczos5: Self.lanczos(5, x)
        case .gaussian: x < 1.5 ? exp(-x * x / (2 * 0.5 * 0.5)) : 0
        default: polynomial(x)
        }
    }

    /// The kernel at distance `x` (>= 0) in TensorFlow's float32 arithmetic (`sampling_kernels.h`).
    public func callAsFunction(_ x: Float) -> Float {
        switch self {
        case .lanczos3: Self.lanczos(3, x)
        case .lanczos5: Self.lanczos(5, x)
        // exp of the double `-x*x / (2.0 * sigma * sigma)`, sigma = 0.5f, as TensorFlow writes it.
        case .gaussian: x < 1.5 ? Float(exp(Double(-x * x) / (2.0 * Double(Float(0.5) * Float(0.5))))) : 0
        default: polynomial(x)
        }
    }

    /// The piecewise-polynomial kernels, evaluated in `T`'s precision.
    @inline(__always)
    private func polynomial<T: BinaryFloatingPoint>(_ x: T) -> T {
        switch self {
        case .keysCubic:
            if x >= 2 { return 0 }
            if x >= 1 { return ((-0.5 * x + 2.5) * x - 4.0) * x + 2.0 }
            return ((1.5 * x - 2.5) * x) * x + 1.0
        case .mitchellCubic:
            if x >= 2 { return 0 }
            if x >= 1 { return ((T(-7.0) / T(18.0) * x + 2.0) * x - T(10.0) / T(3.0)) * x + T(16.0) / T(9.0) }
            return ((T(7.0) / T(6.0) * x - 2.0) * x) * x + T(8.0) / T(9.0)
        default:
            return x < 1 ? 1 - x : 0
        }
    }

    private static func lanczos(_ radius: Float, _ x: Float) -> Float {
        let pi: Float = 3.14159265359
        if x > radius { return 0 }
        if x <= 1e-3 { return 1 }
        return radius * sin(pi * x) * sin(pi * x / radius) / (pi * pi * x * x)
    }

    private static func lanczos(_ radius: Double, _ x: Double) -> Double {
        if x > radius { return 0 }
        if !(x > 1e-3) { return 1 }
        let y = radius * sin(Double.pi * x) * sin(Double.pi * x / radius)
        return y / (Double.pi * Double.pi * (x * x))
    }
}

/// Whose arithmetic a scale-and-translate resample reproduces.
public enum ScaleAndTranslateArithmetic: String, Sendable, Hashable, CaseIterable {
    /// jax's / Keras's numpy backend: float64 weights cast to float32, the height pass first, each axis only when its
    /// size changes, outputs summed as a fused multiply-add chain (numpy's BLAS contraction).
    case numpy
    /// TensorFlow's `ScaleAndTranslate` op: float32 weights and sample positions, the height pass first, both passes
    /// always (a same-size gaussian or mitchellcubic still filters), outputs summed as `acc += w * x`.
    case tensorFlow
}

/// One axis of a scale-and-translate resample: for each output sample, the first input index and the float32
/// weights from there (the non-zero band of jax's / Keras's `_compute_weight_mat(in, out, scale = out / in,
/// translation = 0, kernel, antialias = False)`, computed in float64 and cast to float32).
///
/// Sample position `(i + 0.5) * in / out - 0.5`; weights are normalised per output and are all zero where the
/// sample falls outside `[-0.5, in - 0.5]` or the weights sum to (almost) zero. TensorFlow's `ScaleAndTranslate` op
/// computes the same weights in float32 (within a few ulps of these).
public struct ScaleAndTranslateAxis: Sendable {
    /// Input length.
    public let input: Int
    /// Output length.
    public let output: Int
    /// The first input index of output `i`'s taps.
    public let first: [Int32]
    /// Where output `i`'s weights start in ``weights``.
    public let offset: [Int32]
    /// Output `i` has `count[i]` taps (0 gives a zero output).
    public let count: [Int32]
    /// Every output's weights, one after another.
    public let weights: [Float]

    /// The weights of `kernel` for `input` to `output` samples, computed with `arithmetic`'s precision.
    public init(input m: Int, output n: Int, kernel: ScaleAndTranslateKernel, arithmetic: ScaleAndTranslateArithmetic = .numpy) {
        input = m
        output = n
        guard arithmetic == .numpy else {
            (first, offset, count, weights) = Self.tensorFlowWeights(input: m, output: n, kernel: kernel)
            return
        }
        let inverse = 1.0 / (Double(n) / Double(m))
        let threshold = 1000.0 * Double(Float.ulpOfOne)
        var first = [Int32](), offset = [Int32](), count = [Int32](), weights = [Float]()
        first.reserveCapacity(n)
        offset.reserveCapacity(n)
        count.reserveCapacity(n)
        var column = [Double](repeating: 0, count: 2 * Int(kernel.radius.rounded(.up)) + 2)
        for j in 0..<n {
            let sample = (Double(j) + 0.5) * inverse - 0.0 * inverse - 0.5
            let inside = sample >= -0.5 && sample <= Double(m) - 0.5
            let lower = max(0, Int((sample - kernel.radius).rounded(.up)))
            let upper = min(m - 1, Int((sample + kernel.radius).rounded(.down)))
            offset.append(Int32(weights.count))
            guard inside, lower <= upper else {
                first.append(0)
                count.append(0)
                continue
            }
            var total = 0.0
            for i in lower...upper {
                let w = kernel(abs(sample - Double(i)))
                column[i - lower] = w
                total += w
            }
            guard abs(total) > threshold else {
                first.append(0)
                count.append(0)
                continue
            }
            // Zero weights at either end add nothing (numpy's sums over them are unchanged); drop them.
            var lo = 0, hi = upper - lower
            while lo <= hi, Float(column[lo] / total) == 0 { lo += 1 }
            while hi >= lo, Float(column[hi] / total) == 0 { hi -= 1 }
            first.append(Int32(lower + lo))
            count.append(Int32(max(0, hi - lo + 1)))
            if lo <= hi { for k in lo...hi { weights.append(Float(column[k] / total)) } }
        }
        self.first = first
        self.offset = offset
        self.count = count
        self.weights = weights
    }

    /// The ranges of row samples (`channels` per pixel) the outputs read, as ``SampleRows/runs(reading:channels:)``
    /// gives them.
    func sampleRuns(channels: Int) -> [Int32] {
        var read = [Bool](repeating: false, count: input)
        for j in 0..<output where count[j] > 0 {
            for i in Int(first[j])..<Int(first[j] + count[j]) { read[i] = true }
        }
        return SampleRows.runs(reading: read, channels: channels)
    }

    /// `ComputeSpansCore` of TensorFlow's `scale_and_translate_op.cc` without antialias, in float32: sample
    /// `(i + 0.5) * (1 / scale)` with `scale = float(out) / float(in)`, taps from `ceil(sample - radius - 0.5)` to
    /// `floor(sample + radius - 0.5)` clamped to the input, weights `kernel(|j + 0.5 - sample|)` normalised by the
    /// reciprocal of their float sum; no weights where the sample falls outside `[0, in]`.
    private static func tensorFlowWeights(input m: Int, output n: Int, kernel: ScaleAndTranslateKernel)
        -> (first: [Int32], offset: [Int32], count: [Int32], weights: [Float]) {
        let scale = Float(n) / Float(m)
        let inverseScale = Float(1.0 / Double(scale))
        let radius = Float(kernel.radius)
        var first = [Int32](), offset = [Int32](), count = [Int32](), weights = [Float]()
        var raw: [Float] = []
        for x in 0..<n {
            offset.append(Int32(weights.count))
            let sample = (Float(x) + 0.5) * inverseScale
            guard sample >= 0, sample <= Float(m) else {
                first.append(0)
                count.append(0)
                continue
            }
            let start = min(max(Int((sample - radius - 0.5).rounded(.up)), 0), m - 1)
            let end = min(max(Int((sample + radius - 0.5).rounded(.down)), 0), m - 1) + 1
            raw.removeAll(keepingCapacity: true)
            var total: Float = 0
            for source in start..<end {
                let w = kernel(abs(Float(source) + 0.5 - sample))
                total += w
                raw.append(w)
            }
            guard abs(total) >= 1000 * Float.leastNormalMagnitude else {
                first.append(0)
                count.append(0)
                continue
            }
            let reciprocal = 1 / total
            first.append(Int32(start))
            count.append(Int32(raw.count))
            for w in raw { weights.append(w * reciprocal) }
        }
        return (first, offset, count, weights)
    }
}

/// The axis plans a worker has computed, keyed by (input, output, kernel, arithmetic), so that resizing many images of the same
/// size computes each coefficient table once.
public struct ScaleAndTranslateCache: Sendable {
    struct Key: Hashable, Sendable {
        var input: Int
        var output: Int
        var kernel: ScaleAndTranslateKernel
        var arithmetic: ScaleAndTranslateArithmetic
    }

    private var axes: [Key: ScaleAndTranslateAxis] = [:]

    /// An empty cache.
    public init() {}

    /// The plan for `input` to `output` samples with `kernel` and `arithmetic`, computed on first use.
    public mutating func axis(input: Int, output: Int, kernel: ScaleAndTranslateKernel,
                              arithmetic: ScaleAndTranslateArithmetic = .numpy) -> ScaleAndTranslateAxis {
        let key = Key(input: input, output: output, kernel: kernel, arithmetic: arithmetic)
        if let cached = axes[key] { return cached }
        let computed = ScaleAndTranslateAxis(input: input, output: output, kernel: kernel, arithmetic: arithmetic)
        if axes.count >= 64 { axes.removeAll(keepingCapacity: true) }
        axes[key] = computed
        return computed
    }
}
