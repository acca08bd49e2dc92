/// The settings of ``imageDatasetFromDirectory(_:labels:labelMode:classNames:colorMode:batchSize:imageSize:shuffle:seed:validationSplit:subset:interpolation:cropToAspectRatio:padToAspectRatio:dataFormat:followLinks:includeTIFFAndWebP:pixelPath:applyOrientation:)``
/// that shape each element, and the enums that spell Keras's string arguments.
public enum DatasetOptions {
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

    /// Keras's `interpolation` for `image_dataset_from_directory` (lower-cased names are accepted by `init(rawValue:)`).
    ///
    /// Keras accepts all eight names; on the numpy backend `area`, `gaussian` and `mitchellcubic` then fail at
    /// resize time. Imago rejects them when the dataset is created instead.
    public enum Interpolation: String, Sendable, Hashable, CaseIterable {
        case bilinear, nearest, bicubic, area, lanczos3, lanczos5, gaussian, mitchellcubic

        /// Parses a name case-insensitively, as Keras lower-cases it.
        public init?(name: String) { self.init(rawValue: name.lowercased()) }
    }

    /// How pixels are produced.
    public enum PixelPath: String, Sendable, Hashable, CaseIterable {
        /// Keras's `format="grain"`: Pillow-semantics decode with `load_img`'s colour rules, float32, then the numpy
        /// backend's non-antialiased `resize` (with its crop or pad). Fractional float32 values.
        case grain
        /// `load_img(target_size=..., interpolation=..., keep_aspect_ratio=crop)` then `img_to_array`: Pillow's
        /// antialiased resize, integral values. `interpolation` maps bilinear/nearest/bicubic/lanczos3 to Pillow's
        /// BILINEAR/NEAREST/BICUBIC/LANCZOS; padding is not available on this path.
        case loadImg
    }
}

/// One resolved element recipe: how a file becomes an (H, W, C) float32 image.
struct DatasetElementRecipe: Sendable {
    var colorMode: ColorMode
    var height: Int
    var width: Int
    var pixelPath: DatasetOptions.PixelPath
    var dataFormat: DataFormat
    var grainResize: GrainResize
    var pillowInterpolation: Interpolation
    /// Opt-in: turn each image upright by its EXIF orientation before resizing (``LoadOptions/applyOrientation``).
    var applyOrientation = false
    /// Replaces the decode step (tests and callers with their own decoder): writes the decoded, colour-converted
    /// (H, W, C) float32 image for a path; the recipe's resize is then applied as on the grain path.
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

    init(colorMode: ColorMode, height: Int, width: Int, interpolation: DatasetOptions.Interpolation,
         cropToAspectRatio: Bool, padToAspectRatio: Bool, pixelPath: DatasetOptions.PixelPath,
         dataFormat: DataFormat = .channelsLast) throws(ImageError) {
        self.colorMode = colorMode
        self.dataFormat = dataFormat
        self.height = height
        self.width = width
        self.pixelPath = pixelPath
        let method: GrainResize.Method
        switch interpolation {
        case .bilinear: method = .bilinear
        case .nearest: method = .nearest
        case .bicubic: method = .bicubic
        case .lanczos3: method = .lanczos3
        case .lanczos5: method = .lanczos5
        case .area, .gaussian, .mitchellcubic:
            throw .invalidArgument(
                "interpolation=\(interpolation.rawValue) is accepted by Keras but fails in the numpy backend's resize; "
                    + "use one of bilinear, nearest, bicubic, lanczos3, lanczos5")
        }
        grainResize = try GrainResize(height: height, width: width, method: method,
                                      cropToAspectRatio: cropToAspectRatio, padToAspectRatio: padToAspectRatio)
        switch (interpolation, pixelPath) {
        case (_, .grain): pillowInterpolation = .bilinear
        case (.bilinear, .loadImg): pillowInterpolation = .bilinear
        case (.nearest, .loadImg): pillowInterpolation = .nearest
        case (.bicubic, .loadImg): pillowInterpolation = .bicubic
        case (.lanczos3, .loadImg): pillowInterpolation = .lanczos
        default:
            throw .invalidArgument("interpolation=\(interpolation.rawValue) has no Pillow equivalent for pixelPath .loadImg")
        }
        if pixelPath == .loadImg && padToAspectRatio {
            throw .invalidArgument("padToAspectRatio is only available on pixelPath .grain (load_img has no padding)")
        }
    }

    /// Decodes `path` and writes its (height, width, channels) float32 pixels to `destination`.
    func load(_ path: String, into destination: UnsafeMutableBufferPointer<Float>) throws {
        var scratch = GrainResize.Scratch()
        try load(path, into: destination, scratch: &scratch)
    }

    /// `load(_:into:)` reusing a worker's resize scratch storage; writes ``elementShape``.
    func load(_ path: String, into destination: UnsafeMutableBufferPointer<Float>, scratch: inout GrainResize.Scratch) throws {
        guard dataFormat == .channelsFirst else {
            try loadChannelsLast(path, into: destination, scratch: &scratch)
            return
        }
        // Keras transposes before resizing; the resize treats every channel alike, so transposing after is the same.
        let plane = height * width
        var interleaved = [Float](repeating: 0, count: plane * channels)
        try interleaved.withUnsafeMutableBufferPointer { buffer throws in
            try loadChannelsLast(path, into: buffer, scratch: &scratch)
            for p in 0..<plane {
                for c in 0..<channels { destination[c * plane + p] = buffer[p * channels + c] }
            }
        }
    }

    private func loadChannelsLast(_ path: String, into destination: UnsafeMutableBufferPointer<Float>, scratch: inout GrainResize.Scratch) throws {
        if let decodeOverride {
            let decoded = try decodeOverride(path)
            guard decoded.channels == channels else {
                throw ImageError.invalidArgument("decoded image has \(decoded.channels) channels, expected \(channels)")
            }
            decoded.pixels.withUnsafeBufferPointer { pixels in
                grainResize.apply(pixels, height: decoded.height, width: decoded.width, channels: channels, into: destination)
            }
            return
        }
        switch pixelPath {
        case .grain:
            // np.array(img) then float32: the samples read as floats straight from the decoded buffer.
            let image = try loadImage(path, colorMode: colorMode, options: LoadOptions(applyOrientation: applyOrientation))
            grainResize.apply(image.buffer, into: destination, scratch: &scratch)
        case .loadImg:
            let image = try loadImage(path, colorMode: colorMode, targetSize: (height, width), interpolation: pillowInterpolation,
                                      keepAspectRatio: grainResize.cropToAspectRatio,
                                      options: LoadOptions(applyOrientation: applyOrientation))
            let array = try imageToArray(image)
            array.withUnsafeElements(as: Float.self) { pixels in
                _ = destination.update(fromContentsOf: pixels)
            }
        }
    }
}
