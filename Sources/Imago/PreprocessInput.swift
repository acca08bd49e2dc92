/// The three modes of Keras's `keras.applications.imagenet_utils.preprocess_input`: how ImageNet models trained
/// with different frameworks expect their input pixels (0...255) to be scaled.
public enum PreprocessMode: String, Sendable, Hashable, CaseIterable, Codable {
    /// Caffe's convention: channels reversed from RGB to BGR, then the ImageNet mean of each channel
    /// (103.939, 116.779, 123.68 in BGR order) subtracted, without scaling.
    case caffe
    /// TensorFlow's convention: `x / 127.5 - 1`, so 0...255 becomes -1...1.
    case tf
    /// PyTorch's convention: `x / 255`, then each channel normalised with the ImageNet mean (0.485, 0.456, 0.406)
    /// and standard deviation (0.229, 0.224, 0.225).
    case torch
}

/// Keras's `keras.applications.imagenet_utils.preprocess_input(x, data_format, mode)` on a NumPy array, equal to
/// Keras's result bit for bit (its NumPy path, which every backend takes for NumPy input).
///
/// The arithmetic is NumPy's, in the array's own precision: `float32` arrays are computed in `float32` with each
/// constant rounded to `float32` first, `float64` arrays in `float64`. Integer arrays are first converted to
/// `float32` (Keras's `backend.floatx()`); the result then is `float32`.
/// - `tf`: `x / 127.5`, then `- 1`.
/// - `torch`: `x / 255`, then for the first three channels `(x - mean[c]) / std[c]`.
/// - `caffe`: the channel axis reversed (RGB to BGR), then `mean[c]` subtracted from the first three channels.
///
/// Keras works in place on a NumPy array (and, for `caffe`, returns a reversed view of it); Imago returns a new
/// array and leaves `x` unchanged.
///
/// - Parameters:
///   - x: One image or a batch: (H, W, C) or (N, H, W, C) for channels last, (C, H, W) or (N, C, H, W) for
///     channels first. `caffe` and `torch` need at least three channels; `tf` takes any shape.
///   - mode: The scaling convention.
///   - dataFormat: Where the channel axis is: the last axis, or for channels first axis 0 of a 3-D array and
///     axis 1 otherwise, as in Keras.
/// - Returns: The preprocessed array, `float32` or `float64`, of the same shape.
/// - Throws: `ImageError/Kind/invalidArgument` when `caffe` or `torch` gets fewer than three channels (Keras
///   fails with an `IndexError`); `ImageError/Kind/limitExceeded` when the result cannot be allocated.
public func preprocessInput(_ x: NDArray, mode: PreprocessMode, dataFormat: DataFormat = .channelsLast) throws(ImageError) -> NDArray {
    let input = x.dtype.isInteger ? try x.converted(to: .float32) : x
    let layout = try ImagenetNormalization.Layout(shape: input.shape, dataFormat: dataFormat, mode: mode)
    var output = try NDArray(shape: input.shape, dtype: input.dtype, zeroed: false)  // every element is written below
    switch input.dtype {
    case .float64: ImagenetNormalization.apply(mode, layout: layout, from: input, to: &output, as: Double.self)
    default: ImagenetNormalization.apply(mode, layout: layout, from: input, to: &output, as: Float.self)
    }
    return output
}

/// Keras's `keras.applications.<application>.preprocess_input(x, data_format)`: ``preprocessInput(_:mode:dataFormat:)``
/// with the application's mode (see ``KerasApplication/preprocessMode``), or `x` itself, unchanged (dtype included),
/// for the applications that rescale inside the model (EfficientNet, EfficientNetV2, ConvNeXt, MobileNetV3).
public func preprocessInput(_ x: NDArray, for application: KerasApplication, dataFormat: DataFormat = .channelsLast) throws(ImageError) -> NDArray {
    guard let mode = application.preprocessMode else { return x }
    return try preprocessInput(x, mode: mode, dataFormat: dataFormat)
}

