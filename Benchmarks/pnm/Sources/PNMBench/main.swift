// Usage: PNMBench FILE... ; prints `name<TAB>decode_ms<TAB>encode_ms` (medians) per file.
import Foundation
import ImageKernel
import PNMCodec

func median(_ body: () throws -> Void) rethrows -> Double {
    var times: [Double] = []
    let clock = ContinuousClock()
    for _ in 0..<7 {
        let elapsed = try clock.measure(body)
        times.append(Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1e3)
    }
    return times.sorted()[times.count / 2]
}

for path in CommandLine.arguments.dropFirst() {
    let bytes = [UInt8](FileManager.default.contents(atPath: path)!)
    var image = try PNMDecoder().decode(bytes, options: .default).image
    let decode = try median { image = try PNMDecoder().decode(bytes, options: .default).image }
    let encode = try median { _ = try PNMEncoder().encode(image, options: .default) }
    print("\((path as NSString).lastPathComponent)\t\(decode)\t\(encode)")
}
