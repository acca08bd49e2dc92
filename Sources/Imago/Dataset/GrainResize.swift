#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

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
/// ulps (at most 6.1e-5 on 0...255 values in the fixture grid; about a third of the arrays are bit-identical):
/// OpenBLAS's sgemm (numpy's `tensordot`) accumulates the edge tiles of its blocking in an order that depends on
/// the matrix shape, which this model does not reproduce.
public struct GrainResize: Sendable, Hashable {
    /// The interpolations the numpy backend's `resize` accepts.
    public enum Method: String, Sendable, Hashable, CaseIterable {
        case bilinear, nearest, bicubic, lanczos3, lanczos5
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

    /// Resizes `pixels`, an (inHeight, inWidth, channels) float32 image in C order, and writes the
    /// (height, width, channels) result into `output` (which must hold `height * width * channels` floats).
    public func apply(
        _ pixels: UnsafeBufferPointer<Float>, height inHeight: Int, width inWidth: Int, channels: Int,
        into output: UnsafeMutableBufferPointer<Float>
    ) {
        precondition(pixels.count >= inHeight * inWidth * channels && output.count >= height * width * channels)
        var source = Plane(height: inHeight, width: inWidth, channels: channels, values: Array(pixels.prefix(inHeight * inWidth * channels)))
        if cropToAspectRatio {
            source = cropped(source)
        } else if padToAspectRatio {
            source = padded(source)
        }
        let result: Plane
        if method == .nearest {
            result = nearest(source)
        } else {
            var current = source
            if current.height != height { current = verticalPass(current) }
            if current.width != width { current = horizontalPass(current) }
            result = current
        }
        _ = output.update(fromContentsOf: result.values)
    }

    /// Resizes an (H, W, C) float32 array and returns the (height, width, C) result.
    public func apply(_ pixels: [Float], height inHeight: Int, width inWidth: Int, channels: Int) -> [Float] {
        var out = [Float](repeating: 0, count: height * width * channels)
        pixels.withUnsafeBufferPointer { p in
            out.withUnsafeMutableBufferPointer { o in apply(p, height: inHeight, width: inWidth, channels: channels, into: o) }
        }
        return out
    }

    // MARK: Crop and pad (numpy backend `resize`)

    struct Plane {
        var height: Int
        var width: Int
        var channels: Int
        var values: [Float]
    }

    private func cropped(_ p: Plane) -> Plane {
        let cropHeight = max(min(p.height, Int(Double(p.width * height) / Double(width))), 1)
        let cropWidth = max(min(p.width, Int(Double(p.height * width) / Double(height))), 1)
        let y0 = Int(Double(p.height - cropHeight) / 2)
        let x0 = Int(Double(p.width - cropWidth) / 2)
        var values = [Float]()
        values.reserveCapacity(cropHeight * cropWidth * p.channels)
        let rowLength = cropWidth * p.channels
        for y in y0..<(y0 + cropHeight) {
            let start = (y * p.width + x0) * p.channels
            values.append(contentsOf: p.values[start..<(start + rowLength)])
        }
        return Plane(height: cropHeight, width: cropWidth, channels: p.channels, values: values)
    }

    private func padded(_ p: Plane) -> Plane {
        let padHeight = max(p.height, Int(Double(p.width * height) / Double(width)))
        let padWidth = max(p.width, Int(Double(p.height * width) / Double(height)))
        let top = Int(Double(padHeight - p.height) / 2)
        let left = Int(Double(padWidth - p.width) / 2)
        if top > 0 {
            let band = [Float](repeating: 0, count: top * p.width * p.channels)
            return Plane(height: p.height + 2 * top, width: p.width, channels: p.channels, values: band + p.values + band)
        }
        if left > 0 {
            let side = [Float](repeating: 0, count: left * p.channels)
            var values = [Float]()
            values.reserveCapacity((p.width + 2 * left) * p.height * p.channels)
            let rowLength = p.width * p.channels
            for y in 0..<p.height {
                values.append(contentsOf: side)
                values.append(contentsOf: p.values[(y * rowLength)..<((y + 1) * rowLength)])
                values.append(contentsOf: side)
            }
            return Plane(height: p.height, width: p.width + 2 * left, channels: p.channels, values: values)
        }
        return p
    }

