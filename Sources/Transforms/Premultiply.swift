import ImageKernel

/// Pillow's premultiplied-alpha detour for resizing images with alpha (`RGBA` -> `RGBa`, `LA` -> `La`).
enum Premultiply {
    /// `MULDIV255(a, b)`: exactly `round(a * b / 255)`.
    @inline(__always)
    static func mulDiv255(_ a: UInt32, _ b: UInt32) -> UInt32 {
        let t = a &* b &+ 128
        return ((t >> 8) &+ t) >> 8
    }

    /// Multiplies the colour channels by alpha. 8-bit: Pillow's `rgbA2rgba`/`lA2la` (`c' = MULDIV255(c, A)`).
    /// 16-bit (an Imago extension): `c' = round(c * A / 65535)`. Float: `c' = c * A`.
    static func premultiply(_ image: inout ImageBuffer) {
        if image.format == .rgba8 {
            premultiplyRGBA8(&image)
            return
        }
        let channels = image.channelCount, type = image.format.sampleType
        forEachPixel(&image) { p in
            switch type {
            case .uint8:
                let a = UInt32(p.load(fromByteOffset: channels - 1, as: UInt8.self))
                for c in 0..<channels - 1 {
                    let v = UInt32(p.load(fromByteOffset: c, as: UInt8.self))
                    p.storeBytes(of: UInt8(truncatingIfNeeded: mulDiv255(v, a)), toByteOffset: c, as: UInt8.self)
                }
            case .uint16:
                let a = UInt64(p.loadUnaligned(fromByteOffset: (channels - 1) * 2, as: UInt16.self))
                for c in 0..<channels - 1 {
                    let v = UInt64(p.loadUnaligned(fromByteOffset: c * 2, as: UInt16.self))
                    p.storeBytes(of: UInt16((v * a + 32767) / 65535), toByteOffset: c * 2, as: UInt16.self)
                }
            case .float32:
                let a = p.loadUnaligned(fromByteOffset: (channels - 1) * 4, as: Float.self)
                for c in 0..<channels - 1 {
                    let v = p.loadUnaligned(fromByteOffset: c * 4, as: Float.self)
                    p.storeBytes(of: v * a, toByteOffset: c * 4, as: Float.self)
                }
            }
        }
    }

    /// Divides the colour channels by alpha. 8-bit: Pillow's `rgba2rgbA`/`la2lA`: kept when A is 0 or 255,
    /// else `min(255, (255 * c') / A)` with floor division. 16-bit: the same with 65535. Float: `c' / A` unless A is 0.
    static func unpremultiply(_ image: inout ImageBuffer) {
        let channels = image.channelCount, type = image.format.sampleType
        forEachPixel(&image) { p in
            switch type {
            case .uint8:
                let a = UInt32(p.load(fromByteOffset: channels - 1, as: UInt8.self))
                if a == 0 || a == 255 { return }
                for c in 0..<channels - 1 {
                    let v = UInt32(p.load(fromByteOffset: c, as: UInt8.self))
                    p.storeBytes(of: UInt8(min(255, (255 * v) / a)), toByteOffset: c, as: UInt8.self)
                }
            case .uint16:
                let a = UInt64(p.loadUnaligned(fromByteOffset: (channels - 1) * 2, as: UInt16.self))
                if a == 0 || a == 65535 { return }
                for c in 0..<channels - 1 {
                    let v = UInt64(p.loadUnaligned(fromByteOffset: c * 2, as: UInt16.self))
                    p.storeBytes(of: UInt16(min(65535, (65535 * v) / a)), toByteOffset: c * 2, as: UInt16.self)
                }
            case .float32:
                let a = p.loadUnaligned(fromByteOffset: (channels - 1) * 4, as: Float.self)
                if a == 0 { return }
                for c in 0..<channels - 1 {
                    let v = p.loadUnaligned(fromByteOffset: c * 4, as: Float.self)
                    p.storeBytes(of: v / a, toByteOffset: c * 4, as: Float.self)
                }
            }
        }
    }

    /// `rgbA2rgba` four pixels at a time: each pixel is one 32-bit lane `r | g << 8 | b << 16 | a << 24`.
    private static func premultiplyRGBA8(_ image: inout ImageBuffer) {
        let (width, height, stride) = (image.width, image.height, image.rowStride)
        image.withUnsafeMutableBytes { raw in
            guard let base = raw.baseAddress else { return }
            let byte = SIMD4<UInt32>(repeating: 0xFF), round = SIMD4<UInt32>(repeating: 128)
            for y in 0..<height {
                let row = base + y &* stride
                var x = 0
                while x &+ 4 <= width {
                    let w = row.loadUnaligned(fromByteOffset: x &* 4, as: SIMD4<UInt32>.self)
                    let a = w &>> 24
                    var out = a &<< 24
                    for c: UInt32 in 0..<3 {
                        let t = ((w &>> (8 &* c)) & byte) &* a &+ round
                        out |= ((((t &>> 8) &+ t) &>> 8) & byte) &<< (8 &* c)
                    }
                    row.storeBytes(of: out, toByteOffset: x &* 4, as: SIMD4<UInt32>.self)
                    x &+= 4
                }
                while x < width {
                    let p = row + x &* 4
                    let a = UInt32(p.load(fromByteOffset: 3, as: UInt8.self))
                    for c in 0..<3 {
                        let v = UInt32(p.load(fromByteOffset: c, as: UInt8.self))
                        p.storeBytes(of: UInt8(truncatingIfNeeded: mulDiv255(v, a)), toByteOffset: c, as: UInt8.self)
                    }
                    x &+= 1
                }
            }
        }
    }

    /// Calls `body` with a pointer to every pixel, row by row.
    private static func forEachPixel(_ image: inout ImageBuffer, _ body: (UnsafeMutableRawPointer) -> Void) {
        let (width, height, stride, bpp) = (image.width, image.height, image.rowStride, image.format.bytesPerPixel)
        image.withUnsafeMutableBytes { raw in
            guard let base = raw.baseAddress else { return }
            for y in 0..<height {
                let row = base + y * stride
                for x in 0..<width { body(row + x * bpp) }
            }
        }
    }
}
