import ImageKernel
import Transforms

/// Which Keras backend's `smart_resize` result `smartResize(_:size:interpolation:dataFormat:backend:)` reproduces.
public enum SmartResizeBackend: String, Sendable, Hashable, CaseIterable {
    /// `KERAS_BACKEND=numpy` (and jax): scale-and-translate without antialias; integer input is rounded
    /// half-to-even, clipped and returned in its dtype. Accepts bilinear, nearest, bicubic, lanczos3, lanczos5.
    case numpy
    /// `KERAS_BACKEND=tensorflow`: `tf.image.resize` without antialias (TensorFlow's ResizeBilinear,
    /// ResizeNearestNeighbor, ResizeBicubic, ResizeArea kernels; ScaleAndTranslate for lanczos3, lanczos5, gaussian
    /// and mitchellcubic). Float32 output, except `nearest`, which keeps the input dtype.
    case tensorflow
}

/// Keras's `keras.preprocessing.image.smart_resize` (keras-semantics §5): a centred crop to the target aspect ratio
/// (float formula, clamped to >= 1, an actual slice), then the chosen backend's non-antialiased resize.
///
/// Accepts (H, W, C) or (N, H, W, C) arrays, or the channels-first equivalents.
///
/// - `backend: .numpy` (the default): jax-style scale-and-translate (half-pixel centres; triangle, Keys cubic
///   a = -0.5, Lanczos 3/5 kernels; weights normalised and zeroed where the sample falls outside the input). Float
///   input is computed and returned as float32 (float64 is first cast to float32, as Keras's `convert_to_tensor`
///   does); integer input is computed in float32, rounded half-to-even, clipped to the crop's min/max and returned
///   in its own dtype. `nearest` picks `floor((i + 0.5) * in / out)` in float32. NumPy sums each output through
///   BLAS, whose summation order is unspecified; Imago uses the fused multiply-add chain of the shared core, so
///   float outputs can differ from Keras's in the last bits, and integer outputs by one next to a rounding tie.
/// - `backend: .tensorflow`: `tf.image.resize`; bilinear, nearest, bicubic and area are bit-identical to TensorFlow
///   2.21's CPU kernels, the scale-and-translate methods within 1e-4 on 0...255 values.
public func smartResize(
    _ array: NDArray,
    size: ImageSize,
    interpolation: ResizeMethod = .bilinear,
    dataFormat: DataFormat = .channelsLast,
    backend: SmartResizeBackend = .numpy
) throws -> NDArray {
    guard array.rank == 3 || array.rank == 4 else {
        throw ImageError.invalidArgument(
            "Expected an image array with shape `(height, width, channels)`, or `(batch_size, height, width, channels)`, but got input with incorrect rank, of shape \(NDArray.describe(array.shape)).")
    }
    guard size.height > 0, size.width > 0 else { throw ImageError.invalidArgument("target size must be positive, got \(size)") }
    if backend == .numpy && !interpolation.numpyBackendSupports { throw interpolation.numpyBackendError }
    // Work on a 4-D view: (N, H, W, C) or (N, C, H, W).
    let shape4 = array.rank == 4 ? array.shape : [1] + array.shape
    let (hAxis, wAxis) = dataFormat == .channelsLast ? (1, 2) : (2, 3)
    let (h, w) = (shape4[hAxis], shape4[wAxis])
    guard h > 0, w > 0 else { throw ImageError.invalidArgument("cannot resize an empty image of shape \(NDArray.describe(array.shape))") }
    let (th, tw) = (size.height, size.width)
    return try resizeArray(array, crop: smartResizeCrop(Double.self, height: h, width: w, target: (th, tw)), size: (th, tw),
                           interpolation: interpolation, dataFormat: dataFormat, backend: backend)
}

/// `smart_resize`'s centred crop of an `height` x `width` image for `target` (height, width): `crop_h =
/// max(min(h, int(w * th / tw)), 1)` (and the same for the width), offset `int((h - crop_h) / 2)`, with the divisions
/// in `T`: float64 when Keras sees Python ints, float32 when it sees tensors (inside `tf.data`).
func smartResizeCrop<T: BinaryFloatingPoint>(
    _: T.Type, height h: Int, width w: Int, target: (height: Int, width: Int)
) -> (y0: Int, x0: Int, height: Int, width: Int) {
    let cropHeight = max(min(h, Int(T(w * target.height) / T(target.width))), 1)
    let cropWidth = max(min(w, Int(T(h * target.width) / T(target.height))), 1)
    return (Int(T(h - cropHeight) / 2), Int(T(w - cropWidth) / 2), cropHeight, cropWidth)
}

