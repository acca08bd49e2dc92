#if canImport(Glibc)
import Glibc
#endif
import ImageKernel
import PNGCodec
import Registry

// A registry holding only the PNG codec.
var registry = FormatRegistry()
do {
    try registry.register(PNG.format)
} catch {
    print("PNGOnlyApp: \(error)")
    exit(1)
}

let arguments = CommandLine.arguments.dropFirst()
do {
    if let path = arguments.first {
        let info = try registry.probe(path: path)
        print("\(path): \(info.format) \(info.width)x\(info.height) \(info.pixelFormat)")
    } else {
        // No file given: draw a gradient, write it as PNG to memory, read it back.
        var image = try ImageBuffer(width: 64, height: 32, format: .rgb8)
        for y in 0..<image.height {
            for x in 0..<image.width {
                image[x: x, y: y, channel: 0] = Double(x * 4)
                image[x: x, y: y, channel: 1] = Double(y * 8)
                image[x: x, y: y, channel: 2] = 128
            }
        }
        let bytes = try registry.encode(image, as: .png)
        let decoded = try registry.decode(bytes)
        print("round trip: \(bytes.count) bytes, \(decoded.image.width)x\(decoded.image.height) \(decoded.image.format), identical: \(decoded.image == image)")
    }
} catch {
    print("PNGOnlyApp: \(error)")
    exit(1)
}
