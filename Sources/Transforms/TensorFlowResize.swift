#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import CTransformsKernels

/// TensorFlow's dedicated resize kernels, as `tf.image.resize(..., antialias=False)` runs them on the CPU.
public enum TensorFlowResizeMethod: String, Sendable, Hashable, CaseIterable {
    /// `ResizeBilinear` with half-pixel centres.
    case bilinear
    /// `ResizeNearestNeighbor` with half-pixel centres (keeps the sample type).
    case nearest
    /// `ResizeBicubic` with half-pixel centres (Keys cubic, a = -0.5, from TensorFlow's 1024-entry table).
    case bicubic
    /// `ResizeArea`.
    case area
}

/// One axis of a TensorFlow resize kernel: the input indices and float32 weights of every output sample, computed
/// with TensorFlow's float32 arithmetic.
struct TensorFlowAxis: Sendable {
    /// Input indices, `taps` per output (area: the clamped indices of the whole span).
    var index: [Int] = []
    /// Weights, `taps` per output (bilinear: the lerp; area: the per-index scales).
    var weight: [Float] = []
    /// Area only: where output `i`'s span starts in ``index`` and ``weight``.
    var spanStart: [Int] = []

    /// `in / out` in float32 (`CalculateResizeScale` without align_corners).
    static func scale(_ m: Int, _ n: Int) -> Float { Float(m) / Float(n) }

    init(input m: Int, output n: Int, method: TensorFlowResizeMethod) {
        let scale = Self.scale(m, n)
        switch method {
        case .nearest:
            // HalfPixelScalerForNN: floor((i + 0.5) * scale), clamped to [0, in - 1].
            index = (0..<n).map { i in max(0, min(Int(((Float(i) + 0.5) * scale).rounded(.down)), m - 1)) }
        case .bilinear:
            // HalfPixelScaler: (i + 0.5) * scale - 0.5; lower = max(floor, 0), upper = min(ceil, in - 1), lerp = in - floor.
            for i in 0..<n {
                let position = (Float(i) + 0.5) * scale - 0.5
                let floor = position.rounded(.down)
                index.append(max(Int(floor), 0))
                index.append(min(Int(position.rounded(.up)), m - 1))
                weight.append(position - floor)
            }
        case .bicubic:
            let table = Self.bicubicTable
            index.reserveCapacity(4 * n)
            weight.reserveCapacity(4 * n)
            for i in 0..<n {
                let position = (Float(i) + 0.5) * scale - 0.5
                let base = Int(position.rounded(.down))
                let delta = position - Float(base)
                let offset = Int((delta * Float(Self.tableSize)).rounded(.toNearestOrEven))
                let raw = SIMD4<Float>(table[offset * 2 + 1], table[offset * 2],
                                       table[(Self.tableSize - offset) * 2], table[(Self.tableSize - offset) * 2 + 1])
                var w = SIMD4<Float>()
                for k in 0..<4 {
                    let wanted = base - 1 + k
                    let bounded = min(m - 1, max(0, wanted))
                    index.append(bounded)
                    w[k] = bounded == wanted ? raw[k] : 0
                }
                // TensorFlow's weight_0 + weight_1 + weight_2 + weight_3, left to right.
                let sum = ((w[0] + w[1]) + w[2]) + w[3]
                if abs(sum) >= 1000 * Float.leastNormalMagnitude {
                    let inverse = 1 / sum
                    for k in 0..<4 { w[k] *= inverse }
                }
                for k in 0..<4 { weight.append(w[k]) }
            }
        case .area:
            for i in 0..<n {
                spanStart.append(index.count)
                let lower = Float(i) * scale, upper = Float(i + 1) * scale
                let start = Int(lower.rounded(.down)), end = Int(upper.rounded(.up))
                for j in start..<end {
                    let s: Float
                    if Float(j) < lower {
                        s = Float(j + 1) > upper ? scale : Float(j + 1) - lower
                    } else {
                        s = Float(j + 1) > upper ? upper - Float(j) : 1
                    }
                    index.append(min(max(j, 0), m - 1))
                    weight.append(s)
                }
            }
            spanStart.append(index.count)
        }
    }

