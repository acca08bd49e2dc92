/// The arguments of Keras's `image_dataset_from_directory`, with Keras's names (in Swift's spelling) and defaults, as
/// one value: pass it to ``imageDatasetFromDirectory(_:options:)-(String,_)``, the single entry point that returns one dataset or,
/// with `subset: .both`, a training/validation pair. It also holds the enums that spell Keras's string arguments.
///
/// ```swift
/// var options = DatasetOptions(imageSize: ImageSize(height: 224, width: 224), seed: 1337)
/// options.validationSplit = 0.2
/// options.subset = .both
/// let split = try imageDatasetFromDirectory("photos", options: options).split!
/// ```
public struct DatasetOptions: Sendable, Equatable {
    /// `labels`: inferred from the class sub-folders (default), none, or one integer per file.
    public var labels: DirectoryIndex.Labels
    /// `label_mode` (default `.int`).
    public var labelMode: LabelMode
    /// `class_names`: the class sub-folders to use, in this order (default: all, alphanumerically).
    public var classNames: [String]?
    /// `color_mode` (default `.rgb`).
    public var colorMode: ColorMode
    /// `batch_size` (default 32; `nil` yields single images).
    public var batchSize: Int?
    /// `image_size` (default 256 x 256).
    public var imageSize: ImageSize
    /// `shuffle` (default true).
    public var shuffle: Bool
    /// `seed` of the shuffle and the split (default: random).
    public var seed: UInt32?
    /// `validation_split`: the fraction of the files reserved for validation (default none).
    public var validationSplit: Double?
    /// `subset`: `.training`, `.validation`, or `.both` for the pair (needs ``validationSplit``).
    public var subset: ValidationSplit.Subset?
    /// `interpolation` (default `.bilinear`).
    public var interpolation: ResizeMethod
    /// `crop_to_aspect_ratio` (default false).
    public var cropToAspectRatio: Bool
    /// `pad_to_aspect_ratio` (default false).
    public var padToAspectRatio: Bool
    /// `data_format` (default channels last).
    public var dataFormat: DataFormat
    /// `follow_links` (default false).
    public var followLinks: Bool
    /// Not Keras: also list `.tif`, `.tiff` and `.webp` files (default false, as Keras's allow-list).
    public var includeTIFFAndWebP: Bool
    /// `format`: how pixels are produced (default `.tensorflow`, Keras's `format="tf"`).
    public var pixelPath: PixelPath
    /// Not Keras: keep only these files of the listing, before the shuffle and split (default: all).
    public var onlyFiles: [String]?
    /// Not Keras: turn each image upright by its EXIF orientation before resizing (default false).
    public var applyOrientation: Bool

    /// Keras's defaults, with any argument given here changed.
    public init(labels: DirectoryIndex.Labels = .inferred, labelMode: LabelMode = .int, classNames: [String]? = nil,
                colorMode: ColorMode = .rgb, batchSize: Int? = 32, imageSize: ImageSize = ImageSize(height: 256, width: 256),
                shuffle: Bool = true, seed: UInt32? = nil, validationSplit: Double? = nil, subset: ValidationSplit.Subset? = nil,
                interpolation: ResizeMethod = .bilinear, cropToAspectRatio: Bool = false, padToAspectRatio: Bool = false,
                dataFormat: DataFormat = .channelsLast, followLinks: Bool = false, includeTIFFAndWebP: Bool = false,
                pixelPath: PixelPath = .tensorflow, onlyFiles: [String]? = nil, applyOrientation: Bool = false) {
        self.labels = labels
        self.labelMode = labelMode
        self.classNames = classNames
        self.colorMode = colorMode
        self.batchSize = batchSize
        self.imageSize = imageSize
        self.shuffle = shuffle
        self.seed = seed
        self.validationSplit = validationSplit
        self.subset = subset
        self.interpolation = interpolation
        self.cropToAspectRatio = cropToAspectRatio
        self.padToAspectRatio = padToAspectRatio
        self.dataFormat = dataFormat
        self.followLinks = followLinks
        self.includeTIFFAndWebP = includeTIFFAndWebP
        self.pixelPath = pixelPath
        self.onlyFiles = onlyFiles
        self.applyOrientation = applyOrientation
    }

    /// Keras's `label_mode`.
    public enum LabelMode: String, Sendable, Hashable, CaseIterable {
        /// int32 labels of shape (N,).
        case int
        /// One-hot float32 labels of shape (N, classes).
        case categorical
        /// float32 labels of shape (N, 1); needs exactly 2 classes.
        case binary
        /// No labels: images only (`label_mode=None`).
        case none
    }

