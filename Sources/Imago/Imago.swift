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

extension FormatRegistry {
    /// A registry with every codec bundled with Imago.
    public static let standard: FormatRegistry = {
        var registry = FormatRegistry()
        for format in [PNG.format, JPEG.format, TIFF.format, WebP.format, GIF.format, PNM.format, BMP.format, BMP.dibFormat] where format.decoder != nil || format.encoder != nil {
            try? registry.register(format)
        }
        return registry
    }()
}
