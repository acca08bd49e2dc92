import FarbfeldCodec
import Imago

// Start from every bundled codec and add farbfeld.
var registry = FormatRegistry.standard
try registry.register(Farbfeld.format)

var image = try ImageBuffer(width: 3, height: 2, format: .rgba16)
image[x: 1, y: 1, channel: 0] = 65535
image[x: 1, y: 1, channel: 3] = 65535
let bytes = try registry.encode(image, as: "farbfeld")
let decoded = try registry.decode(bytes)   // detected by its magic bytes
print("farbfeld: \(bytes.count) bytes -> \(decoded.metadata.format) \(decoded.image.width)x\(decoded.image.height), identical: \(decoded.image == image)")