    static let tableSize = 1024

    /// `InitCoeffsTable(-0.5)`: evaluated in double from a float position, stored as float.
    static let bicubicTable: [Float] = {
        let a = -0.5
        var table = [Float](repeating: 0, count: (tableSize + 1) * 2)
        for i in 0...tableSize {
            var x = Double(Float(Double(i) * 1.0 / Double(tableSize)))
            table[i * 2] = Float(((a + 2) * x - (a + 3)) * x * x + 1)
            x = Double(Float(x + 1.0))
            table[i * 2 + 1] = Float(((a * x - 5 * a) * x + 8 * a) * x - 4 * a)
        }
        return table
    }()
}

/// One axis of TensorFlow's bilinear kernel as `ctk_tf_bilinear_u8` takes it: for every output sample (`channels` per
/// output position, interleaved), the Int32 offsets of its left and right input samples and its lerp.
struct TensorFlowBilinearTaps: Sendable {
    var left: [Int32] = []
    var right: [Int32] = []
    var lerp: [Float] = []
    /// left and right interleaved (the row axis's form).
    var pairs: [Int32] = []

    init(_ axis: TensorFlowAxis, channels: Int) {
        let outputs = axis.weight.count
        left.reserveCapacity(outputs * channels)
        right.reserveCapacity(outputs * channels)
        lerp.reserveCapacity(outputs * channels)
        for i in 0..<outputs {
            for ch in 0..<channels {
                left.append(Int32(axis.index[2 * i] * channels + ch))
                right.append(Int32(axis.index[2 * i + 1] * channels + ch))
                lerp.append(axis.weight[i])
            }
        }
        pairs = zip(left, right).flatMap { [$0, $1] }
    }
}

/// TensorFlow's bicubic taps in the form `ctk_tf_bicubic` takes: the rows' indices and weights, the runs of row
/// samples the outputs read, per output pixel its 4 input pixels and weights (tap-major: tap k of output x at
/// `k * outputs + x`), and where those are 4 consecutive pixels (with 1 to 4 channels), the first of them and the
/// weights spread over a 16-lane vector.
struct TensorFlowBicubicTaps: Sendable {
    var rowIndex: [Int32]
    var rowWeight: [Float]
    /// The row samples the outputs read (``SampleRows/runs(reading:channels:)``).
    var runs: [Int32]
    var columnTap: [Int32]
    var columnWeight: [Float]
    /// The first of 4 consecutive input pixels, or -1.
    var columnBase: [Int32]
    /// 16 per output pixel: tap k's weight in lanes `k * channels ..< (k + 1) * channels`, 0 elsewhere.
    var columnLanes: [Float]

    init(rows: TensorFlowAxis, columns xs: TensorFlowAxis, channels c: Int) {
        rowIndex = rows.index.map { Int32($0) }
        rowWeight = rows.weight
        let outputs = xs.index.count / 4
        columnTap = (0..<4).flatMap { k in (0..<outputs).map { x in Int32(xs.index[4 * x + k]) } }
        columnWeight = (0..<4).flatMap { k in (0..<outputs).map { x in xs.weight[4 * x + k] } }
        columnBase = (0..<outputs).map { x in
            let first = xs.index[4 * x]
            return c <= 4 && (1..<4).allSatisfy { xs.index[4 * x + $0] == first + $0 } ? Int32(first) : -1
        }
        columnLanes = [Float](repeating: 0, count: 16 * outputs)
        for x in 0..<outputs where columnBase[x] >= 0 {
            for k in 0..<4 { for ch in 0..<c { columnLanes[16 * x + k * c + ch] = xs.weight[4 * x + k] } }
        }
        var read = [Bool](repeating: false, count: (xs.index.max() ?? 0) + 1)
        for pixel in xs.index { read[pixel] = true }
        runs = SampleRows.runs(reading: read, channels: c)
    }
}

/// TensorFlow's area spans in the form `ctk_tf_area` takes (Int32 indices).
struct TensorFlowAreaTaps: Sendable {
    var start: [Int32]
    var index: [Int32]
    var weight: [Float]

