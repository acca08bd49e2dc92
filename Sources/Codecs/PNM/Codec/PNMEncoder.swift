import ImageKernel

/// Writes `gray8`/`gray16` as PGM (`P5`), `rgb8`/`rgb16` as PPM (`P6`) and `grayAlpha`/`rgba` as PAM (`P7`),
/// with maxval 255 or 65535 (16-bit samples big-endian, as Netpbm requires).
///
/// ``PNMEncodeOptions`` selects the ASCII forms (`P2`, `P3`) and PBM bitmaps (`P4`, `P1`).
public struct PNMEncoder: ImageEncoder {
    /// An encoder; it keeps no state, so one value can serve every thread.
    public init() {}

    /// 8- and 16-bit gray, RGB, gray+alpha and RGBA (the last two as PAM).
    public var supportedPixelFormats: Set<PixelFormat> {
        [.gray8, .gray16, .rgb8, .rgb16, .grayAlpha8, .grayAlpha16, .rgba8, .rgba16]
    }

    /// The bytes of a complete PGM, PPM, PBM or PAM file, chosen by the pixel format and ``PNMEncodeOptions``.
    /// - Throws: `ImageError/Kind/unsupported` for CMYK or float images and for the ASCII form of an image with
    ///   alpha (PAM has none), `ImageError/Kind/invalidArgument` for an empty image or PBM of a colour image.
    public func encode(_ image: ImageBuffer, options: EncodeOptions) throws -> [UInt8] {
        try requireSupported(image.format, codec: "PNM")
        guard image.width > 0, image.height > 0 else {
            throw ImageError.invalidArgument("cannot encode an empty \(image.width)x\(image.height) image")
        }
        let settings = options.codecOptions(PNMEncodeOptions.self) ?? PNMEncodeOptions()
        let layout = image.format.layout
        if settings.pbm {
            guard layout == .gray else {
                throw ImageError.invalidArgument("PBM output needs a gray image, not \(image.format)")
            }
            return try Self.bitmap(image, ascii: settings.ascii)
        }
        let wide = image.format.sampleType == .uint16
        let maxval = wide ? 65535 : 255
        var header: String
        switch layout {
        case .gray, .rgb:
            let magic = layout == .gray ? (settings.ascii ? 2 : 5) : (settings.ascii ? 3 : 6)
            header = "P\(magic)\n\(image.width) \(image.height)\n\(maxval)\n"
        default:
            guard !settings.ascii else {
                throw ImageError.unsupported("PAM has no ASCII form: cannot write \(image.format) pixels as ASCII PNM")
            }
            let tupleType = layout == .grayAlpha ? "GRAYSCALE_ALPHA" : "RGB_ALPHA"
            header = "P7\nWIDTH \(image.width)\nHEIGHT \(image.height)\nDEPTH \(image.channelCount)\n"
                + "MAXVAL \(maxval)\nTUPLTYPE \(tupleType)\nENDHDR\n"
        }
        if settings.ascii {
            var out = Array(header.utf8)
            Self.appendASCII(image, to: &out)
            return out
        }
        return try Self.binary(image, header: Array(header.utf8))
    }

    /// The header, then the rows as they are, 16-bit samples swapped to big-endian.
    private static func binary(_ image: ImageBuffer, header: [UInt8]) throws(ImageError) -> [UInt8] {
        let rowBytes = image.packedRowBytes
        let total = try ByteCount.of(width: image.width, height: image.height, format: image.format) + header.count
        let wide = image.format.sampleType == .uint16
        return [UInt8](unsafeUninitializedCapacity: total) { buffer, count in
            let base = buffer.baseAddress!
            header.withUnsafeBufferPointer { base.update(from: $0.baseAddress!, count: header.count) }
            for y in 0..<image.height {
                let destination = base + header.count + y * rowBytes
                image.withUnsafeRow(y) { row in
                    if wide {
                        let source = row.baseAddress!
                        for i in 0..<rowBytes / 2 {
                            let value = source.loadUnaligned(fromByteOffset: 2 * i, as: UInt16.self)
                            destination[2 * i] = UInt8(value >> 8)
                            destination[2 * i + 1] = UInt8(truncatingIfNeeded: value)
                        }
                    } else {
                        UnsafeMutableRawPointer(destination).copyMemory(from: row.baseAddress!, byteCount: rowBytes)
                    }
                }
            }
            count = total
        }
    }

    /// Decimal samples, one row per line or more, lines at most 70 characters (as Netpbm writes them).
    private static func appendASCII(_ image: ImageBuffer, to out: inout [UInt8]) {
        let samples = image.width * image.channelCount
        let wide = image.format.sampleType == .uint16
        for y in 0..<image.height {
            image.withUnsafeRow(y) { row in
                var lineLength = 0
                for i in 0..<samples {
                    let value = wide ? Int(row.loadUnaligned(fromByteOffset: 2 * i, as: UInt16.self)) : Int(row[i])
                    let digits = value >= 10_000 ? 5 : value >= 1000 ? 4 : value >= 100 ? 3 : value >= 10 ? 2 : 1
                    if lineLength > 0 {
                        if lineLength + 1 + digits > 70 {
                            out.append(0x0A)
                            lineLength = 0
                        } else {
                            out.append(0x20)
                            lineLength += 1
                        }
                    }
                    appendDecimal(value, digits: digits, to: &out)
                    lineLength += digits
                }
                out.append(0x0A)
            }
        }
    }

    private static func appendDecimal(_ value: Int, digits: Int, to out: inout [UInt8]) {
        var divisor = 1
        for _ in 1..<digits { divisor *= 10 }
        var rest = value
        while divisor > 0 {
            out.append(UInt8(0x30 + rest / divisor))
            rest %= divisor
            divisor /= 10
        }
    }

    /// PBM: a sample of at least half the range is white (bit 0), anything darker black (bit 1).
    private static func bitmap(_ image: ImageBuffer, ascii: Bool) throws(ImageError) -> [UInt8] {
        let wide = image.format.sampleType == .uint16
        let threshold = wide ? 32768 : 128
        var out = Array("P\(ascii ? 1 : 4)\n\(image.width) \(image.height)\n".utf8)
        let rowBytes = (image.width + 7) / 8
        out.reserveCapacity(out.count + (try ByteCount.multiply(ascii ? 2 * image.width : rowBytes, image.height)))
        for y in 0..<image.height {
            image.withUnsafeRow(y) { row in
                var packed: UInt8 = 0
                for x in 0..<image.width {
                    let value = wide ? Int(row.loadUnaligned(fromByteOffset: 2 * x, as: UInt16.self)) : Int(row[x])
                    let black = value < threshold
                    if ascii {
                        if x > 0 { out.append(x % 35 == 0 ? 0x0A : 0x20) }
                        out.append(black ? UInt8(ascii: "1") : UInt8(ascii: "0"))
                    } else {
                        if black { packed |= 0x80 >> UInt8(x & 7) }
                        if x & 7 == 7 || x == image.width - 1 {
                            out.append(packed)
                            packed = 0
                        }
                    }
                }
                if ascii { out.append(0x0A) }
            }
        }
        return out
    }
}
