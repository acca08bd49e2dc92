import FarbfeldCodec
import ImageKernel
import PNMCodec
import Registry

// A registry with a bundled codec (PNM) and the third-party one, side by side.
var registry = FormatRegistry()
try registry.register(PNM.format)
try registry.register(Farbfeld.format)

var image = try ImageBuffer(width: 3, height: 2, format: .rgba16)
image[x: 1, y: 1, channel: 0] = 65535
image[x: 1, y: 1, channel: 3] = 65535
let bytes = try registry.encode(image, as: "farbfeld")
let decoded = try registry.decode(bytes)   // detected by its magic bytes
print("farbfeld: \(bytes.count) bytes -> \(decoded.metadata.format) \(decoded.image.width)x\(decoded.image.height), identical: \(decoded.image == image)")
let pam = try registry.encode(decoded.image, as: .pnm)   // and on to a bundled format
print("pnm: \(pam.count) bytes, \(try registry.decode(pam).metadata.nativeDescription)")