    /// The former name of ``ResizeMethod``, Keras's `interpolation` for `image_dataset_from_directory`.
    @available(*, deprecated, renamed: "ResizeMethod")
    public typealias Interpolation = ResizeMethod

    /// How pixels are produced.
    public enum PixelPath: String, Sendable, Hashable, CaseIterable {
        /// Keras's default, `format="tf"`: TensorFlow's `decode_image` (``TensorFlowDecode``: JPEG with the fast
        /// IDCT) then `tf.image.resize` without antialias (bilinear, nearest, bicubic, area bit-identical to
        /// TensorFlow 2.21's kernels; lanczos3/5, gaussian, mitchellcubic within 1e-4), `crop_to_aspect_ratio` through
        /// the TF backend's `smart_resize`, `pad_to_aspect_ratio` through `tf.image.resize_with_pad`. Float32
        /// elements, except `nearest`, which yields uint8 as Keras's dataset does.
        case tensorflow
        /// Keras's `format="grain"`: Pillow-semantics decode with `load_img`'s colour rules, float32, then the numpy
        /// backend's non-antialiased `resize` (with its crop or pad). Fractional float32 values.
        case grain
        /// `load_img(target_size=..., interpolation=..., keep_aspect_ratio=crop)` then `img_to_array`: Pillow's
        /// antialiased resize, integral values. `interpolation` maps bilinear/nearest/bicubic/lanczos3 to Pillow's
        /// BILINEAR/NEAREST/BICUBIC/LANCZOS; padding is not available on this path.
        case loadImg

        /// Parses the command-line spelling: `tensorflow`, `grain` or `load-img`.
        public init?(name: String) {
            switch name.lowercased() {
            case "tensorflow", "tf": self = .tensorflow
            case "grain": self = .grain
            case "load-img", "loadimg", "load_img": self = .loadImg
            default: return nil
            }
        }
    }
}

/// One resolved element recipe: how a file becomes an (H, W, C) image (float32, or uint8 for TensorFlow's nearest).
struct DatasetElementRecipe: Sendable {
    var colorMode: ColorMode
    var height: Int
    var width: Int
    var pixelPath: DatasetOptions.PixelPath
    var dataFormat: DataFormat
    var interpolation: ResizeMethod
    var cropToAspectRatio: Bool
    var padToAspectRatio: Bool
    /// The grain path's resize (`nil` on the other paths).
    var grainResize: GrainResize?
    var pillowInterpolation: Interpolation
    /// Opt-in: turn each image upright by its EXIF orientation before resizing (``LoadOptions/applyOrientation``).
    var applyOrientation = false
    /// Replaces the decode step (tests and callers with their own decoder): writes the decoded, colour-converted
    /// (H, W, C) float32 image for a path; the recipe's resize is then applied as on its pixel path.
    var decodeOverride: (@Sendable (String) throws -> (pixels: [Float], height: Int, width: Int, channels: Int))?

    var channels: Int {
        switch colorMode {
        case .grayscale: 1
        case .rgb: 3
        case .rgba: 4
        }
    }

    /// (height, width, channels), or (channels, height, width) for `.channelsFirst`.
    var elementShape: [Int] {
        dataFormat == .channelsLast ? [height, width, channels] : [channels, height, width]
    }

    /// The element type: uint8 for TensorFlow's nearest (as Keras's dataset yields it), float32 otherwise.
    var elementType: NDArray.DType {
        pixelPath == .tensorflow && interpolation == .nearest ? .uint8 : .float32
    }

    /// Bytes of one element.
    var elementBytes: Int { height * width * channels * elementType.byteCount }

    init(colorMode: ColorMode, height: Int, width: Int, interpolation: ResizeMethod,
         cropToAspectRatio: Bool, padToAspectRatio: Bool, pixelPath: DatasetOptions.PixelPath,
         dataFormat: DataFormat = .channelsLast) throws(ImageError) {
        guard height > 0, width > 0 else {
            throw .invalidArgument("Invalid `image_size` value: (\(height), \(width)); both sizes must be positive")
        }
        guard !(cropToAspectRatio && padToAspectRatio) else {
            throw .invalidArgument("Only one of `pad_to_aspect_ratio`, `crop_to_aspect_ratio` can be set to `True`.")
        }
        self.colorMode = colorMode
        self.dataFormat = dataFormat
        self.height = height
        self.width = width
        self.pixelPath = pixelPath
        self.interpolation = interpolation
        self.cropToAspectRatio = cropToAspectRatio
        self.padToAspectRatio = padToAspectRatio
        pillowInterpolation = .bilinear
        switch pixelPath {
        case .tensorflow:
            break
        case .grain:
            grainResize = try GrainResize(height: height, width: width, method: interpolation,
                                          cropToAspectRatio: cropToAspectRatio, padToAspectRatio: padToAspectRatio)
        case .loadImg:
            switch interpolation {
            case .bilinear: pillowInterpolation = .bilinear
            case .nearest: pillowInterpolation = .nearest
            case .bicubic: pillowInterpolation = .bicubic
            case .lanczos3: pillowInterpolation = .lanczos
            default:
                throw .invalidArgument("interpolation=\(interpolation.rawValue) has no Pillow equivalent for pixelPath .loadImg")
            }
            if padToAspectRatio {
                throw .invalidArgument("padToAspectRatio is not available on pixelPath .loadImg (load_img has no padding)")
            }
        }
    }

