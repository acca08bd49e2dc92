// Times Imago's transforms on the raw RGB, I;16 and F images run.sh wrote, checks each result against Pillow 13's output
// (also written by run.sh), and prints one JSON line per measurement.
import Foundation
import ImageKernel
import Transforms

let dir = CommandLine.arguments[1]
/// All three sizes, or only `$IMAGO_BENCH_SIZE` (e.g. `640x427`) when set, for profiling one case.
let sizes = [(640, 427), (1920, 1080), (4000, 3000)].filter {
    guard let only = ProcessInfo.processInfo.environment["IMAGO_BENCH_SIZE"] else { return true }
    return only == "\($0.0)x\($0.1)"
}
/// All three filters, or only `$IMAGO_BENCH_FILTER` (e.g. `bilinear`) when set; `none` skips the resizes.
let filters: [ResampleFilter] = [.bilinear, .bicubic, .lanczos].filter {
    guard let only = ProcessInfo.processInfo.environment["IMAGO_BENCH_FILTER"] else { return true }
    return only == $0.rawValue
}
/// `$IMAGO_BENCH_MAX_LEVEL` (`portable`, `avx2`, `avx512`) caps Imago's kernels (`SIMDLevel.maximum`), e.g. to see
/// what a CPU without AVX-512 gets.
let maxLevel: SIMDLevel = switch ProcessInfo.processInfo.environment["IMAGO_BENCH_MAX_LEVEL"] {
case "portable": .portable
case "avx2": .avx2
default: .avx512
}
/// Rows are reported as tool `imago`, or `imago-avx2` / `imago-portable` under a cap.
let tool = maxLevel == .avx512 ? "imago" : "imago-\(maxLevel)"
/// Set `$IMAGO_BENCH_RESIZE_ONLY=1` to skip the conversions (profiling a resize).
let conversions = ProcessInfo.processInfo.environment["IMAGO_BENCH_RESIZE_ONLY"] == nil

func read(_ name: String) -> [UInt8] {
    guard let d = FileManager.default.contents(atPath: "\(dir)/\(name)") else { fatalError("missing \(dir)/\(name)") }
    return [UInt8](d)
}

func cpuNanoseconds() -> UInt64 {
    var t = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t)
    return UInt64(t.tv_sec) * 1_000_000_000 + UInt64(t.tv_nsec)
}

/// Median wall-clock and process-CPU milliseconds over at least 15 runs and 0.5 s (at most 200 runs), after one warm-up.
func time(_ body: () throws -> Void) rethrows -> (wall: Double, cpu: Double) {
    try body()
    var wall: [Double] = [], cpu: [Double] = []
    let start = DispatchTime.now().uptimeNanoseconds
    while wall.count < 200 {
        let t0 = DispatchTime.now().uptimeNanoseconds, c0 = cpuNanoseconds()
        try body()
        cpu.append(Double(cpuNanoseconds() - c0) / 1e6)
        wall.append(Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e6)
        if wall.count >= 15 && DispatchTime.now().uptimeNanoseconds - start > 500_000_000 { break }
    }
    wall.sort()
    cpu.sort()
    return (wall[wall.count / 2], cpu[cpu.count / 2])
}

func emit(_ op: String, _ w: Int, _ h: Int, _ ms: (wall: Double, cpu: Double), exact: Bool?) {
    var line = "{\"tool\": \"\(tool)\", \"op\": \"\(op)\", \"size\": \"\(w)x\(h)\", \"ms\": \(ms.wall), \"cpu_ms\": \(ms.cpu)"
    if let exact { line += ", \"exact\": \(exact)" }
    print(line + "}")
}

/// Times `image` resized to 224x224 with each filter (op "<op> 224 <filter>"), checked against Pillow's output in
/// "<reference>_<filter>_<w>x<h>.raw".
func timeResizes(_ image: ImageBuffer, op: String, reference: String) throws {
    let (w, h) = (image.width, image.height)
    for f in filters {
        let resize = Resize(width: 224, height: 224, filter: f)
        var out = try resize.apply(image)
        let ms = try time { out = try resize.apply(image) }
        emit("\(op) 224 \(f.rawValue)", w, h, ms, exact: out.packedBytes() == read("\(reference)_\(f.rawValue)_\(w)x\(h).raw"))
    }
}

try SIMDLevel.$maximum.withValue(maxLevel) {
    for (w, h) in sizes {
        let image = try ImageBuffer(width: w, height: h, format: .rgb8, bytes: read("rgb_\(w)x\(h).raw"))
        try timeResizes(image, op: "resize", reference: "pillow")
        for (mode, prefix, format) in [("I;16", "i16", PixelFormat.gray16), ("F", "f", .grayF32)] {
            let wide = try ImageBuffer(width: w, height: h, format: format, bytes: read("\(prefix)_\(w)x\(h).raw"))
            try timeResizes(wide, op: "resize \(mode)", reference: "pillow_\(prefix)")
        }
        guard conversions else { continue }
        var gray = try PillowConversion.convert(image, to: .gray)
        let msL = try time { gray = try PillowConversion.convert(image, to: .gray) }
        emit("RGB->L", w, h, msL, exact: gray.packedBytes() == read("pillow_L_\(w)x\(h).raw"))

        var reusedGray = try ImageBuffer(width: w, height: h, format: .gray8)
        let msLR = try time { try PillowConversion.convert(image, to: .gray, into: &reusedGray) }
        emit("RGB->L (reused output)", w, h, msLR, exact: reusedGray.packedBytes() == read("pillow_L_\(w)x\(h).raw"))

        var floats = try ImageBuffer(width: w, height: h, format: .rgbF32)
        let msF = try time {
            floats = try ImageBuffer(width: w, height: h, format: .rgbF32)  // a fresh output, as numpy allocates one
            image.withUnsafeBytes { src in
                floats.withUnsafeMutableBytes { dst in
                    PixelConversion.widenToFloat32(src, into: dst.baseAddress!.assumingMemoryBound(to: Float.self))
                }
            }
        }
        var reusedFloats = try ImageBuffer(width: w, height: h, format: .rgbF32)
        let msFR = time {
            image.withUnsafeBytes { src in
                reusedFloats.withUnsafeMutableBytes { dst in
                    PixelConversion.widenToFloat32(src, into: dst.baseAddress!.assumingMemoryBound(to: Float.self))
                }
            }
        }
        let exactF = floats.withUnsafeBytes { f in image.withUnsafeBytes { b in (0..<b.count).allSatisfy { f.load(fromByteOffset: $0 * 4, as: Float.self) == Float(b[$0]) } } }
        emit("UInt8->Float32", w, h, msF, exact: exactF)
        emit("UInt8->Float32 (reused output)", w, h, msFR, exact: reusedFloats == floats)
    }
}
