// The Imago benchmark's Swift side. Prints one JSON line per row (see Harness.swift for the timing rule).
//   ImagoBench run INPUT_DIR SIZES GROUPS    SIZES: comma-separated WxH; GROUPS: comma-separated codecs,keras,
//                                            transforms,photos,datasets
//   ImagoBench memory imago|c jpeg|png FILE  peak RSS growth of one decode above the process before it (own process)
//   ImagoBench dataset-memory DIR            peak RSS of one dataset pass with every core (own process)
//   ImagoBench dataset-async DIR JOBS PIXEL_PATH INTERPOLATION PASSES
//                                            passes through the AsyncSequence of batches, in memory (pipeline.py)
//   ImagoBench decode-tree DIR PIXEL_PATH PASSES  decoding every file alone, one thread (pipeline.py)
//   ImagoBench loop imago|c FILE N           decodes FILE N times (for `perf stat`/`perf record` on one codec)
//   ImagoBench loop-resize INPUT_DIR WxH METHOD N  tf.image.resize of rgb_WxH.raw to 224x224 N times
//   ImagoBench loop-encode imago|c FORMAT RAW WxH N   encodes the RGB8 pixels of RAW N times (jpeg, png, webp,
//                                            webp-lossless, tiff-none, tiff-lzw, tiff-deflate, bmp, pnm)
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import CBaselines
import Imago
import Registry

let arguments = CommandLine.arguments
switch arguments.dropFirst().first {
case "run" where arguments.count == 5:
    let inputs = Inputs(directory: arguments[2], sizes: arguments[3].split(separator: ",").map(String.init))
    let groups = Set(arguments[4].split(separator: ",").map(String.init))
    if groups.contains("codecs") { try codecRows(inputs) }
    if groups.contains("keras") { kerasRows(inputs); try resizeAPIRows(inputs) }
    if groups.contains("transforms") { try transformRows(inputs) }
    if groups.contains("photos") { try photoRows(inputs) }
    if groups.contains("datasets") { try datasetRows(inputs) }
case "memory" where arguments.count == 5:
    let (tool, format, path) = (arguments[2], arguments[3], arguments[4])
    let before = peakRSSKiB()
    if tool == "c" {
        try check(format == "jpeg" ? cb_jpeg_decode(path, 1) : cb_png_decode(path))
    } else {
        _ = try FormatRegistry.standard.decode(path: path)
    }
    print("{\"op\": \"\(format.uppercased()) decode peak RSS growth\", \"tool\": \"\(tool)\", \"file\": \(json(path)), \"extra_kib\": \(peakRSSKiB() - before)}")
case "loop" where arguments.count == 5 || arguments.count == 6:
    try loopDecode(tool: arguments[2], path: arguments[3], count: Int(arguments[4]) ?? 1,
                   denominator: arguments.count == 6 ? Int(arguments[5]) ?? 1 : 1)
case "loop-load" where arguments.count == 5:
    try loopLoad(tool: arguments[2], path: arguments[3], count: Int(arguments[4]) ?? 1)
case "loop-resize" where arguments.count == 6:
    try loopResize(Inputs(directory: arguments[2], sizes: [arguments[3]]), size: arguments[3], method: arguments[4],
                   count: Int(arguments[5]) ?? 1)
case "loop-encode" where arguments.count == 7:
    try loopEncode(tool: arguments[2], format: arguments[3], raw: arguments[4], size: arguments[5],
                   count: Int(arguments[6]) ?? 1)
case "dataset-memory" where arguments.count == 3:
    try datasetMemory(arguments[2])
case "dataset-async" where arguments.count == 7:
    guard let jobs = Int(arguments[3]), let pixelPath = DatasetOptions.PixelPath(name: arguments[4]),
          let interpolation = ResizeMethod(rawValue: arguments[5]), let passes = Int(arguments[6]) else {
        print("dataset-async DIR JOBS tensorflow|grain|load-img INTERPOLATION PASSES")
        exit(2)
    }
    try await datasetAsyncPasses(arguments[2], jobs: jobs, pixelPath: pixelPath, interpolation: interpolation, passes: passes)
case "decode-tree" where arguments.count == 5:
    guard let pixelPath = DatasetOptions.PixelPath(name: arguments[3]), let passes = Int(arguments[4]) else {
        print("decode-tree DIR tensorflow|grain PASSES")
        exit(2)
    }
    try decodeTreePasses(arguments[2], pixelPath: pixelPath, passes: passes)
default:
    print("usage: ImagoBench run INPUT_DIR SIZES GROUPS | memory imago|c jpeg|png FILE | dataset-memory DIR | dataset-async DIR JOBS PIXEL_PATH INTERPOLATION PASSES | decode-tree DIR PIXEL_PATH PASSES | loop imago|c FILE N [JPEG_SCALE_DENOMINATOR] | loop-load imago|c FILE N | loop-resize INPUT_DIR WxH METHOD N | loop-encode imago|c FORMAT RAW WxH N")
    exit(2)
}