    /// Decodes `path` and writes its element (``elementShape`` of ``elementType``) to `destination`.
    func load(_ path: String, into destination: UnsafeMutableRawBufferPointer) throws {
        var scratch = DatasetElementScratch()
        try load(path, into: destination, scratch: &scratch)
    }

    /// `load(_:into:)` reusing a worker's scratch storage.
    func load(_ path: String, into destination: UnsafeMutableRawBufferPointer, scratch: inout DatasetElementScratch) throws {
        precondition(destination.count >= elementBytes)
        guard dataFormat == .channelsFirst else {
            try loadChannelsLast(path, into: destination.baseAddress!, scratch: &scratch)
            return
        }
        // Keras transposes before (crop) or after resizing; the resize treats every channel alike, so the order
        // does not change the values.
        var interleaved: [UInt8] = []
        swap(&interleaved, &scratch.transposed)
        defer { swap(&interleaved, &scratch.transposed) }
        if interleaved.count < elementBytes { interleaved = [UInt8](repeating: 0, count: elementBytes) }
        try interleaved.withUnsafeMutableBytes { buffer throws in
            try loadChannelsLast(path, into: buffer.baseAddress!, scratch: &scratch)
            let plane = height * width, size = elementType.byteCount
            for p in 0..<plane {
                for c in 0..<channels {
                    (destination.baseAddress! + (c * plane + p) * size)
                        .copyMemory(from: buffer.baseAddress! + (p * channels + c) * size, byteCount: size)
                }
            }
        }
    }

    private func loadChannelsLast(_ path: String, into destination: UnsafeMutableRawPointer, scratch: inout DatasetElementScratch) throws {
        let count = height * width * channels
        if let decodeOverride {
            let decoded = try decodeOverride(path)
            guard decoded.channels == channels else {
                throw ImageError.invalidArgument("decoded image has \(decoded.channels) channels, expected \(channels)")
            }
            try decoded.pixels.withUnsafeBufferPointer { pixels throws in
                let source = SampleRows(base: UnsafeRawPointer(pixels.baseAddress!), rowStride: decoded.width * channels * 4,
                                        height: decoded.height, width: decoded.width, channels: channels, sampleType: .float32)
                switch pixelPath {
                case .tensorflow:
                    try tensorFlowPixels(source, into: destination, scratch: &scratch)
                case .grain, .loadImg:
                    let resize = try grainResize ?? GrainResize(height: height, width: width, method: interpolation,
                                                                 cropToAspectRatio: cropToAspectRatio)
                    resize.apply(source, into: UnsafeMutableBufferPointer(start: destination.assumingMemoryBound(to: Float.self), count: count),
                                 scratch: &scratch.resize)
                }
            }
            return
        }
        switch pixelPath {
        case .tensorflow:
            let bytes = try FileIO.read(path)
            try TensorFlowDecode.decode(bytes, channels: channels, registry: .standard, limits: .default, scratch: &scratch.decode)
            var image = scratch.decode.result
            if applyOrientation {
                // Opt-in, not Keras: the decoded tensor turned upright by the file's EXIF orientation, before the resize.
                let header = try FormatRegistry.standard.probe(bytes)
                image = try DecodedImage(image: image, metadata: header).upright().image
            }
            try image.withUnsafeBytes { raw throws in
                let source = SampleRows(base: raw.baseAddress!, rowStride: image.rowStride, height: image.height, width: image.width,
                                        channels: image.channelCount, sampleType: .uint8)
                try tensorFlowPixels(source, into: destination, scratch: &scratch)
            }
        case .grain:
            // np.array(img) then float32: the samples read as floats straight from the decoded buffer.
            let image = try loadImage(path, colorMode: colorMode, options: LoadOptions(applyOrientation: applyOrientation))
            grainResize!.apply(image.buffer, into: UnsafeMutableBufferPointer(start: destination.assumingMemoryBound(to: Float.self), count: count),
                               scratch: &scratch.resize)
        case .loadImg:
            let image = try loadImage(path, colorMode: colorMode, targetSize: ImageSize(height: height, width: width), interpolation: pillowInterpolation,
                                      keepAspectRatio: cropToAspectRatio, options: LoadOptions(applyOrientation: applyOrientation))
            let array = try imageToArray(image)
            array.withUnsafeBytes { pixels in
                destination.copyMemory(from: pixels.baseAddress!, byteCount: min(pixels.count, elementBytes))
            }
        }
    }

