import ImageKernel

/// An image as Pillow's GIF writer holds it just before writing: palette indices and the colour table, after
/// `_normalize_mode` (RGB quantized by ``PillowMedianCut``; `L` kept) and `_normalize_palette` (the table reduced to the
/// entries in use, as Pillow's default `optimize=True` does).
struct GIFPaletteImage {
    var width: Int
    var height: Int
    /// One index per pixel.
    var indices: [UInt8]
    /// RGB triples of the entries (not yet padded to a power of two).
    var palette: [UInt8]
    /// The transparency index.
    var transparency: Int?

    /// `image` as Pillow would write it (`gray8`, `grayAlpha8`, `rgb8`, `rgba8`).
    init(_ image: ImageBuffer) throws(ImageError) {
        width = image.width
        height = image.height
        let pixels = image.width * image.height
        let channels = image.channelCount
        let bytes = image.packedBytes()
        switch image.format {
        case .gray8, .grayAlpha8:
            // Pillow: an `L` image gets a gray ramp, then only the used levels are kept, in increasing order.
            indices = channels == 1 ? bytes : stride(from: 0, to: bytes.count, by: 2).map { bytes[$0] }
            palette = (0..<256).flatMap { [UInt8($0), UInt8($0), UInt8($0)] }
            Self.optimize(&indices, &palette, transparency: &transparency, always: true)
        case .rgb8:
            let quantized = bytes.withUnsafeBufferPointer { PillowMedianCut(rgb: $0, count: pixels) }
            indices = quantized.indices
            palette = quantized.palette
            Self.optimize(&indices, &palette, transparency: &transparency, always: pixels < 512 * 512 ? false : nil)
        case .rgba8:
            // Not Pillow's method (Pillow quantizes RGBA with its fast octree): the colours of the pixels that are not
            // fully transparent go through the median cut, and fully transparent pixels get one extra entry.
            var rgb = [UInt8](repeating: 0, count: 3 * pixels)
            var transparentPixels: [Int] = []
            var opaque: [Int] = []
            for i in 0..<pixels {
                if bytes[4 * i + 3] == 0 { transparentPixels.append(i); continue }
                opaque.append(i)
                rgb[3 * opaque.count - 3] = bytes[4 * i]
                rgb[3 * opaque.count - 2] = bytes[4 * i + 1]
                rgb[3 * opaque.count - 1] = bytes[4 * i + 2]
            }
            let quantized = rgb.withUnsafeBufferPointer {
                PillowMedianCut(rgb: $0, count: opaque.count, colors: transparentPixels.isEmpty ? 256 : 255)
            }
            indices = [UInt8](repeating: 0, count: pixels)
            for (k, i) in opaque.enumerated() { indices[i] = quantized.indices[k] }
            palette = quantized.palette
            if let first = transparentPixels.first {
                let t = palette.count / 3
                palette += [bytes[4 * first], bytes[4 * first + 1], bytes[4 * first + 2]]
                for i in transparentPixels { indices[i] = UInt8(t) }
                transparency = t
            }
        default:
            throw .unsupported("the GIF encoder cannot write \(image.format) pixels (it writes gray8, grayAlpha8, rgb8, rgba8)")
        }
    }

    /// Pillow's `_get_optimize` + `remap_palette`: keeps only the used entries, in index order, when `always` (an `L`
    /// image), or when `always == false` (a small `P` image) and the table has holes or would shrink by half.
    private static func optimize(_ indices: inout [UInt8], _ palette: inout [UInt8], transparency: inout Int?, always: Bool?) {
        guard let always else { return }
        var used = [Bool](repeating: false, count: 256)
        for v in indices { used[Int(v)] = true }
        let usedList = (0..<256).filter { used[$0] }
        guard let maxUsed = usedList.last else { return }
        let entries = palette.count / 3
        if !always && maxUsed < usedList.count {
            let current = 1 << (entries - 1).bitWidthNeeded
            guard usedList.count <= current / 2 && current > 2 else { return }
        }
        var newIndex = [UInt8](repeating: 0, count: 256)
        var newPalette: [UInt8] = []
        for (k, old) in usedList.enumerated() {
            newIndex[old] = UInt8(k)
            newPalette += old * 3 + 2 < palette.count ? Array(palette[(old * 3)..<(old * 3 + 3)]) : [0, 0, 0]
        }
        indices = indices.map { newIndex[Int($0)] }
        palette = newPalette
        if let t = transparency { transparency = used[t] ? Int(newIndex[t]) : nil }
    }

    /// The colour table padded with black to Pillow's size: 4 entries for up to 4 colours, else the next power of two.
    var headerPalette: [UInt8] {
        let entries = max(1, palette.count / 3)
        let sizeCode = entries < 3 ? 1 : max(1, (entries - 1).bitWidthNeeded - 1)
        let padded = 2 << sizeCode
        return palette + [UInt8](repeating: 0, count: 3 * max(0, padded - palette.count / 3))
    }
}

extension Int {
    /// Python's `int.bit_length()`: the number of bits needed for a non-negative value (0 for 0).
    var bitWidthNeeded: Int { self <= 0 ? 0 : Int.bitWidth - leadingZeroBitCount }
}
