import ImageKernel

/// An image as `keras.utils.load_img` returns it (a PIL image): pixels in one of Pillow's modes, its size,
/// and the format it was decoded from.
public struct KerasImage: Sendable {
    /// The pixels, in ``mode``'s pixel format (see ``PillowMode/pixelFormat``).
    public var buffer: ImageBuffer
    /// Pillow's mode name: `L`, `I;16`, `I`, `RGB` or `RGBA`.
    public var mode: PillowMode
    /// The format the pixels were decoded from (Pillow's `img.format`), or `nil` for an image made from an array.
    public var sourceFormat: FormatID?
    /// The decoder's metadata of the source file, when loaded from one.
    public var metadata: ImageMetadata?

    /// An image from a buffer, which must be in `mode`'s pixel format.
    public init(buffer: ImageBuffer, mode: PillowMode, sourceFormat: FormatID? = nil, metadata: ImageMetadata? = nil) throws(ImageError) {
        guard buffer.format == mode.pixelFormat else {
            throw .invalidArgument("a mode \(mode.rawValue) image holds \(mode.pixelFormat) pixels, not \(buffer.format)")
        }
        self.buffer = buffer
        self.mode = mode
        self.sourceFormat = sourceFormat
        self.metadata = metadata
    }

    /// Width in pixels.
    public var width: Int { buffer.width }
    /// Height in pixels.
    public var height: Int { buffer.height }
    /// Width and height, named (Pillow's `img.size` is `(width, height)`).
    public var dimensions: ImageSize { ImageSize(height: buffer.height, width: buffer.width) }
    /// `(width, height)`, the order of Pillow's `img.size`.
    @available(*, deprecated, renamed: "dimensions", message: "a tuple cannot be Equatable or Codable; use dimensions (an ImageSize)")
    public var size: (width: Int, height: Int) { (buffer.width, buffer.height) }

    /// Pillow's format name (`img.format`): `JPEG`, `PNG`, `TIFF`, `WEBP`, `PPM`..., or `nil` (Python's `None`)
    /// for an image made from an array or converted/resized by `loadImage`, as in Pillow.
    public var formatName: String? {
        guard let sourceFormat, !resizedOrConverted else { return nil }
        switch sourceFormat {
        case .jpeg: return "JPEG"
        case .png: return "PNG"
        case .tiff: return "TIFF"
        case .webp: return "WEBP"
        case .pnm: return "PPM"
        case .bmp: return "BMP"
        case .gif: return "GIF"
        default: return sourceFormat.rawValue.uppercased()
        }
    }

    /// The Python class Pillow would return for this image, as `type(img)` prints it, e.g.
    /// `<class 'PIL.JpegImagePlugin.JpegImageFile'>` (`<class 'PIL.Image.Image'>` for an image made from an array
    /// or resized, as in Pillow).
    public var pillowClassName: String {
        guard let formatName else { return "<class 'PIL.Image.Image'>" }
        let plugin: String
        switch formatName {
        case "JPEG": plugin = "JpegImagePlugin.JpegImageFile"
        case "PNG": plugin = "PngImagePlugin.PngImageFile"
        case "TIFF": plugin = "TiffImagePlugin.TiffImageFile"
        case "WEBP": plugin = "WebPImagePlugin.WebPImageFile"
        case "PPM": plugin = "PpmImagePlugin.PpmImageFile"
        case "BMP": plugin = "BmpImagePlugin.BmpImageFile"
        case "DIB": plugin = "BmpImagePlugin.DibImageFile"
        case "GIF": plugin = "GifImagePlugin.GifImageFile"
        default: plugin = "Image.Image"
        }
        return "<class 'PIL.\(plugin)'>"
    }

    /// Whether `load_img` converted or resized the file's image (Pillow then returns a plain `Image.Image`
    /// whose `format` is `None`; Imago keeps ``sourceFormat`` for information).
    public var resizedOrConverted: Bool = false
}