/// `tf.image.resize(images, size, method, antialias=False)` on an (H, W, C) or (N, H, W, C) array (or channels
/// first): TensorFlow 2.21's CPU kernels, bit-identical for bilinear, nearest, bicubic and area, within 1e-4 (on
/// 0...255 values) for lanczos3, lanczos5, gaussian and mitchellcubic. Float32 output, except `nearest`, which keeps
/// the input dtype.
public func tensorFlowResize(
    _ array: NDArray, size: ImageSize, method: ResizeMethod = .bilinear, dataFormat: DataFormat = .channelsLast
) throws -> NDArray {
    guard array.rank == 3 || array.rank == 4 else {
        throw ImageError.invalidArgument("'images' must have either 3 or 4 dimensions, got shape \(NDArray.describe(array.shape))")
    }
    guard size.height > 0, size.width > 0 else { throw ImageError.invalidArgument("target size must be positive, got \(size)") }
    let shape4 = array.rank == 4 ? array.shape : [1] + array.shape
    let (h, w) = dataFormat == .channelsLast ? (shape4[1], shape4[2]) : (shape4[2], shape4[3])
    guard h > 0, w > 0 else { throw ImageError.invalidArgument("cannot resize an empty image of shape \(NDArray.describe(array.shape))") }
    return try resizeArray(array, crop: (0, 0, h, w), size: (size.height, size.width), interpolation: method, dataFormat: dataFormat,
                           backend: .tensorflow)
}

/// Resizes the box `crop` (y0, x0, height, width) of every image of `array` on `backend`.
private func resizeArray(
    _ array: NDArray, crop box: (y0: Int, x0: Int, height: Int, width: Int), size: (height: Int, width: Int),
    interpolation: ResizeMethod, dataFormat: DataFormat, backend: SmartResizeBackend
) throws -> NDArray {
    let shape4 = array.rank == 4 ? array.shape : [1] + array.shape
    let channelsLast = dataFormat == .channelsLast
    let (hAxis, wAxis) = channelsLast ? (1, 2) : (2, 3)
    let (h, w) = (shape4[hAxis], shape4[wAxis])
    let channels = channelsLast ? shape4[3] : shape4[1]
    let (th, tw) = size
    let (y0, x0, cropHeight, cropWidth) = box

    var outShape = shape4
    outShape[hAxis] = th
    outShape[wAxis] = tw
    let finalShape = array.rank == 4 ? outShape : Array(outShape.dropFirst())
    let keepsDType = interpolation == .nearest || (backend == .numpy && array.dtype.isInteger)
    let outType: NDArray.DType = keepsDType ? (array.dtype == .float64 && backend == .numpy ? .float32 : array.dtype) : .float32
    // Channels-last 8-bit, 16-bit or float32 images are read in place and written straight into the result.
    let direct: SampleType? = switch array.dtype {
    case .uint8: .uint8
    case .uint16: .uint16
    case .float32: .float32
    default: nil
    }
    if channelsLast, let direct, outType == .float32 || (interpolation == .nearest && outType == array.dtype) {
        var result = try NDArray(shape: finalShape, dtype: outType, zeroed: false)
        let size = array.dtype.byteCount, inImage = h * w * channels, outImage = th * tw * channels
        array.withUnsafeBytes { input in
            result.withUnsafeMutableBytes { output in
                var scratch = ResizeScratch()
                for n in 0..<shape4[0] {
                    let source = SampleRows(base: input.baseAddress! + (n * inImage + (y0 * w + x0) * channels) * size,
                                            rowStride: w * channels * size, height: cropHeight, width: cropWidth,
                                            channels: channels, sampleType: direct)
                    let out = output.baseAddress! + n * outImage * outType.byteCount
                    if interpolation == .nearest {
                        copyNearest(source, height: th, width: tw, backend: backend, into: out)
                    } else {
                        resize(source, height: th, width: tw, method: interpolation, backend: backend,
                               into: out.assumingMemoryBound(to: Float.self), scratch: &scratch)
                    }
                }
            }
        }
        return result
    }

    var result = try NDArray(shape: finalShape, dtype: outType)
    let flat = { (n: Int, y: Int, x: Int, c: Int) -> Int in
        channelsLast ? ((n * h + y) * w + x) * channels + c : ((n * channels + c) * h + y) * w + x
    }
    let outFlat = { (n: Int, y: Int, x: Int, c: Int) -> Int in
        channelsLast ? ((n * th + y) * tw + x) * channels + c : ((n * channels + c) * th + y) * tw + x
    }

    if interpolation == .nearest {
        // A pure selection: copy the samples (as Doubles, exact for every dtype; float64 becomes float32 on numpy).
        let rows: [Int], columns: [Int]
        switch backend {
        case .numpy:
            rows = (0..<th).map { ScaleAndTranslateResampler.nearestIndex($0, input: cropHeight, output: th) }
            columns = (0..<tw).map { ScaleAndTranslateResampler.nearestIndex($0, input: cropWidth, output: tw) }
        case .tensorflow:
            rows = TensorFlowResize.nearestIndices(input: cropHeight, output: th)
            columns = TensorFlowResize.nearestIndices(input: cropWidth, output: tw)
        }
        for n in 0..<shape4[0] {
            for (j, y) in rows.enumerated() {
                for (i, x) in columns.enumerated() {
                    for c in 0..<channels { result[flat: outFlat(n, j, i, c)] = array[flat: flat(n, y0 + y, x0 + x, c)] }
                }
            }
        }
        return result
    }

    // The crop of each image as channels-last float32 (float64 input is cast to float32 first, as both backends do).
    var crop = [Float](repeating: 0, count: cropHeight * cropWidth * channels)
    var resized = [Float](repeating: 0, count: th * tw * channels)
    var scratch = ResizeScratch()
    var low = Float.infinity, high = -Float.infinity
    var outputs: [[Float]] = []
    for n in 0..<shape4[0] {
        for y in 0..<cropHeight {
            for x in 0..<cropWidth {
                for c in 0..<channels {
                    let v = Float(array[flat: flat(n, y0 + y, x0 + x, c)])
                    crop[(y * cropWidth + x) * channels + c] = v
                    low = min(low, v)
                    high = max(high, v)
                }
            }
        }
        crop.withUnsafeBufferPointer { input in
            resized.withUnsafeMutableBufferPointer { out in
                let source = SampleRows(base: UnsafeRawPointer(input.baseAddress!), rowStride: cropWidth * channels * 4,
                                        height: cropHeight, width: cropWidth, channels: channels, sampleType: .float32)
                resize(source, height: th, width: tw, method: interpolation, backend: backend,
                       into: out.baseAddress!, scratch: &scratch)
            }
        }
        outputs.append(resized)
    }
    let roundToInput = backend == .numpy && array.dtype.isInteger
    for n in 0..<shape4[0] {
        for y in 0..<th {
            for x in 0..<tw {
                for c in 0..<channels {
                    var v = outputs[n][(y * tw + x) * channels + c]
                    if roundToInput { v = min(max(v.rounded(.toNearestOrEven), low), high) }
                    result[flat: outFlat(n, y, x, c)] = Double(v)
                }
            }
        }
    }
    return result
}

