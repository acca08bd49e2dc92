import ImageKernel

/// Cuts out a rectangle, like Pillow's `Image.crop((x, y, x + width, y + height))`: pixels of the rectangle that
/// fall outside the image are zero. Works for every pixel format.
public struct Crop: Transform {
    /// The left edge of the rectangle, in pixels from the image's left edge (may be negative).
    public var x: Int
    /// The top edge of the rectangle, in pixels from the image's top edge (may be negative).
    public var y: Int
    /// The width of the output, in pixels.
    public var width: Int
    /// The height of the output, in pixels.
    public var height: Int

    /// A crop of the `width` x `height` rectangle whose top-left corner is (`x`, `y`): Pillow's box
    /// `(x, y, x + width, y + height)`.
    public init(x: Int, y: Int, width: Int, height: Int) {
        self.x = x
        self.y = y
        self.width = width
        self.height = height
    }

    /// `crop(x,y,WxH)`.
    public var identifier: String { "crop(\(x),\(y),\(width)x\(height))" }

    /// The rectangle of `image`, in its pixel format; the parts outside `image` are zero (transparent black).
    /// - Throws: `ImageError/Kind/invalidArgument` for a negative size, `ImageError/Kind/limitExceeded` when the
    ///   output cannot be allocated.
    public func apply(_ image: ImageBuffer) throws -> ImageBuffer {
        guard width >= 0, height >= 0 else { throw ImageError.invalidArgument("crop size \(width)x\(height) is negative") }
        var out = try ImageBuffer(width: width, height: height, format: image.format)
        let x0 = max(x, 0), x1 = min(x + width, image.width)
        let y0 = max(y, 0), y1 = min(y + height, image.height)
        guard x0 < x1, y0 < y1 else { return out }
        let bpp = image.format.bytesPerPixel
        image.withUnsafeBytes { src in
            let outStride = out.rowStride
        out.withUnsafeMutableBytes { dst in
                guard let s = src.baseAddress, let d = dst.baseAddress else { return }
                for sy in y0..<y1 {
                    (d + (sy - y) * outStride + (x0 - x) * bpp)
                        .copyMemory(from: s + sy * image.rowStride + x0 * bpp, byteCount: (x1 - x0) * bpp)
                }
            }
        }
        return out
    }
}

/// Mirrors left to right (Pillow `FLIP_LEFT_RIGHT`).
public struct FlipHorizontal: Transform {
    /// The left-right mirror.
    public init() {}
    /// `flipHorizontal`.
    public var identifier: String { "flipHorizontal" }
    /// `image` mirrored left to right (Pillow's `transpose(Image.FLIP_LEFT_RIGHT)`), same size and format.
    public func apply(_ image: ImageBuffer) throws -> ImageBuffer {
        let bpp = image.format.bytesPerPixel
        return try AffineCopy.copy(image, width: image.width, height: image.height,
                                   origin: (image.width - 1) * bpp, stepX: -bpp, stepY: image.rowStride)
    }
}

/// Mirrors top to bottom (Pillow `FLIP_TOP_BOTTOM`).
public struct FlipVertical: Transform {
    /// The top-bottom mirror.
    public init() {}
    /// `flipVertical`.
    public var identifier: String { "flipVertical" }
    /// `image` mirrored top to bottom (Pillow's `transpose(Image.FLIP_TOP_BOTTOM)`), same size and format.
    public func apply(_ image: ImageBuffer) throws -> ImageBuffer {
        try AffineCopy.copy(image, width: image.width, height: image.height,
                            origin: (image.height - 1) * image.rowStride, stepX: image.format.bytesPerPixel, stepY: -image.rowStride)
    }
}

/// Rotates by a multiple of 90 degrees **counter-clockwise**, like Pillow's `rotate(90/180/270, expand=True)`
/// and `transpose(ROTATE_90/180/270)`. Negative angles turn clockwise (`-90` is `270`).
public struct Rotate: Transform {
    /// The angle in degrees, counter-clockwise; must be a multiple of 90.
    public var degrees: Int

    /// A rotation by `degrees` counter-clockwise (checked when applied: it must be a multiple of 90).
    public init(degrees: Int) { self.degrees = degrees }

