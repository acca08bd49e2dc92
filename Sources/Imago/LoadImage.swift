import ImageKernel
import Registry
import TIFFCodec
import Transforms

/// Loads an image file as Keras's `keras.utils.load_img` does (keras-semantics §1), returning a ``KerasImage``.
///
/// - The format comes from the content, never the extension; multi-frame files give the first frame; EXIF
///   orientation, ICC profiles and gamma are ignored, except that a TIFF is turned upright by its Orientation tag,
///   as Pillow does when it loads one. `options.applyOrientation` turns every format upright (before any resize).
/// - `colorMode` applies Pillow's `convert` rules (16-bit gray stays `I;16` in grayscale mode and is clipped at 255
///   in rgb/rgba; alpha is dropped without compositing).
/// - `targetSize` is Keras's `target_size`, `(height, width)`, named (`ImageSize`). The image is resized only when its size differs; only then is
///   `interpolation` checked (an unknown name is an `ImageError/Kind/invalidArgument` error). Default `nearest`.
/// - `keepAspectRatio` resamples from the centred crop box through Pillow's `box` argument (taps may read outside
///   the box), with Keras's integer crop formula; a zero-size box is allowed.
/// - Truncated or corrupt files fail here (Keras fails later, in `img_to_array`, for some of them).
public func loadImage(
    _ path: String,
    colorMode: ColorMode = .rgb,
    targetSize: ImageSize? = nil,
    interpolation: Interpolation = .nearest,
    keepAspectRatio: Bool = false,
    options: LoadOptions = .default,
    registry: FormatRegistry = .standard
) throws -> KerasImage {
    let bytes = try FileIO.read(path)
    do {
        return try loadImage(data: bytes, colorMode: colorMode, targetSize: targetSize, interpolation: interpolation,
                             keepAspectRatio: keepAspectRatio, options: options, registry: registry)
    } catch let error as ImageError {
        throw error.naming(file: path)
    }
}

/// The tutorial-era spelling `load_img(path, grayscale=True)`. Keras 3 removed it (a `TypeError`); Imago accepts it.
@available(*, deprecated, message: "grayscale is deprecated. Please use colorMode: .grayscale")
public func loadImage(
    _ path: String,
    grayscale: Bool,
    colorMode: ColorMode = .rgb,
    targetSize: ImageSize? = nil,
    interpolation: Interpolation = .nearest,
    keepAspectRatio: Bool = false,
    options: LoadOptions = .default,
    registry: FormatRegistry = .standard
) throws -> KerasImage {
    try loadImage(path, colorMode: grayscale ? .grayscale : colorMode, targetSize: targetSize, interpolation: interpolation,
                  keepAspectRatio: keepAspectRatio, options: options, registry: registry)
}