    init(_ axis: TensorFlowAxis) {
        start = axis.spanStart.map { Int32($0) }
        index = axis.index.map { Int32($0) }
        weight = axis.weight
    }
}

/// The TensorFlow axis tables a worker has computed, keyed by (input, output, method).
struct TensorFlowAxisCache: Sendable {
    struct Key: Hashable, Sendable {
        var input: Int
        var output: Int
        var method: TensorFlowResizeMethod
        var channels = 0
    }

    private var axes: [Key: TensorFlowAxis] = [:]
    private var bilinearTaps: [Key: TensorFlowBilinearTaps] = [:]
    /// A bicubic resize's input and output sizes and channels (the taps depend on both axes).
    struct PlaneKey: Hashable, Sendable {
        var inputHeight: Int
        var inputWidth: Int
        var height: Int
        var width: Int
        var channels: Int
    }

    private var bicubicTaps: [PlaneKey: TensorFlowBicubicTaps] = [:]
    private var areaTaps: [Key: TensorFlowAreaTaps] = [:]

    /// The bicubic taps of a resize from `input` (height, width) to `output` (height, width), `channels` per pixel.
    mutating func bicubic(_ input: (Int, Int), _ output: (Int, Int), channels: Int) -> TensorFlowBicubicTaps {
        let key = PlaneKey(inputHeight: input.0, inputWidth: input.1, height: output.0, width: output.1, channels: channels)
        if let cached = bicubicTaps[key] { return cached }
        let computed = TensorFlowBicubicTaps(rows: axis(input.0, output.0, .bicubic), columns: axis(input.1, output.1, .bicubic),
                                             channels: channels)
        if bicubicTaps.count >= 16 { bicubicTaps.removeAll(keepingCapacity: true) }
        bicubicTaps[key] = computed
        return computed
    }

    /// The area spans of an axis.
    mutating func area(_ input: Int, _ output: Int) -> TensorFlowAreaTaps {
        let key = Key(input: input, output: output, method: .area)
        if let cached = areaTaps[key] { return cached }
        let computed = TensorFlowAreaTaps(axis(input, output, .area))
        if areaTaps.count >= 64 { areaTaps.removeAll(keepingCapacity: true) }
        areaTaps[key] = computed
        return computed
    }

    /// The bilinear taps of an axis for `channels` interleaved samples per position (1 for the row axis).
    mutating func bilinear(_ input: Int, _ output: Int, channels: Int) -> TensorFlowBilinearTaps {
        let key = Key(input: input, output: output, method: .bilinear, channels: channels)
        if let cached = bilinearTaps[key] { return cached }
        let computed = TensorFlowBilinearTaps(axis(input, output, .bilinear), channels: channels)
        if bilinearTaps.count >= 64 { bilinearTaps.removeAll(keepingCapacity: true) }
        bilinearTaps[key] = computed
        return computed
    }

    mutating func axis(_ input: Int, _ output: Int, _ method: TensorFlowResizeMethod) -> TensorFlowAxis {
        let key = Key(input: input, output: output, method: method)
        if let cached = axes[key] { return cached }
        let computed = TensorFlowAxis(input: input, output: output, method: method)
        if axes.count >= 64 { axes.removeAll(keepingCapacity: true) }
        axes[key] = computed
        return computed
    }
}