    /// `rotate(90)`, `rotate(180)`, `rotate(270)` (normalised to 0..<360).
    public var identifier: String { "rotate(\(normalized))" }

    private var normalized: Int { ((degrees % 360) + 360) % 360 }

    /// `image` turned; 90 and 270 degrees swap width and height (Pillow's `expand=True`).
    /// - Throws: `ImageError/Kind/invalidArgument` when `degrees` is not a multiple of 90.
    public func apply(_ image: ImageBuffer) throws -> ImageBuffer {
        let bpp = image.format.bytesPerPixel, stride = image.rowStride
        let w = image.width, h = image.height
        switch normalized {
        case 0:
            return image
        case 90:  // out(x, y) = in(w-1-y, x)
            return try AffineCopy.copy(image, width: h, height: w, origin: (w - 1) * bpp, stepX: stride, stepY: -bpp)
        case 180:
            return try AffineCopy.copy(image, width: w, height: h, origin: (w - 1) * bpp + (h - 1) * stride, stepX: -bpp, stepY: -stride)
        case 270:  // out(x, y) = in(y, h-1-x)
            return try AffineCopy.copy(image, width: h, height: w, origin: (h - 1) * stride, stepX: -stride, stepY: bpp)
        default:
            throw ImageError.invalidArgument("rotation by \(degrees) degrees is not a multiple of 90")
        }
    }
}

/// Mirrors along the main diagonal: output (x, y) is input (y, x) (Pillow `TRANSPOSE`).
public struct Transpose: Transform {
    /// The main-diagonal mirror.
    public init() {}
    /// `transpose`.
    public var identifier: String { "transpose" }
    /// `image` mirrored along its main diagonal: width and height swap (Pillow's `transpose(Image.TRANSPOSE)`).
    public func apply(_ image: ImageBuffer) throws -> ImageBuffer {
        try AffineCopy.copy(image, width: image.height, height: image.width, origin: 0,
                            stepX: image.rowStride, stepY: image.format.bytesPerPixel)
    }
}

/// Mirrors along the anti-diagonal: output (x, y) is input (w-1-y, h-1-x) (Pillow `TRANSVERSE`).
public struct Transverse: Transform {
    /// The anti-diagonal mirror.
    public init() {}
    /// `transverse`.
    public var identifier: String { "transverse" }
    /// `image` mirrored along its anti-diagonal: width and height swap (Pillow's `transpose(Image.TRANSVERSE)`).
    public func apply(_ image: ImageBuffer) throws -> ImageBuffer {
        let bpp = image.format.bytesPerPixel
        return try AffineCopy.copy(image, width: image.height, height: image.width,
                                   origin: (image.width - 1) * bpp + (image.height - 1) * image.rowStride,
                                   stepX: -image.rowStride, stepY: -bpp)
    }
}

/// Turns stored pixels upright for an EXIF orientation, as Pillow's `ImageOps.exif_transpose` does:
/// 2 flip left-right, 3 rotate 180, 4 flip top-bottom, 5 transpose, 6 rotate 270 (90 clockwise),
/// 7 transverse, 8 rotate 90 (counter-clockwise); 1 leaves the image as is.
public struct ApplyOrientation: Transform {
    /// The EXIF orientation the stored pixels have (the value of the file's Orientation tag).
    public var orientation: Orientation

    /// The transform that turns pixels stored with `orientation` upright.
    public init(_ orientation: Orientation) { self.orientation = orientation }

    /// `orient(N)` with the EXIF value N.
    public var identifier: String { "orient(\(orientation.rawValue))" }

    /// The single geometric transform this orientation amounts to.
    public var equivalent: any Transform {
        switch orientation {
        case .topLeft: Rotate(degrees: 0)
        case .topRight: FlipHorizontal()
        case .bottomRight: Rotate(degrees: 180)
        case .bottomLeft: FlipVertical()
        case .leftTop: Transpose()
        case .rightTop: Rotate(degrees: 270)
        case .rightBottom: Transverse()
        case .leftBottom: Rotate(degrees: 90)
        }
    }

    /// `image` turned upright: ``equivalent`` applied (orientations 5 to 8 swap width and height).
    public func apply(_ image: ImageBuffer) throws -> ImageBuffer {
        try equivalent.apply(image)
    }
}
