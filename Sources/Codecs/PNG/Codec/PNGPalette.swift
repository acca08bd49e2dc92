import ImageKernel

/// An `rgb8`/`rgba8` image as palette indices: at most 256 colours, in order of first appearance except that
/// entries with alpha < 255 come first, so that the tRNS chunk is as short as possible.
struct PNGPalette {
    /// RGB triples.
    var colors: [UInt8] = []
    /// Alpha of each entry up to the last non-opaque one (the tRNS chunk); empty when all are opaque.
    var alphas: [UInt8] = []
    /// One byte per pixel, `width` bytes a row.
    var indices: [UInt8] = []
    /// The smallest PNG bit depth that holds every index.
    var bitDepth: Int32 = 8

    init(_ image: ImageBuffer) throws(ImageError) {
        guard image.format == .rgb8 || image.format == .rgba8 else {
            throw .invalidArgument("palette PNG output needs an rgb8 or rgba8 image, not \(image.format)")
        }
        let channels = image.channelCount
        var order: [UInt32] = []
        var slot: [UInt32: Int] = [:]
        var keys = [UInt32](repeating: 0, count: image.width * image.height)
        var tooMany = false
        image.withUnsafeBytes { bytes in
            for y in 0..<image.height where !tooMany {
                let row = y * image.rowStride
                for x in 0..<image.width {
                    let p = row + x * channels
                    let alpha = channels == 4 ? UInt32(bytes[p + 3]) : 255
                    let key = UInt32(bytes[p]) << 24 | UInt32(bytes[p + 1]) << 16 | UInt32(bytes[p + 2]) << 8 | alpha
                    keys[y * image.width + x] = key
                    if slot[key] == nil {
                        guard order.count < 256 else { tooMany = true; break }
                        slot[key] = order.count
                        order.append(key)
                    }
                }
            }
        }
        if tooMany {
            throw .invalidArgument("palette PNG output needs at most 256 distinct colours; this image has more")
        }
        let sorted = order.filter { $0 & 0xFF != 0xFF } + order.filter { $0 & 0xFF == 0xFF }
        var index: [UInt32: UInt8] = [:]
        for (i, key) in sorted.enumerated() {
            index[key] = UInt8(i)
            colors += [UInt8(key >> 24), UInt8(key >> 16 & 0xFF), UInt8(key >> 8 & 0xFF)]
            if key & 0xFF != 0xFF { alphas.append(UInt8(key & 0xFF)) }
        }
        indices = keys.map { index[$0]! }
        bitDepth = switch sorted.count {
        case ...2: 1
        case ...4: 2
        case ...16: 4
        default: 8
        }
    }
}
