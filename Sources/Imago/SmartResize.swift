#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import ImageKernel

/// The interpolations `smart_resize` accepts with Keras's numpy backend.
public enum SmartResizeInterpolation: String, Sendable, Hashable, CaseIterable, Codable {
    case bilinear
    case nearest
    case bicubic
    case lanczos3
    case lanczos5
}

/// Keras's `keras.preprocessing.image.smart_resize` with the **numpy backend's** semantics (keras-semantics §5):
/// a centred crop to the target aspect ratio (float formula, clamped to >= 1, an actual slice), then jax-style
/// `scale_and_translate` without antialiasing (half-pixel centres; triangle, Keys cubic a = -0.5, Lanczos 3/5
/// kernels; weights normalised and zeroed where the sample falls outside the input).
///
/// Accepts (H, W, C) or (N, H, W, C) arrays, or the channels-first equivalents. Float input is computed and returned
/// as float32 (float64 input is first cast to float32, as Keras's `convert_to_tensor` does); integer input is computed in float32, rounded half-to-even, clipped to
/// the crop's min/max and returned in its own dtype. `nearest` picks `floor((i + 0.5) * in / out)` in float32.
///
/// NumPy sums each output through BLAS (`tensordot`, OpenBLAS), whose summation order is unspecified; Imago sums
/// the taps in input order. Float outputs can therefore differ from Keras's in the last bits, and integer outputs
/// by one where the exact value is next to a rounding tie (a handful of samples per image).
public func smartResize(
    _ array: NDArray,
    size: (height: Int, width: Int),
    interpolation: SmartResizeInterpolation = .bilinear,
    dataFormat: DataFormat = .channelsLast
) throws -> NDArray {
    guard array.rank == 3 || array.rank == 4 else {
        throw ImageError.invalidArgument(
            "Expected an image array with shape `(height, width, channels)`, or `(batch_size, height, width, channels)`, but got input with incorrect rank, of shape \(NDArray.describe(array.shape)).")
    }
    guard size.height > 0, size.width > 0 else { throw ImageError.invalidArgument("target size must be positive, got \(size)") }
    // Work on a 4-D view: (N, H, W, C) or (N, C, H, W).
    let shape4 = array.rank == 4 ? array.shape : [1] + array.shape
    let (hAxis, wAxis) = dataFormat == .channelsLast ? (1, 2) : (2, 3)
    let (h, w) = (shape4[hAxis], shape4[wAxis])
    let (th, tw) = size
    let cropHeight = max(min(h, Int(Double(w * th) / Double(tw))), 1)
    let cropWidth = max(min(w, Int(Double(h * tw) / Double(th))), 1)
    let y0 = Int(Double(h - cropHeight) / 2)
    let x0 = Int(Double(w - cropWidth) / 2)
    guard h > 0, w > 0 else { throw ImageError.invalidArgument("cannot resize an empty image of shape \(NDArray.describe(array.shape))") }

    var cropShape = shape4
    cropShape[hAxis] = cropHeight
    cropShape[wAxis] = cropWidth
    var outShape = shape4
    outShape[hAxis] = th
    outShape[wAxis] = tw
    let finalShape = array.rank == 4 ? outShape : Array(outShape.dropFirst())

    // The crop, as Doubles (exact for every dtype), in C order.
    var crop = [Double]()
    crop.reserveCapacity(cropShape.reduce(1, *))
    for a in 0..<cropShape[0] {
        for b in 0..<cropShape[1] {
            for c in 0..<cropShape[2] {
                for d in 0..<cropShape[3] {
                    var index = [a, b, c, d]
                    index[hAxis] += y0
                    index[wAxis] += x0
                    let flat = ((index[0] * shape4[1] + index[1]) * shape4[2] + index[2]) * shape4[3] + index[3]
                    crop.append(array[flat: flat])
                }
            }
        }
    }

    // `convert_to_tensor` turns float64 input into float32 (Keras's floatx) before anything else.
    if array.dtype == .float64 { crop = crop.map { Double(Float($0)) } }
    var result = try NDArray(shape: finalShape, dtype: array.dtype == .float64 ? .float32 : array.dtype)
    if interpolation == .nearest {
        var data = crop
        var current = cropShape
        for axis in [hAxis, wAxis] where current[axis] != outShape[axis] {
            (data, current) = ScaleAndTranslate.nearest(data, shape: current, axis: axis, size: outShape[axis])
        }
        for i in data.indices { result[flat: i] = data[i] }
        return result
    }
    let kernel = ScaleAndTranslate.kernel(for: interpolation)
    var data = crop.map { Float($0) }
    var current = cropShape
    for axis in [hAxis, wAxis] where current[axis] != outShape[axis] {
        (data, current) = ScaleAndTranslate.resample(data, shape: current, axis: axis, size: outShape[axis], kernel: kernel)
    }
    if array.dtype.isInteger {
        let low = Float(crop.min() ?? 0), high = Float(crop.max() ?? 0)
        for i in data.indices { result[flat: i] = Double(min(max(data[i].rounded(.toNearestOrEven), low), high)) }
    } else {
        for i in data.indices { result[flat: i] = Double(data[i]) }
    }
    return result
}

