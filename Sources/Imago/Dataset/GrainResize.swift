/// The resize of Keras's `format="grain"` dataset path on the numpy backend: `keras.ops.image.resize(img, size,
/// interpolation, antialias=False, crop_to_aspect_ratio, pad_to_aspect_ratio)` applied to a float32 (H, W, C) image.
///
/// It reproduces `keras/src/backend/numpy/image.py` step by step: the integer crop box or the symmetric zero
/// padding, then the shared scale-and-translate core (`ScaleAndTranslateResampler`: one separable pass per spatial
/// axis whose size changes, height first, with the float64 weights of `_compute_weight_mat` cast to float32, and
/// the float32 contraction numpy's `tensordot` runs through BLAS modelled as a fused multiply-add chain).
/// `nearest` takes `floor((i + 0.5) * in / out)` computed in float32. Float input stays float: no rounding, no clipping.
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
    /// The former name of ``ResizeMethod`` here.
    @available(*, deprecated, renamed: "ResizeMethod")
    public typealias Method = ResizeMethod
    /// Reusable storage, so that a worker resizing many images allocates once.
    public typealias Scratch = ResizeScratch

    /// Target height.
    public var height: Int
    /// Target width.
    public var width: Int
    /// The interpolation (one the numpy backend supports).
    public var method: ResizeMethod
    /// `crop_to_aspect_ratio`: crop the centre to the target's aspect ratio first.
    public var cropToAspectRatio: Bool
    /// `pad_to_aspect_ratio`: pad both sides with zeros to the target's aspect ratio first.
    public var padToAspectRatio: Bool

    /// A resize to `height` x `width`. Throws when both crop and pad are asked for, a size is not positive, or the
    /// numpy backend has no such method (area, gaussian, mitchellcubic).
    public init(height: Int, width: Int, method: ResizeMethod = .bilinear, cropToAspectRatio: Bool = false, padToAspectRatio: Bool = false) throws(ImageError) {
        guard height > 0, width > 0 else {
            throw .invalidArgument("Invalid `image_size` value: (\(height), \(width)); both sizes must be positive")
        }
        guard !(cropToAspectRatio && padToAspectRatio) else {
            throw .invalidArgument("Only one of `pad_to_aspect_ratio` & `crop_to_aspect_ratio` can be `True`.")
        }
        guard method.numpyBackendSupports else { throw method.numpyBackendError }
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
        let source = SampleRows(base: UnsafeRawPointer(pixels.baseAddress!), rowStride: inWidth * channels * 4,
                                height: inHeight, width: inWidth, channels: channels, sampleType: .float32)
        var scratch = ResizeScratch()
        apply(source, into: output, scratch: &scratch)
    }

    /// Resizes the samples of `image` (gray, RGB or RGBA of any sample type, read as float32 values) into `output`.
    public func apply(_ image: ImageBuffer, into output: UnsafeMutableBufferPointer<Float>, scratch: inout ResizeScratch) {
        image.withUnsafeBytes { raw in
            let source = SampleRows(base: raw.baseAddress!, rowStride: image.rowStride, height: image.height, width: image.width,
                                    channels: image.channelCount, sampleType: image.format.sampleType)
            apply(source, into: output, scratch: &scratch)
        }
    }

    func apply(_ input: SampleRows, into output: UnsafeMutableBufferPointer<Float>, scratch: inout ResizeScratch) {
        precondition(output.count >= height * width * input.channels)
        var source = input
        if cropToAspectRatio {
            let box = smartResizeCrop(Double.self, height: source.height, width: source.width, target: (height, width))
            source = source.cropped(x0: box.x0, y0: box.y0, columns: box.width, rows: box.height)
        } else if padToAspectRatio {
            let (h, w) = paddedSize(source)
            var staging: [Float] = []
            swap(&staging, &scratch.staging)
            defer { swap(&staging, &scratch.staging) }
            pad(source, height: h, width: w, into: &staging)
            staging.withUnsafeBufferPointer { values in
                let view = SampleRows(base: UnsafeRawPointer(values.baseAddress!), rowStride: w * source.channels * 4,
                                      height: h, width: w, channels: source.channels, sampleType: .float32)
                resize(view, into: output, scratch: &scratch)
            }
            return
        }
        resize(source, into: output, scratch: &scratch)
    }

    private func resize(_ source: SampleRows, into output: UnsafeMutableBufferPointer<Float>, scratch: inout ResizeScratch) {
        if let kernel = method.scaleAndTranslateKernel {
            ScaleAndTranslateResampler.resample(source, height: height, width: width, kernel: kernel,
                                                into: output.baseAddress!, scratch: &scratch)
        } else {
            ScaleAndTranslateResampler.nearest(source, height: height, width: width, into: output.baseAddress!, scratch: &scratch)
        }
    }

    // MARK: Pad (numpy backend `resize`)

    private func paddedSize(_ p: SampleRows) -> (height: Int, width: Int) {
        let padHeight = max(p.height, Int(Double(p.width * height) / Double(width)))
        let padWidth = max(p.width, Int(Double(p.height * width) / Double(height)))
        let top = Int(Double(padHeight - p.height) / 2)
        let left = Int(Double(padWidth - p.width) / 2)
        if top > 0 { return (p.height + 2 * top, p.width) }
        if left > 0 { return (p.height, p.width + 2 * left) }
        return (p.height, p.width)
    }

    /// The zero-padded image as float32: `int((pad - h) / 2)` rows (or columns) on both sides.
    private func pad(_ p: SampleRows, height h: Int, width w: Int, into values: inout [Float]) {
        let count = h * w * p.channels
        if values.count < count { values = [Float](repeating: 0, count: count) }
        let top = (h - p.height) / 2, left = (w - p.width) / 2
        values.withUnsafeMutableBufferPointer { out in
            out.baseAddress!.initialize(repeating: 0, count: count)
            for y in 0..<p.height {
                p.load(row: y, into: out.baseAddress! + ((y + top) * w + left) * p.channels)
            }
        }
    }
}
