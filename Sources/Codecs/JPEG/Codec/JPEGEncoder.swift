import CJPEGShim
import ImageKernel

/// Encodes `gray8`, `rgb8` and `cmyk8` images as JPEG through libjpeg-turbo.
///
/// Quality defaults to 75 and subsampling to 4:2:0, as in Pillow. CMYK (plain, 0 = no ink) is written
/// Adobe-inverted with an Adobe marker, as Pillow and Photoshop do. ICC profiles go into `ICC_PROFILE`
/// APP2 chunks, EXIF into an `Exif` APP1 segment and XMP into an
/// `http://ns.adobe.com/xap/1.0/` APP1 segment. RGBA input is refused: drop alpha first.
public struct JPEGEncoder: ImageEncoder {
    /// An encoder; it keeps no state, so one value can serve every thread.
    public init() {}

    /// `gray8`, `rgb8` and `cmyk8`: what a baseline JPEG stores (the registry's negotiation converts other formats
    /// first, dropping alpha and narrowing 16-bit samples with a warning).
    public var supportedPixelFormats: Set<PixelFormat> { [.gray8, .rgb8, .cmyk8] }

    /// The bytes of a complete JPEG file, as Pillow's `img.save("x.jpg", quality=...)` writes it.
    /// - Parameters:
    ///   - image: a `gray8`, `rgb8` or `cmyk8` image of at most 65500 x 65500 pixels.
    ///   - options: `EncodeOptions/quality` (1...100, default 75), the ICC profile, EXIF, XMP and resolution to
    ///     embed, and ``JPEGEncodeOptions`` (subsampling, progressive, Huffman optimisation).
    /// - Throws: `ImageError/Kind/unsupported` for another pixel format, `ImageError/Kind/invalidArgument` for a
    ///   size or quality out of range.
    public func encode(_ image: ImageBuffer, options: EncodeOptions) throws -> [UInt8] {
        try requireSupported(image.format, codec: "JPEG")
        let quality = try options.validatedQuality(default: 75)
        let jpegOptions = options.codecOptions(JPEGEncodeOptions.self) ?? JPEGEncodeOptions()
        guard image.width > 0, image.height > 0, image.width <= 65500, image.height <= 65500 else {
            throw ImageError.invalidArgument("JPEG sizes must be within 1...65500, not \(image.width)x\(image.height)")
        }
        if let exif = options.exif, exif.count > 65533 - 6 {
            throw ImageError.invalidArgument("EXIF block of \(exif.count) bytes does not fit one JPEG APP1 segment (65527 bytes)")
        }
        if let xmp = options.xmp, xmp.count > 65533 - 29 {
            throw ImageError.invalidArgument("XMP packet of \(xmp.count) bytes does not fit one JPEG APP1 segment (65504 bytes)")
        }
        if let icc = options.iccProfile, icc.count > 255 * 65519 {
            throw ImageError.invalidArgument("ICC profile of \(icc.count) bytes does not fit 255 JPEG APP2 chunks")
        }
        let (h, v) = jpegOptions.subsampling.lumaFactors
        var params = imago_jpeg_encode_params()
        params.width = UInt32(image.width)
        params.height = UInt32(image.height)
        params.components = Int32(image.channelCount)
        params.row_stride = image.rowStride
        params.quality = Int32(quality)
        params.h_samp = h
        params.v_samp = v
        params.grayscale = jpegOptions.subsampling == .gray ? 1 : 0
        params.progressive = jpegOptions.progressive ? 1 : 0
        params.optimize = jpegOptions.optimizeHuffman ? 1 : 0
        let icc = options.iccProfile ?? []
        let exif = options.exif.map(Self.withoutExifPrefix) ?? []
        let xmp = options.xmp ?? []
        return try image.withUnsafeBytes { pixels throws(ImageError) -> [UInt8] in
            try icc.withUnsafeBufferPointer { iccBytes throws(ImageError) -> [UInt8] in
                try exif.withUnsafeBufferPointer { exifBytes throws(ImageError) -> [UInt8] in
                    try xmp.withUnsafeBufferPointer { xmpBytes throws(ImageError) -> [UInt8] in
                        params.pixels = pixels.baseAddress?.assumingMemoryBound(to: UInt8.self)
                        params.icc = iccBytes.baseAddress
                        params.icc_length = iccBytes.count
                        params.exif = exifBytes.baseAddress
                        params.exif_length = exifBytes.count
                        params.xmp = xmpBytes.baseAddress
                        params.xmp_length = xmpBytes.count
                        return try Self.run(params)
                    }
                }
            }
        }
    }

    /// Accepts an EXIF block with or without its `Exif\0\0` prefix (the shim writes the prefix).
    private static func withoutExifPrefix(_ exif: [UInt8]) -> [UInt8] {
        exif.starts(with: Array("Exif".utf8) + [0, 0]) ? Array(exif.dropFirst(6)) : exif
    }

    private static func run(_ params: imago_jpeg_encode_params) throws(ImageError) -> [UInt8] {
        var params = params
        var output: UnsafeMutablePointer<UInt8>?
        var length = 0
        var message = [CChar](repeating: 0, count: 256)
        let status = imago_jpeg_encode(&params, &output, &length, &message, message.count)
        defer { imago_jpeg_free(output) }
        guard status == IMAGO_JPEG_OK, let output else {
            let text = message.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
            throw ImageError.jpeg(status == IMAGO_JPEG_OK ? IMAGO_JPEG_ENCODE_FAILED : status, message: text)
        }
        return Array(UnsafeBufferPointer(start: output, count: length))
    }
}