/// Loads an image from encoded bytes (Keras's `io.BytesIO` input); otherwise the same as `loadImage(_:...)`.
public func loadImage(
    data: [UInt8],
    colorMode: ColorMode = .rgb,
    targetSize: ImageSize? = nil,
    interpolation: Interpolation = .nearest,
    keepAspectRatio: Bool = false,
    options: LoadOptions = .default,
    registry: FormatRegistry = .standard
) throws -> KerasImage {
    let targetSize = targetSize.map { (height: $0.height, width: $0.width) }
    if let targetSize, targetSize.height <= 0 || targetSize.width <= 0 {
        throw ImageError.invalidArgument("height and width must be > 0 (target size \(targetSize.height)x\(targetSize.width))")
    }
    var decoder = try registry.decoder(for: data)
    if decoder is TIFFDecoder {
        // The kinds Pillow reads differently from what the file means (16-bit MinIsWhite, uint32, 16-bit RGBa,
        // raw YCbCr) decoded as Pillow holds them.
        decoder = TIFFDecoder(pillowCompatible: true)
    }
    var decodeOptions = DecodeOptions(limits: options.limits)
    if options.shrinkOnLoad, let targetSize {
        let header = try decoder.probe(data, limits: options.limits)
        // The decoder shrinks the stored image; a turn by the orientation swaps which side meets which target side.
        let turned = (options.applyOrientation || header.format == .tiff)
            && (Exif.orientationValue(exif: header.exif, xmp: header.xmp).flatMap(Orientation.init(rawValue:))?.swapsDimensions
                ?? header.orientation.swapsDimensions)
        decodeOptions.scale = LoadOptions.shrinkScale(width: turned ? header.height : header.width,
                                                      height: turned ? header.width : header.height, target: targetSize)
    }
    var decoded = try decoder.decode(data, options: decodeOptions)
    if decoded.metadata.format == .tiff, decoded.metadata.orientation != .topLeft {
        // Pillow applies a TIFF's Orientation tag while loading it (`exif_transpose` in TiffImagePlugin's `load_end`);
        // a JPEG's or WebP's EXIF orientation is left alone unless `applyOrientation` asks for it.
        decoded.image = try ApplyOrientation(decoded.metadata.orientation).apply(decoded.image)
        // The pixels are upright: the EXIF and XMP carried on say so (Pillow drops the tag from `getexif()` too).
        decoded.metadata.exif = decoded.metadata.exif.map { Exif.resettingOrientation(exif: $0) }
        decoded.metadata.xmp = decoded.metadata.xmp.map { Exif.resettingOrientation(xmp: $0) }
        if options.applyOrientation {
            (decoded.metadata.width, decoded.metadata.height) = (decoded.image.width, decoded.image.height)
            decoded.metadata.orientation = .topLeft
        }
    } else if options.applyOrientation {
        decoded = try decoded.upright()
    }
    if let converter = options.convertToSRGB, let profile = decoded.metadata.iccProfile {
        decoded.image = try converter.convert(decoded.image, profile: profile)
        decoded.metadata.iccProfile = nil
    }
    let (buffer, mode, converted) = try PillowModeConversion.convert(
        decoded.image, tiff: PillowModeConversion.TIFFSource(decoded.metadata, data: data), to: colorMode)
    var image = try KerasImage(buffer: buffer, mode: mode, sourceFormat: decoded.metadata.format, metadata: decoded.metadata)
    // A BMP in Pillow's mode 1 or P arrives as gray8/rgb8; load_img still converts it (so PIL's img.format is None).
    let pillowMode = decoded.metadata.properties["bmp.pillowMode"]
    image.resizedOrConverted = converted || (pillowMode != nil && pillowMode != mode.rawValue)
    if let targetSize, (image.width, image.height) != (targetSize.width, targetSize.height) {
        guard let filter = interpolation.filter else {
            throw ImageError.invalidArgument(
                "Invalid interpolation method \(interpolation.rawValue) specified. Supported methods are nearest, bilinear, bicubic, hamming, box, lanczos")
        }
        let box = keepAspectRatio ? aspectRatioBox(width: image.width, height: image.height, target: targetSize) : nil
        image.buffer = try Resize(width: targetSize.width, height: targetSize.height, filter: filter, box: box,
                                  integerSamples: image.mode == .i).apply(image.buffer)
        image.resizedOrConverted = true
    }
    return image
}

/// Keras's centred crop for `keep_aspect_ratio=True`, in integers and without a clamp to >= 1:
/// `crop_h = min(h, w*th // tw)`, `crop_w = min(w, h*tw // th)`, offsets `(w-crop_w)//2`, `(h-crop_h)//2`.
func aspectRatioBox(width w: Int, height h: Int, target: (height: Int, width: Int)) -> ResizeBox {
    let cropHeight = min(h, (w * target.height) / target.width)
    let cropWidth = min(w, (h * target.width) / target.height)
    let x0 = (w - cropWidth) / 2
    let y0 = (h - cropHeight) / 2
    return ResizeBox(x0: Float(x0), y0: Float(y0), x1: Float(x0 + cropWidth), y1: Float(y0 + cropHeight))
}