/// Nearest-neighbour selection of whole pixels of `source` into `output` (`height * width` packed pixels of the
/// source's sample type), with the backend's index rule.
private func copyNearest(_ source: SampleRows, height: Int, width: Int, backend: SmartResizeBackend, into output: UnsafeMutableRawPointer) {
    let rows: [Int], columns: [Int]
    switch backend {
    case .numpy:
        rows = (0..<height).map { ScaleAndTranslateResampler.nearestIndex($0, input: source.height, output: height) }
        columns = (0..<width).map { ScaleAndTranslateResampler.nearestIndex($0, input: source.width, output: width) }
    case .tensorflow:
        rows = TensorFlowResize.nearestIndices(input: source.height, output: height)
        columns = TensorFlowResize.nearestIndices(input: source.width, output: width)
    }
    source.copyPixels(rows: rows, columns: columns, into: output)
}

/// The non-antialiased resize of one float32 (H, W, C) image on the given backend (not nearest on numpy).
func resize(_ source: SampleRows, height: Int, width: Int, method: ResizeMethod, backend: SmartResizeBackend,
            into output: UnsafeMutablePointer<Float>, scratch: inout ResizeScratch) {
    if backend == .tensorflow, let tf = method.tensorFlowKernel {
        TensorFlowResize.resize(source, height: height, width: width, method: tf, into: output, scratch: &scratch)
    } else if let kernel = method.scaleAndTranslateKernel {
        ScaleAndTranslateResampler.resample(source, height: height, width: width, kernel: kernel,
                                            arithmetic: backend == .tensorflow ? .tensorFlow : .numpy, into: output, scratch: &scratch)
    } else {
        ScaleAndTranslateResampler.nearest(source, height: height, width: width, into: output, scratch: &scratch)
    }
}
