import ImageKernel

/// Resizes an image exactly as Pillow 13's `Image.resize(size, filter, box)` does.
///
/// Bit-exact with Pillow for `gray8` (L), `rgb8` (RGB), `rgba8` (RGBA, through premultiplied RGBa for every
/// filter but nearest), `grayAlpha8` (LA, through La), `cmyk8` (CMYK), `gray16` (I;16: double weights,
/// nearest through the generic affine transform) and `grayF32` (F).
///
/// Other formats, by analogy (Pillow has no such modes): `rgb16`, `cmyk16` and `grayAlpha16`/`rgba16` resample
/// each channel with the I;16 arithmetic; float formats with the F arithmetic. 16-bit and float alpha formats take
/// the premultiplied detour too (16-bit: `round(c*A/65535)` there, `min(65535, 65535*c'/A)` back; float: `c*A`, `c'/A`).
/// Nearest uses Pillow's running-sum positions for every format except `gray16`.
///
/// Errors (`ImageError.invalidArgument`), with Pillow's messages: a size below 1, a negative box offset,
/// a box beyond the image, a box with negative width or height. Zero-width boxes are allowed, as in Pillow.
public struct Resize: Transform {
    /// The output width in pixels (Pillow's `size[0]`); at least 1.
    public var width: Int
    /// The output height in pixels (Pillow's `size[1]`); at least 1.
    public var height: Int
    /// The resampling filter (Pillow's `resample`).
    public var filter: ResampleFilter
    /// The source region to resize, in input pixel coordinates (Pillow's `box`); `nil` for the whole image.
    public var box: ResizeBox?
    /// Whether float samples hold Pillow mode `I` integers (a `grayF32` buffer of an integer TIFF or of
    /// `arrayToImage`): each convolution pass then rounds its sum half away from zero to an integer, as Pillow's
    /// INT32 passes do, instead of keeping F's float result. Exact while the values fit float32 exactly (|v| <= 2^24).
    public var integerSamples: Bool

    /// A resize to `width` x `height` with `filter`, from `box` (the whole image when nil).
    public init(width: Int, height: Int, filter: ResampleFilter, box: ResizeBox? = nil) {
        self.init(width: width, height: height, filter: filter, box: box, integerSamples: false)
    }

    /// The same, for float samples holding Pillow mode `I` integers when `integerSamples` (see ``integerSamples``).
    public init(width: Int, height: Int, filter: ResampleFilter, box: ResizeBox?, integerSamples: Bool) {
        self.width = width
        self.height = height
        self.filter = filter
        self.box = box
        self.integerSamples = integerSamples
    }

    /// `resize(WxH,filter)`, plus `,box(x0,y0,x1,y1)` when a box is set.
    public var identifier: String {
        var id = "resize(\(width)x\(height),\(filter.rawValue)"
        if let box { id += ",box(\(box.x0),\(box.y0),\(box.x1),\(box.y1))" }
        if integerSamples { id += ",I" }
        return id + ")"
    }

    /// `image` resized to `width` x `height`, in its pixel format, with Pillow's arithmetic (a copy when the size
    /// and the box are unchanged, as `Image.resize` returns a copy then).
    /// - Throws: `ImageError/Kind/invalidArgument` with Pillow's messages for a bad size or box,
    ///   `ImageError/Kind/limitExceeded` when the output cannot be allocated.
    public func apply(_ image: ImageBuffer) throws -> ImageBuffer {
        let box = self.box ?? .whole(width: image.width, height: image.height)
        // Image.resize: same size and whole box is a copy (before any premultiplication).
        if width == image.width && height == image.height && box == .whole(width: image.width, height: image.height) {
            return image
        }
        if image.format.hasAlpha && filter != .nearest {
            var premultiplied = image
            Premultiply.premultiply(&premultiplied)
            var result = try resizeWithoutAlphaDetour(premultiplied, box: box)
            Premultiply.unpremultiply(&result)
            return result
        }
        return try resizeWithoutAlphaDetour(image, box: box)
    }

    /// `_imaging.c` `_resize`: argument checks, the exact-crop shortcut, nearest or the separable resampler.
    private func resizeWithoutAlphaDetour(_ image: ImageBuffer, box: ResizeBox) throws -> ImageBuffer {
        guard width >= 1, height >= 1 else { throw ImageError.invalidArgument("height and width must be > 0") }
        guard box.x0 >= 0, box.y0 >= 0 else { throw ImageError.invalidArgument("box offset can't be negative") }
        guard box.x1 <= Float(image.width), box.y1 <= Float(image.height) else {
            throw ImageError.invalidArgument("box can't exceed original image size")
        }
        guard box.x1 - box.x0 >= 0, box.y1 - box.y0 >= 0 else { throw ImageError.invalidArgument("box can't be empty") }
        if box.x0 == box.x0.rounded(.towardZero), box.y0 == box.y0.rounded(.towardZero),
           box.x1 - box.x0 == Float(width), box.y1 - box.y0 == Float(height) {
            let x0 = Int(box.x0), y0 = Int(box.y0)
            return try Crop(x: x0, y: y0, width: width, height: height).apply(image)
        }
        if filter == .nearest {
            return try NearestResampler.resample(image, width: width, height: height, box: box)
        }
        return try SeparableResampler.resample(image, width: width, height: height, filter: filter, box: box,
                                               integerSamples: integerSamples && image.format.sampleType == .float32)
    }
}