/// `tf.image.resize` without antialiasing for bilinear, nearest, bicubic and area: TensorFlow 2.21's CPU kernels,
/// reproduced with the same float32 arithmetic in the same order, so the results are identical bit for bit.
public enum TensorFlowResize {
    /// Resizes `source` to `height` x `width` into float32 `output` (`height * width * channels` values).
    /// `.nearest` gives the picked samples as floats (see ``nearest(_:height:width:into:scratch:)`` to keep the type).
    public static func resize(
        _ source: SampleRows, height: Int, width: Int, method: TensorFlowResizeMethod,
        into output: UnsafeMutablePointer<Float>, scratch: inout ResizeScratch
    ) {
        let ys = scratch.tensorFlow.axis(source.height, height, method)
        let xs = scratch.tensorFlow.axis(source.width, width, method)
        let rowLength = source.rowLength
        switch method {
        case .nearest:
            ResizeScratch.reserve(&scratch.rows, rowLength)
            scratch.rows.withUnsafeMutableBufferPointer { row in
                let c = source.channels
                for y in 0..<height {
                    source.load(row: ys.index[y], into: row.baseAddress!)
                    let out = output + y * width * c
                    for x in 0..<width {
                        for ch in 0..<c { out[x * c + ch] = row[xs.index[x] * c + ch] }
                    }
                }
            }
        case .bilinear where source.sampleType == .uint8 && rowLength < Int(Int32.max) && width * source.channels < Int(Int32.max):
            bilinear8(source, height: height, width: width, into: output, scratch: &scratch)
        case .bilinear:
            ResizeScratch.reserve(&scratch.rows, 2 * rowLength)
            scratch.rows.withUnsafeMutableBufferPointer { rows in
                bilinear(source, ys, xs, width: width, top: rows.baseAddress!, bottom: rows.baseAddress! + rowLength, into: output)
            }
        case .bicubic:
            bicubic(source, height: height, width: width, into: output, scratch: &scratch)
        case .area:
            area(source, height: height, width: width, into: output, scratch: &scratch)
        }
    }

    /// `ResizeNearestNeighbor` keeping the sample type: copies whole pixels of `source` into `output`
    /// (`height * width` pixels, packed).
    public static func nearest(_ source: SampleRows, height: Int, width: Int, into output: UnsafeMutableRawPointer,
                               scratch: inout ResizeScratch) {
        let ys = scratch.tensorFlow.axis(source.height, height, .nearest)
        let xs = scratch.tensorFlow.axis(source.width, width, .nearest)
        source.copyPixels(rows: ys.index, columns: xs.index, into: output)
    }

    /// `ResizeNearestNeighbor`'s input index of every output along an axis of `input` samples.
    public static func nearestIndices(input: Int, output: Int) -> [Int] {
        TensorFlowAxis(input: input, output: output, method: .nearest).index
    }

    /// 8-bit samples straight into float32 through the C kernel (AVX2 gathers where the CPU has them).
    private static func bilinear8(_ source: SampleRows, height: Int, width: Int, into output: UnsafeMutablePointer<Float>,
                                  scratch: inout ResizeScratch) {
        let rows = scratch.tensorFlow.bilinear(source.height, height, channels: 1)
        let columns = scratch.tensorFlow.bilinear(source.width, width, channels: source.channels)
        let samples = width * source.channels
        ResizeScratch.reserve(&scratch.rows, 2 * samples)
        let level = SIMDLevel.kernelLevel()
        rows.pairs.withUnsafeBufferPointer { yIndex in
            rows.lerp.withUnsafeBufferPointer { yLerp in
                columns.left.withUnsafeBufferPointer { left in
                    columns.right.withUnsafeBufferPointer { right in
                        columns.lerp.withUnsafeBufferPointer { xLerp in
                            scratch.rows.withUnsafeMutableBufferPointer { horizontal in
                                ctk_tf_bilinear_u8(source.base.assumingMemoryBound(to: UInt8.self), source.rowStride, yIndex.baseAddress,
                                                   yLerp.baseAddress, Int32(height), left.baseAddress, right.baseAddress, xLerp.baseAddress,
                                                   Int32(samples), Int32(source.rowLength), horizontal.baseAddress, output, level)
                            }
                        }
                    }
                }
            }
        }
    }