/// The element loops of ``preprocessInput(_:mode:dataFormat:)``.
enum ImagenetNormalization {
    /// Caffe's per-channel means, in BGR order (applied after the flip).
    static let caffeMean: [Double] = [103.939, 116.779, 123.68]
    /// PyTorch's per-channel means and standard deviations, RGB order.
    static let torchMean: [Double] = [0.485, 0.456, 0.406]
    static let torchStd: [Double] = [0.229, 0.224, 0.225]

    /// The array seen as (outer, channels, inner) around its channel axis.
    struct Layout {
        var outer: Int
        var channels: Int
        var inner: Int

        init(shape: [Int], dataFormat: DataFormat, mode: PreprocessMode) throws(ImageError) {
            if mode == .tf {
                // Element-wise: the channel axis does not matter.
                (outer, channels, inner) = (shape.reduce(1, *), 1, 1)
                return
            }
            let axis: Int
            switch dataFormat {
            case .channelsLast:
                guard !shape.isEmpty else { throw .invalidArgument("preprocess_input (\(mode.rawValue)) needs a channel axis, got a 0-d array") }
                axis = shape.count - 1
            case .channelsFirst:
                guard shape.count >= 3 else {
                    throw .invalidArgument("preprocess_input (\(mode.rawValue), channels_first) needs a 3-D or 4-D array, got shape \(NDArray.describe(shape))")
                }
                axis = shape.count == 3 ? 0 : 1
            }
            guard shape[axis] >= 3 else {
                throw .invalidArgument("preprocess_input (\(mode.rawValue)) needs at least 3 channels on axis \(axis), got shape \(NDArray.describe(shape))")
            }
            outer = shape[..<axis].reduce(1, *)
            channels = shape[axis]
            inner = shape[(axis + 1)...].reduce(1, *)
        }
    }

    /// Writes `mode`'s result for `input` into `output` (same shape, both of dtype `T`). Each step is a separate
    /// rounding in `T`, in NumPy's order.
    static func apply<T: BinaryFloatingPoint & NDArrayElement>(
        _ mode: PreprocessMode, layout: Layout, from input: NDArray, to output: inout NDArray, as type: T.Type
    ) {
        input.withUnsafeElements(as: T.self) { source in
            output.withUnsafeMutableElements(as: T.self) { destination in
                switch mode {
                case .tf:
                    let (scale, one) = (T(127.5), T(1.0))
                    for i in 0..<source.count { destination[i] = source[i] / scale - one }
                case .torch:
                    let scale = T(255.0)
                    let mean = torchMean.map { T($0) }, std = torchStd.map { T($0) }
                    forEachChannel(layout, reversed: false) { channel, from, to, count in
                        if channel < 3 {
                            let (m, s) = (mean[channel], std[channel])
                            for i in 0..<count { destination[to + i] = (source[from + i] / scale - m) / s }
                        } else {
                            for i in 0..<count { destination[to + i] = source[from + i] / scale }
                        }
                    }
                case .caffe:
                    let mean = caffeMean.map { T($0) }
                    forEachChannel(layout, reversed: true) { channel, from, to, count in
                        if channel < 3 {
                            let m = mean[channel]
                            for i in 0..<count { destination[to + i] = source[from + i] - m }
                        } else {
                            for i in 0..<count { destination[to + i] = source[from + i] }
                        }
                    }
                }
            }
        }
    }

    /// Calls `body(channel, sourceOffset, destinationOffset, count)` for every contiguous run of one channel; with
    /// `reversed`, output channel `c` reads input channel `channels - 1 - c`. Channels last (inner 1) runs pixel by
    /// pixel, so the whole array is read and written once, in order.
    private static func forEachChannel(_ layout: Layout, reversed: Bool, _ body: (Int, Int, Int, Int) -> Void) {
        let (channels, inner) = (layout.channels, layout.inner)
        for o in 0..<layout.outer {
            let base = o * channels * inner
            for c in 0..<channels {
                let from = base + (reversed ? channels - 1 - c : c) * inner
                body(c, from, base + c * inner, inner)
            }
        }
    }
}
