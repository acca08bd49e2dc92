// Times Imago's JPEG decode/encode the same way c/bench.c and pillow_bench.py do:
// the file is read (from the page cache) inside every timed iteration; medians in milliseconds.
// Usage: jpeg-bench decode FILE DENOM | decode-reuse FILE DENOM | encode FILE QUALITY | rss FILE
// Prints one JSON object per line.
import Foundation
import ImageKernel
import JPEGCodec

func now() -> Double {
    var t = timespec()
    clock_gettime(CLOCK_MONOTONIC, &t)
    return Double(t.tv_sec) * 1e3 + Double(t.tv_nsec) / 1e6
}

func readFile(_ path: String) -> [UInt8] {
    guard let f = fopen(path, "rb") else { fatalError("cannot open \(path)") }
    defer { fclose(f) }
    fseek(f, 0, SEEK_END)
    let size = ftell(f)
    fseek(f, 0, SEEK_SET)
    var bytes = [UInt8](repeating: 0, count: size)
    _ = bytes.withUnsafeMutableBytes { fread($0.baseAddress, 1, size, f) }
    return bytes
}

func cpuNow() -> Double {
    var t = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t)
    return Double(t.tv_sec) * 1e3 + Double(t.tv_nsec) / 1e6
}

/// Medians (wall and process CPU time) of repeated runs: 2 warm-ups, then at least 15 runs and 0.5 s (at most 200).
func measure(_ body: () throws -> Void) rethrows -> (median: Double, cpu: Double, runs: Int) {
    for _ in 0..<2 { try body() }
    var times: [Double] = [], cpu: [Double] = []
    let start = now()
    while times.count < 200 && (times.count < 15 || now() - start < 500) {
        let t0 = now(), c0 = cpuNow()
        try body()
        cpu.append(cpuNow() - c0)
        times.append(now() - t0)
    }
    times.sort()
    cpu.sort()
    return (times[times.count / 2], cpu[cpu.count / 2], times.count)
}

/// Peak resident memory (VmHWM) and current (VmRSS) in bytes, from /proc/self/status.
func memory() -> (rss: Int, hwm: Int) {
    let text = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
    func field(_ name: String) -> Int {
        for line in text.split(separator: "\n") where line.hasPrefix(name) {
            return (Int(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "0") ?? 0) * 1024
        }
        return 0
    }
    return (field("VmRSS:"), field("VmHWM:"))
}

let args = CommandLine.arguments
guard args.count >= 3 else { fatalError("usage: jpeg-bench decode|decode-reuse|encode|rss FILE [N]") }
let op = args[1], path = args[2]
let number = args.count > 3 ? Int(args[3])! : 1
let decoder = JPEGDecoder()
let scale = DecodeScale(1, number)
var result: (median: Double, cpu: Double, runs: Int) = (0, 0, 0)
switch op {
case "decode":
    result = try measure {
        let decoded = try decoder.decode(readFile(path), options: DecodeOptions(scale: scale))
        precondition(decoded.image.width > 0)
    }
case "decode-reuse":
    var buffer = try ImageBuffer(width: 1, height: 1, format: .rgb8)
    result = try measure {
        _ = try decoder.decode(readFile(path), options: DecodeOptions(scale: scale), into: &buffer)
    }
case "encode":
    let image = try decoder.decode(readFile(path), options: .default).image
    let options = EncodeOptions(quality: number)
    result = try measure {
        let bytes = try JPEGEncoder().encode(image, options: options)
        precondition(bytes.count > 0)
    }
case "rss":
    let data = readFile(path)
    let before = memory()
    let decoded = try decoder.decode(data, options: .default)
    let after = memory()
    let output = decoded.image.byteCount
    print("{\"tool\":\"imago\",\"op\":\"rss\",\"file\":\"\(path)\",\"baseline_rss\":\(before.rss),\"peak\":\(after.hwm),\"output\":\(output)}")
    exit(0)
default:
    fatalError("unknown op \(op)")
}
print("{\"tool\":\"imago\",\"op\":\"\(op)\",\"file\":\"\(path)\",\"n\":\(number),\"ms\":\(result.median),\"cpu_ms\":\(result.cpu),\"runs\":\(result.runs)}")