    private static func bilinear(_ source: SampleRows, _ ys: TensorFlowAxis, _ xs: TensorFlowAxis, width: Int,
                                 top: UnsafeMutablePointer<Float>, bottom: UnsafeMutablePointer<Float>,
                                 into output: UnsafeMutablePointer<Float>) {
        let c = source.channels
        var loaded = (-1, -1)
        for y in 0..<ys.weight.count {
            let (y0, y1) = (ys.index[2 * y], ys.index[2 * y + 1])
            if loaded.0 != y0 { source.load(row: y0, into: top) }
            if loaded.1 != y1 { source.load(row: y1, into: bottom) }
            loaded = (y0, y1)
            let yLerp = ys.weight[y]
            let out = output + y * width * c
            xs.index.withUnsafeBufferPointer { xIndex in
                xs.weight.withUnsafeBufferPointer { xWeight in
                    for x in 0..<width {
                        let (x0, x1) = (xIndex[2 * x] * c, xIndex[2 * x + 1] * c)
                        let xLerp = xWeight[x]
                        for ch in 0..<c {
                            let topLeft = top[x0 + ch], topRight = top[x1 + ch]
                            let bottomLeft = bottom[x0 + ch], bottomRight = bottom[x1 + ch]
                            let upper = topLeft + (topRight - topLeft) * xLerp
                            let lower = bottomLeft + (bottomRight - bottomLeft) * xLerp
                            out[x * c + ch] = upper + (lower - upper) * yLerp
                        }
                    }
                }
            }
        }
    }

    /// `ResizeBicubic` through `ctk_tf_bicubic`: per output row, the vertical interpolation of the input samples the
    /// row's outputs read, then the horizontal one.
    private static func bicubic(_ source: SampleRows, height: Int, width: Int, into output: UnsafeMutablePointer<Float>,
                                scratch: inout ResizeScratch) {
        let taps = scratch.tensorFlow.bicubic((source.height, source.width), (height, width), channels: source.channels)
        ResizeScratch.reserve(&scratch.rows, source.rowLength + 16)
        let level = SIMDLevel.kernelLevel()
        taps.rowIndex.withUnsafeBufferPointer { rowIndex in
            taps.rowWeight.withUnsafeBufferPointer { rowWeight in
                taps.runs.withUnsafeBufferPointer { runs in
                    taps.columnBase.withUnsafeBufferPointer { columnBase in
                        taps.columnLanes.withUnsafeBufferPointer { columnLanes in
                            taps.columnTap.withUnsafeBufferPointer { columnTap in
                                taps.columnWeight.withUnsafeBufferPointer { columnWeight in
                                    scratch.rows.withUnsafeMutableBufferPointer { vertical in
                                        ctk_tf_bicubic(source.base, source.kernelSampleType, source.rowStride, source.rowLength,
                                                       Int32(source.channels), Int32(height), rowIndex.baseAddress, rowWeight.baseAddress,
                                                       Int32(runs.count / 2), runs.baseAddress, Int32(width), columnBase.baseAddress,
                                                       columnLanes.baseAddress, columnTap.baseAddress, columnWeight.baseAddress,
                                                       vertical.baseAddress, output, level)
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// `ResizeArea` through `ctk_tf_area`.
    private static func area(_ source: SampleRows, height: Int, width: Int, into output: UnsafeMutablePointer<Float>,
                             scratch: inout ResizeScratch) {
        let ys = scratch.tensorFlow.area(source.height, height)
        let xs = scratch.tensorFlow.area(source.width, width)
        // `1.0 / (height_scale * width_scale)`: the float product, divided in double, stored as float.
        let scale = Float(1.0 / Double(TensorFlowAxis.scale(source.height, height) * TensorFlowAxis.scale(source.width, width)))
        ResizeScratch.reserve(&scratch.rows, width * source.channels + 4)
        let level = SIMDLevel.kernelLevel()
        ys.start.withUnsafeBufferPointer { yStart in
            ys.index.withUnsafeBufferPointer { yIndex in
                ys.weight.withUnsafeBufferPointer { yWeight in
                    xs.start.withUnsafeBufferPointer { xStart in
                        xs.index.withUnsafeBufferPointer { xIndex in
                            xs.weight.withUnsafeBufferPointer { xWeight in
                                scratch.rows.withUnsafeMutableBufferPointer { h in
                                    ctk_tf_area(source.base, source.kernelSampleType, source.rowStride, Int32(source.channels),
                                                source.rowLength, Int32(height), yStart.baseAddress, yIndex.baseAddress,
                                                yWeight.baseAddress, Int32(width), xStart.baseAddress, xIndex.baseAddress,
                                                xWeight.baseAddress, scale, h.baseAddress, output, level)
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}
