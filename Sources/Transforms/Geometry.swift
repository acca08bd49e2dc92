import ImageKernel

/// Cuts out a rectangle, like Pillow's `Image.crop((x, y, x + width, y + height))`: pixels of the rectangle that
/// fall outside the image are zero. Works for every pixel format.
public struct Crop: Transform {
    public var x: Int
    public var y: Int
    public var width: Int
    public var height: Int

    public init(x: Int, y: Int, width: Int, height: Int) {
        self.x = x
        self.y = y
        self.width = width
        self.height = height
    }

    /// `crop(x,y,WxH)`.
    public var identifier: String { "crop(\(x),\(y),\(width)x\(height))" }

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
    public init() {}
    /// `flipHorizontal`.
    public var identifier: String { "flipHorizontal" }
    public func apply(_ image: ImageBuffer) throws -> ImageBuffer {
        let bpp = image.format.bytesPerPixel
        return try AffineCopy.copy(image, width: image.width, height: image.height,
                                   origin: (image.width - 1) * bpp, stepX: -bpp, stepY: image.rowStride)
    }
}

/// Mirrors top to bottom (Pillow `FLIP_TOP_BOTTOM`).
public struct FlipVertical: Transform {
    public init() {}
    /// `flipVertical`.
    public var identifier: String { "flipVertical" }
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

    public init(degrees: Int) { self.degrees = degrees }

    /// `rotate(90)`, `rotate(180)`, `rotate(270)` (normalised to 0..<360).
    public var identifier: String { "rotate(\(normalized))" }

    private var normalized: Int { ((degrees % 360) + 360) % 360 }

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
    public init() {}
    /// `transpose`.
    public var identifier: String { "transpose" }
    public func apply(_ image: ImageBuffer) throws -> ImageBuffer {
        try AffineCopy.copy(image, width: image.height, height: image.width, origin: 0,
                            stepX: image.rowStride, stepY: image.format.bytesPerPixel)
    }
}

/// Mirrors along the anti-diagonal: output (x, y) is input (w-1-y, h-1-x) (Pillow `TRANSVERSE`).
public struct Transverse: Transform {
    public init() {}
    /// `transverse`.
    public var identifier: String { "transverse" }
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
    public var orientation: Orientation

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

    public func apply(_ image: ImageBuffer) throws -> ImageBuffer {
        try equivalent.apply(image)
    }
}