/// A port of the numpy backend's `_scale_and_translate` / `_resize_nearest` (scale only, no translation, no antialias).
enum ScaleAndTranslate {
    typealias Kernel = @Sendable (Double) -> Double

    static func kernel(for interpolation: SmartResizeInterpolation) -> Kernel {
        switch interpolation {
        case .bilinear, .nearest: return { x in max(0, 1 - abs(x)) }
        case .bicubic:
            return { x in
                if x >= 2 { return 0 }
                if x >= 1 { return ((-0.5 * x + 2.5) * x - 4.0) * x + 2.0 }
                return ((1.5 * x - 2.5) * x) * x + 1.0
            }
        case .lanczos3: return { x in lanczos(3, x) }
        case .lanczos5: return { x in lanczos(5, x) }
        }
    }

    static func lanczos(_ radius: Double, _ x: Double) -> Double {
        if x > radius { return 0 }
        if !(x > 1e-3) { return 1 }
        let y = radius * sin(Double.pi * x) * sin(Double.pi * x / radius)
        return y / (Double.pi * Double.pi * x * x)
    }

    /// The weights of output `i` over inputs, computed in float64 and then cast (NumPy's `_compute_weight_mat`).
    static func weights<T: BinaryFloatingPoint>(input m: Int, output n: Int, kernel: Kernel, as: T.Type) -> [[(Int, T)]] {
        let scale = Double(n) / Double(m)
        let inverse = 1.0 / scale
        let epsilon = 1000.0 * Double(Float.ulpOfOne)
        return (0..<n).map { i in
            let sample = (Double(i) + 0.5) * inverse - 0.0 * inverse - 0.5
            guard sample >= -0.5, sample <= Double(m) - 0.5 else { return [] }
            var raw = [Double](repeating: 0, count: m)
            var total = 0.0
            for j in 0..<m {
                raw[j] = kernel(abs(sample - Double(j)))
                total += raw[j]
            }
            guard abs(total) > epsilon else { return [] }
            return (0..<m).compactMap { j in
                let w = T(raw[j] / total)
                return w == 0 ? nil : (j, w)
            }
        }
    }

    /// Resamples `data` (C order, `shape`) along `axis` to `size` samples.
    static func resample<T: BinaryFloatingPoint>(_ data: [T], shape: [Int], axis: Int, size n: Int, kernel: Kernel) -> ([T], [Int]) {
        let m = shape[axis]
        let outer = shape[..<axis].reduce(1, *)
        let inner = shape[(axis + 1)...].reduce(1, *)
        let taps = weights(input: m, output: n, kernel: kernel, as: T.self)
        var out = [T](repeating: 0, count: outer * n * inner)
        for o in 0..<outer {
            for i in 0..<n {
                for e in 0..<inner {
                    var sum: T = 0
                    for (j, w) in taps[i] { sum += data[(o * m + j) * inner + e] * w }
                    out[(o * n + i) * inner + e] = sum
                }
            }
        }
        var newShape = shape
        newShape[axis] = n
        return (out, newShape)
    }

    /// `floor((i + 0.5) * m / n)` in float32 along `axis`.
    static func nearest(_ data: [Double], shape: [Int], axis: Int, size n: Int) -> ([Double], [Int]) {
        let m = shape[axis]
        let outer = shape[..<axis].reduce(1, *)
        let inner = shape[(axis + 1)...].reduce(1, *)
        let offsets = (0..<n).map { i in min(m - 1, Int(((Float(i) + 0.5) * Float(m) / Float(n)).rounded(.down))) }
        var out = [Double](repeating: 0, count: outer * n * inner)
        for o in 0..<outer {
            for i in 0..<n {
                for e in 0..<inner { out[(o * n + i) * inner + e] = data[(o * m + offsets[i]) * inner + e] }
            }
        }
        var newShape = shape
        newShape[axis] = n
        return (out, newShape)
    }
}
