// What `import Imago` gives an app: the kernel's values (ImageBuffer, PixelFormat, ImageError, Limits, options),
// the registry, the transforms (resize, colour conversion, orientation) and every bundled codec, whose modules hold
// the codec-specific encode options an app sets. What modules share but apps do not need (PixelStorage) is `package`,
// so it is not re-exported; the C shims and kernels are never exported.
@_exported import ImageKernel
@_exported import Registry
@_exported import Transforms
@_exported import PNMCodec
@_exported import JPEGCodec
@_exported import PNGCodec
@_exported import TIFFCodec
@_exported import WebPCodec
@_exported import BMPCodec
@_exported import GIFCodec

/// The registry of every codec bundled with Imago.
extension FormatRegistry {
    /// A registry with every codec bundled with Imago; encoding converts pixel formats an encoder cannot store with
    /// Transforms' `Convert` (`FormatRegistry/pixelConversion`).
    public static let standard: FormatRegistry = {
        var registry = FormatRegistry()
        registry.pixelConversion = { Convert(to: $0) }
        for format in [PNG.format, JPEG.format, TIFF.format, WebP.format, GIF.format, PNM.format, BMP.format, BMP.dibFormat] where format.decoder != nil || format.encoder != nil {
            try? registry.register(format)
        }
        return registry
    }()
}
