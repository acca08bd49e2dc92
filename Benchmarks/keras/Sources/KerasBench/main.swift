// Usage: KerasBench FILE REPS [H W [shrink]] | KerasBench FILE REPS decode-only
// Times loadImage + imageToArray (float32, channels_last) on one thread; prints one JSON line per measurement.
#if canImport(Glibc)
import Glibc
#endif
import Imago

/// CPU time of this thread in ms (less sensitive than wall time to other jobs on a shared machine).
func cpuNow() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts)
    return Double(ts.tv_sec) * 1e3 + Double(ts.tv_nsec) / 1e6
}

func now() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Double(ts.tv_sec) * 1e3 + Double(ts.tv_nsec) / 1e6
}

let args = CommandLine.arguments
guard args.count >= 3, let reps = Int(args[2]) else {
    print("usage: KerasBench FILE REPS [H W [shrink]]")
    exit(2)
}
let path = args[1]
let decodeOnly = args.count == 4 && args[3] == "decode-only"
let target = args.count >= 5 ? ImageSize(height: Int(args[3])!, width: Int(args[4])!) : nil
let shrink = args.count >= 6 && args[5] == "shrink"
let interpolation: Interpolation = target == nil ? .nearest : .bilinear
var times: [Double] = []
var cpuTimes: [Double] = []
var checksum = 0.0
for i in 0..<(reps + 2) {
    let start = now()
    let cpuStart = cpuNow()
    if decodeOnly {
        let decoded = try FormatRegistry.standard.decode(path: path)
        let elapsed = now() - start
        let cpu = cpuNow() - cpuStart
        checksum += decoded.image[x: 0, y: 0, channel: 0]
        if i >= 2 { times.append(elapsed); cpuTimes.append(cpu) }
        continue
    }
    let image = try loadImage(path, targetSize: target, interpolation: interpolation,
                              options: shrink ? .fastShrink : .default)
    let array = try imageToArray(image)
    let elapsed = now() - start
    let cpu = cpuNow() - cpuStart
    checksum += array[flat: array.count / 2]
    if i >= 2 { times.append(elapsed); cpuTimes.append(cpu) }
}
times.sort()
cpuTimes.sort()
let label = decodeOnly ? "decode" : target == nil ? "load+to_array" : "load+to_array \(target!.height)x\(target!.width) bilinear\(shrink ? " shrink-on-load" : "")"
print("{\"tool\": \"imago\", \"case\": \"\(label)\", \"file\": \"\(path.split(separator: "/").last!)\", \"median_ms\": \(times[times.count / 2]), \"cpu_ms\": \(cpuTimes[cpuTimes.count / 2]), \"checksum\": \(checksum)}")
