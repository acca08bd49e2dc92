// Iterates a folder as 224x224 float32 batches of 32 (grain path unless IMAGO_PIXEL_PATH says tensorflow or
// load-img) and prints one JSON line:
// {"tool": ..., "jobs": N, "images": n, "seconds": s, "cpu_seconds": c, "images_per_second": r, "peak_rss_mb": m}
// Usage: [IMAGO_PIXEL_PATH=tensorflow] DatasetBench DIR JOBS [LABEL]
import Foundation
import Imago

let arguments = CommandLine.arguments
guard arguments.count >= 3, let jobs = Int(arguments[2]) else {
    FileHandle.standardError.write("usage: DatasetBench DIR JOBS [LABEL]\n".data(using: .utf8)!)
    exit(64)
}
let label = arguments.count > 3 ? arguments[3] : "Imago"
let pixelPath = ProcessInfo.processInfo.environment["IMAGO_PIXEL_PATH"].flatMap(DatasetOptions.PixelPath.init(name:)) ?? .grain
let dataset = try imageDatasetFromDirectory(arguments[1], batchSize: 32, imageSize: (224, 224), seed: 1, pixelPath: pixelPath)
let start = Date()
var images = 0
var checksum: Double = 0
try dataset.batches(jobs: jobs).forEach { batch in
    images += batch.count
    checksum += batch.images.withUnsafeElements(as: Float.self) { Double($0[0]) }
}
let seconds = Date().timeIntervalSince(start)
var usage = rusage()
getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
let cpuSeconds = Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
let line: [String: Any] = [
    "tool": label, "jobs": jobs, "images": images, "seconds": seconds, "cpu_seconds": cpuSeconds,
    "images_per_second": Double(images) / seconds, "peak_rss_mb": Double(usage.ru_maxrss) / 1024, "checksum": checksum,
]
let data = try JSONSerialization.data(withJSONObject: line, options: [.sortedKeys])
print(String(decoding: data, as: UTF8.self))
