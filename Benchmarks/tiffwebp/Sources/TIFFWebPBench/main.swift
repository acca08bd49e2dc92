// Times Imago's TIFF and WebP codecs on the files given, printing `operation<TAB>file<TAB>median ms` lines.
// Operations mirror c/bench.c one for one: decode each file; encode the decoded pixels of the first WebP/TIFF.
import Foundation
import ImageKernel
import TIFFCodec
import WebPCodec

/// Fastest wall time in milliseconds of `body`, over at least 5 runs and about half a second (the minimum is
/// the most robust statistic on a machine shared with other work).
func median(_ body: () throws -> Void) rethrows -> Double {
    var times: [Double] = []
    let start = Date()
    while times.count < 5 || (Date().timeIntervalSince(start) < 0.5 && times.count < 200) {
        let t = DispatchTime.now().uptimeNanoseconds
        try body()
        times.append(Double(DispatchTime.now().uptimeNanoseconds - t) / 1e6)
    }
    return times.min()!
}

func report(_ operation: String, _ file: String, _ ms: Double) {
    print("\(operation)\t\((file as NSString).lastPathComponent)\t\(String(format: "%.3f", ms))")
}

let files = Array(CommandLine.arguments.dropFirst())
for file in files {
    let data = [UInt8](FileManager.default.contents(atPath: file)!)
    let decoder: any ImageDecoder = file.hasSuffix(".webp") ? WebPDecoder() : TIFFDecoder()
    // Into one reused buffer (as the C side reuses its output buffer), then into a new buffer each time (as Pillow).
    var buffer = try ImageBuffer(width: 0, height: 0, format: .rgb8)
    report("decode", file, try median { _ = try decoder.decode(data, options: .default, into: &buffer) })
    report("decode-new-buffer", file, try median { _ = try decoder.decode(data, options: .default) })
}

// Encoders, from the pixels of the first TIFF (RGB 8-bit).
if let source = files.first(where: { $0.hasSuffix(".tif") }) {
    let image = try TIFFDecoder().decode([UInt8](FileManager.default.contents(atPath: source)!), options: .default).image
    let webp = WebPEncoder(), tiff = TIFFEncoder()
    report("encode-webp-lossy-q80-m4", source, try median { _ = try webp.encode(image, options: .default) })
    report("encode-webp-lossless-q80-m4", source, try median { _ = try webp.encode(image, options: EncodeOptions(lossless: true)) })
    report("encode-tiff-none", source, try median { _ = try tiff.encode(image, options: .default) })
    report("encode-tiff-lzw", source, try median {
        _ = try tiff.encode(image, options: EncodeOptions().with(TIFFEncodeOptions(compression: .lzw)))
    })
    report("encode-tiff-deflate-pred2", source, try median {
        _ = try tiff.encode(image, options: EncodeOptions().with(TIFFEncodeOptions(compression: .deflate, predictor: .horizontal)))
    })
}