    // MARK: nearest

    private func nearest(_ p: Plane) -> Plane {
        func offsets(_ m: Int, _ n: Int) -> [Int] {
            guard m != n else { return Array(0..<n) }
            return (0..<n).map { i in Int(((Float(i) + 0.5) * Float(m) / Float(n)).rounded(.down)) }
        }
        let rows = offsets(p.height, height), columns = offsets(p.width, width)
        var values = [Float]()
        values.reserveCapacity(height * width * p.channels)
        for y in rows {
            for x in columns {
                let start = (y * p.width + x) * p.channels
                values.append(contentsOf: p.values[start..<(start + p.channels)])
            }
        }
        return Plane(height: height, width: width, channels: p.channels, values: values)
    }

    // MARK: Separable passes

    /// The non-zero band of one output's weights: the first input index and the float32 weights from there.
    struct Taps {
        var first: Int
        var weights: [Float]
    }

    /// `_compute_weight_mat(in, out, scale=out/in, translation=0, kernel, antialias=False)`, cast to float32,
    /// kept as one band of taps per output.
    static func weights(input m: Int, output n: Int, method: Method) -> [Taps] {
        let scale = Double(n) / Double(m)
        let inverse = 1.0 / scale
        let threshold = 1000.0 * Double(Float.ulpOfOne)
        var result: [Taps] = []
        result.reserveCapacity(n)
        for j in 0..<n {
            let sample = (Double(j) + 0.5) * inverse - 0.0 * inverse - 0.5
            var column = [Double](repeating: 0, count: m)
            var total = 0.0
            for i in 0..<m {
                let w = kernel(method, abs(sample - Double(i)))
                column[i] = w
                total += w
            }
            let inside = sample >= -0.5 && sample <= Double(m) - 0.5
            var first = m, last = -1
            var floats = [Float](repeating: 0, count: m)
            if inside && abs(total) > threshold {
                for i in 0..<m {
                    let w = Float(column[i] / (total != 0 ? total : 1))
                    floats[i] = w
                    if w != 0 { first = min(first, i); last = max(last, i) }
                }
            }
            result.append(first <= last ? Taps(first: first, weights: Array(floats[first...last])) : Taps(first: 0, weights: []))
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

    private func verticalPass(_ p: Plane) -> Plane {
        let taps = Self.weights(input: p.height, output: height, method: method)
        let rowLength = p.width * p.channels
        var values = [Float](repeating: 0, count: height * rowLength)
        p.values.withUnsafeBufferPointer { src in
            values.withUnsafeMutableBufferPointer { dst in
                for (j, t) in taps.enumerated() {
                    let out = dst.baseAddress! + j * rowLength
                    for (k, w) in t.weights.enumerated() {
                        let row = src.baseAddress! + (t.first + k) * rowLength
                        for x in 0..<rowLength { out[x] = out[x].addingProduct(row[x], w) }
                    }
                }
            }
        }
        return Plane(height: height, width: p.width, channels: p.channels, values: values)
    }

    private func horizontalPass(_ p: Plane) -> Plane {
        let taps = Self.weights(input: p.width, output: width, method: method)
        let c = p.channels
        var values = [Float](repeating: 0, count: p.height * width * c)
        p.values.withUnsafeBufferPointer { src in
            values.withUnsafeMutableBufferPointer { dst in
                for y in 0..<p.height {
                    let inRow = src.baseAddress! + y * p.width * c
                    let outRow = dst.baseAddress! + y * width * c
                    for (j, t) in taps.enumerated() {
                        for ch in 0..<c {
                            var acc: Float = 0
                            for (k, w) in t.weights.enumerated() {
                                acc = acc.addingProduct(inRow[(t.first + k) * c + ch], w)
                            }
                            outRow[j * c + ch] = acc
                        }
                    }
                }
            }
        }
        return Plane(height: p.height, width: width, channels: c, values: values)
    }
}
