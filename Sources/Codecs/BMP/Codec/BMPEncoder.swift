import ImageKernel

/// Writes BMP files byte for byte as Pillow 13's `Image.save(..., "BMP")` writes them: a 40-byte
/// `BITMAPINFOHEADER`, no compression, rows bottom-up padded to 4 bytes with zeros, and
///
/// - `gray8`: mode `L` (8-bit, 256-entry gray palette), or with ``BMPEncodeOptions`` mode `1` (1-bit, black and
///   white palette) or mode `P` (8-bit indices with the given palette);
/// - `rgb8`: 24-bit BGR; `rgba8`: 32-bit BGRA (`BI_RGB`, which Pillow itself reads back as RGB).
///
/// The resolution is 96 dpi unless `EncodeOptions/resolution` says otherwise, stored as Pillow stores it:
/// `int(dpi * 39.3701 + 0.5)` pixels per metre.
public struct BMPEncoder: ImageEncoder {
    /// Whether the 14-byte `BM` file header is written (Pillow's BMP writer) or left out (its DIB writer).
    public var fileHeader: Bool

    /// An encoder of BMP files, or with `fileHeader: false` of headerless DIBs.
    public init(fileHeader: Bool = true) {
        self.fileHeader = fileHeader
    }

    /// `gray8` (modes L, 1, P), `rgb8` and `rgba8`.
    public var supportedPixelFormats: Set<PixelFormat> { [.gray8, .rgb8, .rgba8] }

    /// The bytes of a complete BMP file; ``BMPEncodeOptions`` picks the mode of a `gray8` image.
    public func encode(_ image: ImageBuffer, options: EncodeOptions) throws -> [UInt8] {
        try requireSupported(image.format, codec: "BMP")
        guard image.width > 0, image.height > 0 else {
            throw ImageError.invalidArgument("cannot encode an empty \(image.width)x\(image.height) image")
        }
        let mode = image.format == .gray8 ? (options.codecOptions(BMPEncodeOptions.self)?.mode ?? .gray) : .gray
        let bits: Int
        var palette: [UInt8] = []
        switch image.format {
        case .rgb8: bits = 24
        case .rgba8: bits = 32
        default:
            switch mode {
            case .gray:
                bits = 8
                for i in 0..<256 { palette += [UInt8(i), UInt8(i), UInt8(i), 0] }
            case .bilevel:
                bits = 1
                palette = [0, 0, 0, 0, 255, 255, 255, 0]
            case .palette(let rgb):
                bits = 8
                guard rgb.count % 3 == 0, rgb.count <= 768 else {
                    throw ImageError.invalidArgument("a BMP palette is at most 256 RGB triples, not \(rgb.count) bytes")
                }
                for i in stride(from: 0, to: rgb.count, by: 3) { palette += [rgb[i + 2], rgb[i + 1], rgb[i], 0] }
                if palette.isEmpty { palette = [0, 0, 0, 0] }
            }
        }
        let width = image.width, height = image.height
        let stride = ((try ByteCount.multiply(width, bits) + 7) / 8 + 3) & ~3
        let imageSize = try ByteCount.multiply(stride, height)
        let offset = 14 + 40 + palette.count
        let fileSize = offset + imageSize
        guard fileSize <= Int(UInt32.max) else {
            throw ImageError.encodeFailed("a \(width)x\(height) BMP would be \(fileSize) bytes, more than the format's 4 GiB")
        }
        let (ppmX, ppmY) = Self.pixelsPerMeter(options.resolution)
        var header = [UInt8]()
        header.reserveCapacity(offset)
        if fileHeader {
            header += [0x42, 0x4D]
            for value in [fileSize, 0, offset] { Self.append32(value, to: &header) }
        }
        for value in [40, width, height] { Self.append32(value, to: &header) }
        header += [1, 0, UInt8(bits), 0]
        for value in [0, imageSize, ppmX, ppmY, palette.count / 4, palette.count / 4] { Self.append32(value, to: &header) }
        header += palette
        let rowBytes = (width * bits + 7) / 8
        // Every byte written once: the header, then each row and its zero padding (no zero-fill of the whole file).
        let out = [UInt8](unsafeUninitializedCapacity: header.count + imageSize) { file, initialized in
            let base = file.baseAddress!
            header.withUnsafeBufferPointer { base.update(from: $0.baseAddress!, count: header.count) }
            let pixels = base + header.count
            for y in 0..<height {
                let d = pixels + (height - 1 - y) * stride
                image.withUnsafeRow(y) { row in
                    let s = row.baseAddress!.assumingMemoryBound(to: UInt8.self)
                    switch bits {
                    case 1:
                        d.initialize(repeating: 0, count: rowBytes)
                        for x in 0..<width where s[x] != 0 { d[x >> 3] |= 0x80 >> UInt8(x & 7) }
                    case 8:
                        d.update(from: s, count: width)
                    case 24:
                        RedBlueSwap.swap(s, sourceStep: 3, into: d, step: 3, width: width)
                    default:
                        RedBlueSwap.swap(s, sourceStep: 4, into: d, step: 4, width: width)
                    }
                }
                (d + rowBytes).initialize(repeating: 0, count: stride - rowBytes)
            }
            initialized = header.count + imageSize
        }
        return out
    }

    /// Pillow's `int(dpi * 39.3701 + 0.5)` for each axis; 96 dpi when no resolution is given.
    static func pixelsPerMeter(_ resolution: Resolution?) -> (Int, Int) {
        guard let resolution else { return (3780, 3780) }
        let inchesPerUnit: Double = switch resolution.unit {
        case .inch, .unknown: 1
        case .centimeter: 1 / 2.54
        case .meter: 1 / 39.3701
        }
        func ppm(_ v: Double) -> Int { Int(v * inchesPerUnit * 39.3701 + 0.5) }
        return (ppm(resolution.x), ppm(resolution.y))
    }

    private static func append32(_ value: Int, to out: inout [UInt8]) {
        let v = UInt32(truncatingIfNeeded: value)
        out += [UInt8(v & 0xFF), UInt8(v >> 8 & 0xFF), UInt8(v >> 16 & 0xFF), UInt8(v >> 24)]
    }
}
