// Decode and encode rows: Imago (through FormatRegistry.standard, the path a caller takes) against the plain C call of
// each format's library (CBaselines), at every size. Pure-Swift codecs (BMP, PNM) have no C row: peers.py times Pillow.
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import CBaselines
import ImageKernel
import Imago
import Registry
import TIFFCodec

/// The decode rows: (op, file suffix, C baseline or nil).
func decodeCases() -> [(op: String, suffix: String, c: ((String) -> Int32)?)] {
    [    ("JPEG decode", ".jpg", { cb_jpeg_decode($0, 1) }),
    ("PNG decode", ".png", { cb_png_decode($0) }),
    ("WebP lossy decode", "_lossy.webp", { cb_webp_decode($0) }),
    ("WebP lossy+alpha decode", "_alpha.webp", { cb_webp_decode($0) }),
    ("WebP lossless decode", "_lossless.webp", { cb_webp_decode($0) }),
    ("TIFF none decode", "_none.tif", { cb_tiff_decode($0) }),
    ("TIFF LZW decode", "_lzw.tif", { cb_tiff_decode($0) }),
    ("TIFF Deflate decode", "_deflate.tif", { cb_tiff_decode($0) }),
    ("GIF decode", ".gif", { cb_gif_decode($0) }),
    ("BMP decode", ".bmp", nil),
    ("PNM decode", ".ppm", nil),
    ("PGM 16-bit decode", "_16.pgm", nil),
    ("PGM ASCII decode", "_ascii.pgm", nil),
    ("PPM maxval 1000 decode", "_maxval1000.ppm", nil),
    ]
}

/// The PNM variants (ASCII, 16-bit, maxval 1000) are generated at the two smaller sizes only (Pillow's pure-Python
/// ASCII path takes tens of seconds at 4000x3000).
func exists(_ path: String) -> Bool { access(path, R_OK) == 0 }

/// Fails with `unsupported` while the standard registry has no decoder for `format` (GIF is being written elsewhere).
func requireDecoder(_ format: FormatID) throws {
    guard FormatRegistry.standard.format(id: format)?.decoder != nil else {
        throw ImageError(.unsupported, "the standard registry has no \(format) decoder yet")
    }
}

func codecRows(_ inputs: Inputs) throws {
    for size in inputs.sizes {
        for c in decodeCases() {
            let path = inputs.photo(size, c.suffix)
            guard exists(path) else { continue }
            let baseline = c.c.map { baseline in { try check(baseline(path)) } }
            pairedRows(c.op, size, c: baseline) {
                if c.suffix == ".gif" { try requireDecoder(.gif) }
                _ = try FormatRegistry.standard.decode(path: path)
            }
        }
        // Into a reused buffer (no allocation or page faults for the output), the C-backed codecs.
        for c in decodeCases() where c.c != nil && c.suffix != ".gif" {
            let (op, path) = (c.op + " (reused buffer)", inputs.photo(size, c.suffix))
            var buffer = try ImageBuffer(width: 1, height: 1, format: .rgb8)
            row(op, size, "imago") {
                let data = try FileIO.read(path)
                _ = try FormatRegistry.standard.decoder(for: data).decode(data, options: .default, into: &buffer)
            }
        }
        // DCT-scaled JPEG decodes.
        for n in [2, 4, 8] {
            let path = inputs.photo(size, ".jpg")
            pairedRows("JPEG decode 1/\(n)", size, c: { try check(cb_jpeg_decode(path, Int32(n))) }) {
                _ = try FormatRegistry.standard.decode(path: path, options: DecodeOptions(scale: DecodeScale(1, n)))
            }
        }
        try encodeRows(inputs, size)
    }
}

func encodeRows(_ inputs: Inputs, _ size: String) throws {
    let image = try inputs.rgb(size)
    let (w, h) = (Int32(image.width), Int32(image.height))
    let pixels = image.packedBytes()
    let registry = FormatRegistry.standard
    let tiff = { (c: TIFFEncodeOptions.Compression, p: TIFFEncodeOptions.Predictor) in
        EncodeOptions().with(TIFFEncodeOptions(compression: c, predictor: p))
    }
    let cases: [(op: String, format: FormatID, options: EncodeOptions, c: (() -> Int32)?)] = [
        ("JPEG encode q90", .jpeg, EncodeOptions(quality: 90), { cb_jpeg_encode(pixels, w, h, 90) }),
        ("PNG encode level 6", .png, EncodeOptions(compressionLevel: 6), { cb_png_encode(pixels, w, h) }),
        ("WebP lossy encode q80", .webp, EncodeOptions(quality: 80), { cb_webp_encode(pixels, w, h, 80, 0) }),
        ("WebP lossless encode q70", .webp, EncodeOptions(quality: 70, lossless: true), { cb_webp_encode(pixels, w, h, 70, 1) }),
        ("TIFF none encode", .tiff, tiff(.none, .none), { cb_tiff_encode(pixels, w, h, 1, 1) }),
        ("TIFF LZW encode", .tiff, tiff(.lzw, .none), { cb_tiff_encode(pixels, w, h, 5, 1) }),
        ("TIFF Deflate encode", .tiff, tiff(.deflate, .horizontal), { cb_tiff_encode(pixels, w, h, 8, 2) }),
        ("BMP encode", .bmp, .default, nil),
        ("PNM encode", .pnm, .default, nil),
    ]
    for c in cases {
        let baseline = c.c.map { baseline in { try check(baseline()) } }
        pairedRows(c.op, size, c: baseline) { _ = try registry.encode(image, as: c.format, options: c.options) }
    }
}
