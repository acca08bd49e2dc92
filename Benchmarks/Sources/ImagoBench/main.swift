// The Imago benchmark's Swift side. Prints one JSON line per row (see Harness.swift for the timing rule).
//   ImagoBench run INPUT_DIR SIZES GROUPS    SIZES: comma-separated WxH; GROUPS: comma-separated codecs,keras,
//                                            transforms,datasets
//   ImagoBench memory imago|c jpeg|png FILE  peak RSS growth of one decode above the process before it (own process)
//   ImagoBench dataset-memory DIR            peak RSS of one dataset pass with every core (own process)
//   ImagoBench loop imago|c FILE N           decodes FILE N times (for `perf stat`/`perf record` on one codec)
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
    if groups.contains("keras") { kerasRows(inputs) }
    if groups.contains("transforms") { try transformRows(inputs) }
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
case "loop" where arguments.count == 5:
    try loopDecode(tool: arguments[2], path: arguments[3], count: Int(arguments[4]) ?? 1)
case "loop-encode" where arguments.count == 7:
    try loopEncode(tool: arguments[2], format: arguments[3], raw: arguments[4], size: arguments[5],
                   count: Int(arguments[6]) ?? 1)
case "dataset-memory" where arguments.count == 3:
    try datasetMemory(arguments[2])
default:
    print("usage: ImagoBench run INPUT_DIR SIZES GROUPS | memory imago|c jpeg|png FILE | dataset-memory DIR")
    exit(2)
}
