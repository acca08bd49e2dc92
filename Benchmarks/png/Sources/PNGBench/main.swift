// Imago side of the PNG benchmark. Prints one JSON line per (operation, size): the median wall-clock milliseconds.
//   PNGBench DIR REPS_DECODE REPS_ENCODE   times decode / decode into a reused buffer / encode level 6 of DIR/photo-WxH.png
//   PNGBench --memory FILE                 decodes FILE once and reports the peak RSS growth against the output buffer
#if canImport(Glibc)
import Glibc
#endif
import ImageKernel
import PNGCodec
import Registry

func clock(_ id: clockid_t) -> Double {
    var t = timespec()
    clock_gettime(id, &t)
    return Double(t.tv_sec) * 1e3 + Double(t.tv_nsec) / 1e6
}

func middle(_ values: [Double]) -> Double {
    let v = values.sorted()
    return v.count % 2 == 1 ? v[v.count / 2] : (v[v.count / 2 - 1] + v[v.count / 2]) / 2
}

/// Median wall-clock and process-CPU milliseconds of `reps` runs after one warm-up.
func median(_ reps: Int, _ body: () throws -> Void) rethrows -> (wall: Double, cpu: Double) {
    try body()
    var wall: [Double] = [], cpu: [Double] = []
    for _ in 0..<reps {
        let w = clock(CLOCK_MONOTONIC), c = clock(CLOCK_PROCESS_CPUTIME_ID)
        try body()
        cpu.append(clock(CLOCK_PROCESS_CPUTIME_ID) - c)
        wall.append(clock(CLOCK_MONOTONIC) - w)
    }
    return (middle(wall), middle(cpu))
}

func peakRSSKiB() -> Int {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return usage.ru_maxrss
}

func emit(_ op: String, _ size: String, _ ms: (wall: Double, cpu: Double)) {
    print("{\"tool\": \"imago\", \"op\": \"\(op)\", \"size\": \"\(size)\", \"ms\": \(ms.wall), \"cpu_ms\": \(ms.cpu)}")
}

let arguments = CommandLine.arguments
if arguments.count == 3 && arguments[1] == "--memory" {
    let data = try FileIO.read(arguments[2])
    let before = peakRSSKiB()
    let decoded = try PNGDecoder().decode(data, options: .default)
    let after = peakRSSKiB()
    print("{\"tool\": \"imago\", \"op\": \"peak memory\", \"size\": \"\(decoded.image.width)x\(decoded.image.height)\", " +
          "\"extra_kib\": \(after - before), \"buffer_kib\": \(decoded.image.byteCount / 1024)}")
    exit(0)
}
guard arguments.count == 4, let decodeReps = Int(arguments[2]), let encodeReps = Int(arguments[3]) else {
    print("usage: PNGBench DIR DECODE_REPS ENCODE_REPS | PNGBench --memory FILE")
    exit(2)
}
let decoder = PNGDecoder()
let encoder = PNGEncoder()
for size in ["640x427", "1920x1080", "4000x3000"] {
    let path = "\(arguments[1])/photo-\(size).png"
    let scale = size == "4000x3000" ? 3 : size == "1920x1080" ? 2 : 1
    emit("decode", size, try median(max(3, decodeReps / scale)) {
        _ = try decoder.decode(try FileIO.read(path), options: .default)
    })
    var reused = try ImageBuffer(width: 0, height: 0, format: .gray8)
    emit("decode (reused buffer)", size, try median(max(3, decodeReps / scale)) {
        _ = try decoder.decode(try FileIO.read(path), options: .default, into: &reused)
    })
    let image = try decoder.decode(try FileIO.read(path), options: .default).image
    let options = EncodeOptions(compressionLevel: 6)
    emit("encode level 6", size, try median(max(1, encodeReps / scale)) {
        _ = try encoder.encode(image, options: options)
    })
}
