// One codec call in a loop, for profiling (`perf stat -e task-clock`, `perf record`): the same calls as the decode and
// encode rows of CodecRows.swift, without the timing harness.
import CBaselines
import ImageKernel
import Imago
import Registry
import TIFFCodec

/// Decodes `path` `count` times through the standard registry (`imago`) or the row's C baseline (`c`); a JPEG at
/// 1/`denominator` scale when it is not 1.
func loopDecode(tool: String, path: String, count: Int, denominator: Int = 1) throws {
    guard let c = decodeCases().first(where: { path.hasSuffix($0.suffix) }) else {
        throw ImageError(.invalidArgument, "no decode row for \(path)")
    }
    for _ in 0..<count {
        if denominator != 1 {
            if tool == "c" {
                try check(cb_jpeg_decode(path, Int32(denominator)))
            } else {
                _ = try FormatRegistry.standard.decode(path: path, options: DecodeOptions(scale: DecodeScale(1, denominator)))
            }
        } else if tool == "c" {
            guard let baseline = c.c else { throw ImageError(.invalidArgument, "no C baseline for \(path)") }
            try check(baseline(path))
        } else {
            _ = try FormatRegistry.standard.decode(path: path)
        }
    }
}

/// `loadImage` + `imageToArray` of the JPEG at `path` `count` times (`imago`), or the C decode plus the AVX2 float
/// conversion of the load_img+img_to_array row (`c`).
func loopLoad(tool: String, path: String, count: Int) throws {
    for _ in 0..<count {
        if tool == "c" { try check(cb_jpeg_decode_widen(path, 1)) } else { _ = try imageToArray(loadImage(path)) }
    }
}

/// Encodes the RGB8 pixels of `raw` (`size` WxH) `count` times as `format`, through Imago or the C baseline.
func loopEncode(tool: String, format: String, raw: String, size: String, count: Int) throws {
    let parts = size.split(separator: "x").map { Int($0) ?? 0 }
    let image = try ImageBuffer(width: parts[0], height: parts[1], format: .rgb8, bytes: FileIO.read(raw))
    let (w, h) = (Int32(image.width), Int32(image.height))
    let pixels = image.packedBytes()
    let tiff = { (c: TIFFEncodeOptions.Compression, p: TIFFEncodeOptions.Predictor) in
        EncodeOptions().with(TIFFEncodeOptions(compression: c, predictor: p))
    }
    let cases: [String: (FormatID, EncodeOptions, (() -> Int32)?)] = [
        "jpeg": (.jpeg, EncodeOptions(quality: 90), { cb_jpeg_encode(pixels, w, h, 90) }),
        "png": (.png, EncodeOptions(compressionLevel: 6), { cb_png_encode(pixels, w, h) }),
        "webp": (.webp, EncodeOptions(quality: 80), { cb_webp_encode(pixels, w, h, 80, 0) }),
        "webp-lossless": (.webp, EncodeOptions(quality: 70, lossless: true), { cb_webp_encode(pixels, w, h, 70, 1) }),
        "tiff-none": (.tiff, tiff(.none, .none), { cb_tiff_encode(pixels, w, h, 1, 1) }),
        "tiff-lzw": (.tiff, tiff(.lzw, .none), { cb_tiff_encode(pixels, w, h, 5, 1) }),
        "tiff-deflate": (.tiff, tiff(.deflate, .horizontal), { cb_tiff_encode(pixels, w, h, 8, 2) }),
        "bmp": (.bmp, .default, nil),
        "pnm": (.pnm, .default, nil),
    ]
    guard let (id, options, baseline) = cases[format] else { throw ImageError(.invalidArgument, "no encode row \(format)") }
    for _ in 0..<count {
        if tool == "c" {
            guard let baseline else { throw ImageError(.invalidArgument, "no C baseline for \(format)") }
            try check(baseline())
        } else {
            _ = try FormatRegistry.standard.encode(image, as: id, options: options)
        }
    }
}