    /// Keras's `_load_image_tf` after the decode: the TF backend's `smart_resize` crop, `tf.image.resize_with_pad`,
    /// or `tf.image.resize`, into ``elementType`` samples.
    private func tensorFlowPixels(_ input: SampleRows, into destination: UnsafeMutableRawPointer, scratch: inout DatasetElementScratch) throws {
        var source = input
        if cropToAspectRatio {
            // Inside tf.data the shapes are tensors, so smart_resize takes its float32 branch.
            let box = smartResizeCrop(Float.self, height: source.height, width: source.width, target: (height, width))
            source = source.cropped(x0: box.x0, y0: box.y0, columns: box.width, rows: box.height)
        } else if padToAspectRatio {
            let (h, w) = (Float(source.height), Float(source.width))
            let ratio = max(w / Float(width), h / Float(height))
            let resizedHeightFloat = h / ratio, resizedWidthFloat = w / ratio
            let resizedHeight = Int(resizedHeightFloat.rounded(.down)), resizedWidth = Int(resizedWidthFloat.rounded(.down))
            let top = max(0, Int(((Float(height) - resizedHeightFloat) / 2).rounded(.down)))
            let left = max(0, Int(((Float(width) - resizedWidthFloat) / 2).rounded(.down)))
            guard resizedHeight > 0, resizedWidth > 0, top + resizedHeight <= height, left + resizedWidth <= width else {
                throw ImageError.invalidArgument(
                    "resize_with_pad: a \(source.width)x\(source.height) image cannot be fitted into \(width)x\(height)")
            }
            let size = elementType.byteCount, pixelBytes = channels * size
            var staging: [UInt8] = []
            swap(&staging, &scratch.padded)
            defer { swap(&staging, &scratch.padded) }
            let needed = resizedHeight * resizedWidth * pixelBytes
            if staging.count < needed { staging = [UInt8](repeating: 0, count: needed) }
            try staging.withUnsafeMutableBytes { resized throws in
                try tensorFlowResize(source, height: resizedHeight, width: resizedWidth, into: resized.baseAddress!, scratch: &scratch)
                destination.initializeMemory(as: UInt8.self, repeating: 0, count: elementBytes)
                for y in 0..<resizedHeight {
                    (destination + ((top + y) * width + left) * pixelBytes)
                        .copyMemory(from: resized.baseAddress! + y * resizedWidth * pixelBytes, byteCount: resizedWidth * pixelBytes)
                }
            }
            return
        }
        try tensorFlowResize(source, height: height, width: width, into: destination, scratch: &scratch)
    }

    /// `tf.image.resize(source, (height, width), method=interpolation)` into ``elementType`` samples.
    private func tensorFlowResize(_ source: SampleRows, height: Int, width: Int, into destination: UnsafeMutableRawPointer,
                                  scratch: inout DatasetElementScratch) throws {
        let floats = destination.assumingMemoryBound(to: Float.self)
        if interpolation == .nearest {
            if source.sampleType == .uint8 {
                TensorFlowResize.nearest(source, height: height, width: width, into: destination, scratch: &scratch.resize)
            } else {
                // A caller-decoded float image: pick the samples, then store them as uint8 (TensorFlow keeps the type).
                var picked = [Float](repeating: 0, count: height * width * channels)
                picked.withUnsafeMutableBufferPointer { p in
                    TensorFlowResize.resize(source, height: height, width: width, method: .nearest, into: p.baseAddress!, scratch: &scratch.resize)
                }
                let bytes = destination.assumingMemoryBound(to: UInt8.self)
                for i in picked.indices { bytes[i] = UInt8(clamping: Int(picked[i])) }
            }
            return
        }
        resize(source, height: height, width: width, method: interpolation, backend: .tensorflow, into: floats, scratch: &scratch.resize)
    }
}

/// The buffers one dataset worker reuses from element to element.
struct DatasetElementScratch: Sendable {
    var resize = ResizeScratch()
    var decode = TensorFlowDecode.Scratch()
    var transposed: [UInt8] = []
    var padded: [UInt8] = []
}
