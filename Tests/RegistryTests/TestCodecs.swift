import ImageKernel
import PNMCodec
import Registry

/// A decoder double for formats whose codec is not in this test target: it recognises nothing itself and
/// reports a 1x1 image of its format, so tests can see which codec the registry dispatched to.
struct DispatchProbe: ImageDecoder {
    var id: FormatID

    func probe(_ data: [UInt8], limits: Limits) throws -> ImageMetadata {
        ImageMetadata(format: id, width: 1, height: 1, pixelFormat: .gray8)
    }

    func decode(_ data: [UInt8], options: DecodeOptions) throws -> DecodedImage {
        DecodedImage(image: try ImageBuffer(width: 1, height: 1, format: .gray8), metadata: try probe(data, limits: options.limits))
    }
}

/// An encoder double that always fails, to test that failed writes leave nothing behind.
struct FailingEncoder: ImageEncoder {
    var supportedPixelFormats: Set<PixelFormat> { [.gray8] }
    func encode(_ image: ImageBuffer, options: EncodeOptions) throws -> [UInt8] {
        throw ImageError.encodeFailed("this encoder always fails")
    }
}

/// The bundled formats' identities (signatures, extensions, MIME types) as the codecs declare them; PNM is the
/// real descriptor, the others are stand-ins with the same identity until their codecs land in this target.
enum BundledFormats {
    static func standIn(_ id: FormatID, _ name: String, _ extensions: [String], _ mimeTypes: [String],
                        _ signatures: [MagicSignature]) -> ImageFormat {
        ImageFormat(id: id, name: name, extensions: extensions, mimeTypes: mimeTypes, signatures: signatures,
                    decoder: DispatchProbe(id: id), encoder: nil)
    }

    static let png = standIn(.png, "PNG", ["png"], ["image/png"], [MagicSignature(bytes: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])])
    static let jpeg = standIn(.jpeg, "JPEG", ["jpg", "jpeg", "jpe", "jfif"], ["image/jpeg", "image/pjpeg"],
                              [MagicSignature(bytes: [0xFF, 0xD8, 0xFF])])
    static let tiff = standIn(.tiff, "TIFF", ["tif", "tiff"], ["image/tiff"],
                              [MagicSignature("II*\0"), MagicSignature("MM\0*"), MagicSignature("II+\0"), MagicSignature("MM\0+")])
    static let webp = standIn(.webp, "WebP", ["webp"], ["image/webp"], [MagicSignature("RIFF????WEBP")])

    static func registry() throws -> FormatRegistry {
        try FormatRegistry([png, jpeg, tiff, webp, PNM.format])
    }

    /// The first bytes of a real file of each format.
    static let samples: [(FormatID, [UInt8])] = [
        (.png, [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13] + Array("IHDR".utf8)),
        (.jpeg, [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10] + Array("JFIF\0".utf8)),
        (.jpeg, [0xFF, 0xD8, 0xFF, 0xDB, 0x00, 0x43]),
        (.tiff, Array("II*\0".utf8) + [8, 0, 0, 0]),
        (.tiff, Array("MM\0*".utf8) + [0, 0, 0, 8]),
        (.tiff, Array("II+\0".utf8) + [8, 0, 0, 0]),
        (.webp, Array("RIFF".utf8) + [0x24, 0x10, 0, 0] + Array("WEBPVP8 ".utf8)),
        (.webp, Array("RIFF".utf8) + [0xFF, 0xFF, 0xFF, 0x7F] + Array("WEBPVP8L".utf8)),
        (.pnm, Array("P1\n1 1\n0\n".utf8)), (.pnm, Array("P2 1 1 255 0\n".utf8)), (.pnm, Array("P3\n".utf8)),
        (.pnm, Array("P4\n".utf8)), (.pnm, Array("P5\n".utf8)), (.pnm, Array("P6\r".utf8)), (.pnm, Array("P7\n".utf8)),
    ]
}
