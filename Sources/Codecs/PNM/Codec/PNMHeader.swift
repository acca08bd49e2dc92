import ImageKernel

/// What a PBM, PGM, PPM or PAM header says: enough to size the image and read its raster.
struct PNMHeader: Sendable, Equatable {
    /// How the raster stores its samples.
    enum Encoding: Sendable, Equatable {
        /// `P1`: one `0`/`1` character per pixel, 1 = black.
        case asciiBits
        /// `P4`: rows of packed bits, most significant first, 1 = black.
        case packedBits
        /// `P2`/`P3`: decimal samples.
        case asciiSamples
        /// `P5`/`P6`/`P7`: one byte per sample when maxval < 256, else two bytes big-endian.
        case binarySamples
    }

    /// The digit after `P`: 1...7.
    var magic: Int
    var encoding: Encoding
    var width: Int
    var height: Int
    /// The decoded channels.
    var layout: ChannelLayout
    /// 1 for bitmaps.
    var maxval: Int
    /// PAM's TUPLTYPE, when given.
    var tupleType: String?
    /// Index of the first raster byte.
    var rasterOffset: Int

    /// 8-bit samples up to maxval 255, else 16-bit.
    var pixelFormat: PixelFormat {
        PixelFormat(layout, maxval > 255 ? .uint16 : .uint8)
    }

    /// Bytes per stored sample in a binary raster.
    var sampleBytes: Int { maxval > 255 ? 2 : 1 }

    /// For example `PGM binary, maxval 255` or `PAM RGB_ALPHA, maxval 65535`.
    var description: String {
        switch magic {
        case 1, 4: return "PBM " + (magic == 1 ? "ASCII" : "binary")
        case 2, 5: return "PGM \(magic == 2 ? "ASCII" : "binary"), maxval \(maxval)"
        case 3, 6: return "PPM \(magic == 3 ? "ASCII" : "binary"), maxval \(maxval)"
        default: return "PAM \(tupleType ?? "depth \(layout.channelCount)"), maxval \(maxval)"
        }
    }

    /// Parses the header at the start of `data`. Throws `corrupt`, `truncated` or `unsupported`; allocates nothing
    /// proportional to the image.
    static func parse(_ data: [UInt8]) throws(ImageError) -> PNMHeader {
        guard data.count >= 2, data[0] == UInt8(ascii: "P"), (0x31...0x37).contains(data[1]) else {
            throw .unknownFormat("not a PNM file: it does not start with P1...P7")
        }
        let magic = Int(data[1] - 0x30)
        guard data.count > 2 else { throw .truncated("PNM header ends after its magic number") }
        guard PNMSyntax.isWhitespace(data[2]) else {
            throw .corrupt("PNM header: the magic number P\(magic) is followed by \(PNMSyntax.describe(data[2]))")
        }
        if magic == 7 { return try parsePAM(data) }

        var scanner = PNMTokenScanner(data: data, position: 2)
        let width = try scanner.readNumber("width")
        let height = try scanner.readNumber("height")
        let isBitmap = magic == 1 || magic == 4
        let maxval = isBitmap ? 1 : try scanner.readNumber("maxval")
        try checkMaxval(maxval)
        let layout: ChannelLayout = (magic == 3 || magic == 6) ? .rgb : .gray
        let encoding: Encoding = switch magic {
        case 1: .asciiBits
        case 4: .packedBits
        case 2, 3: .asciiSamples
        default: .binarySamples
        }
        return PNMHeader(magic: magic, encoding: encoding, width: width, height: height, layout: layout,
                         maxval: maxval, tupleType: nil, rasterOffset: scanner.position)
    }

    static func checkMaxval(_ maxval: Int) throws(ImageError) {
        guard (1...65535).contains(maxval) else {
            throw .corrupt("PNM header: maxval \(maxval) is outside 1...65535")
        }
    }

    /// Parses a PAM header: `KEYWORD value` lines up to `ENDHDR`, `#` lines are comments.
    private static func parsePAM(_ data: [UInt8]) throws(ImageError) -> PNMHeader {
        var position = 3
        var width: Int?, height: Int?, depth: Int?, maxval: Int?
        var tupleTypes: [String] = []
        while true {
            guard let lineEnd = data[position...].firstIndex(of: 0x0A) else {
                throw .truncated("PAM header ends before ENDHDR")
            }
            let line = data[position..<lineEnd]
            position = lineEnd + 1
            guard let start = line.firstIndex(where: { !PNMSyntax.isWhitespace($0) }), line[start] != UInt8(ascii: "#") else {
                continue
            }
            let keywordEnd = line[start...].firstIndex(where: PNMSyntax.isWhitespace) ?? line.endIndex
            let keyword = String(decoding: line[start..<keywordEnd], as: UTF8.self)
            let rest = line[keywordEnd...]
            let value = rest.drop(while: PNMSyntax.isWhitespace)
            let trimmed = value.prefix(value.count - value.reversed().prefix(while: PNMSyntax.isWhitespace).count)
            switch keyword {
            case "ENDHDR":
                guard let width else { throw .corrupt("PAM header has no WIDTH") }
                guard let height else { throw .corrupt("PAM header has no HEIGHT") }
                guard let depth else { throw .corrupt("PAM header has no DEPTH") }
                guard let maxval else { throw .corrupt("PAM header has no MAXVAL") }
                try checkMaxval(maxval)
                let tupleType = tupleTypes.isEmpty ? nil : tupleTypes.joined(separator: " ")
                let layout = try pamLayout(tupleType: tupleType, depth: depth)
                return PNMHeader(magic: 7, encoding: .binarySamples, width: width, height: height, layout: layout,
                                 maxval: maxval, tupleType: tupleType, rasterOffset: position)
            case "WIDTH": width = try pamNumber(trimmed, keyword)
            case "HEIGHT": height = try pamNumber(trimmed, keyword)
            case "DEPTH": depth = try pamNumber(trimmed, keyword)
            case "MAXVAL": maxval = try pamNumber(trimmed, keyword)
            case "TUPLTYPE": tupleTypes.append(String(decoding: trimmed, as: UTF8.self))
            default:
                throw .corrupt("PAM header: unknown keyword \(PNMSyntax.describe(text: line[start..<keywordEnd]))")
            }
        }
    }

    private static func pamNumber(_ text: ArraySlice<UInt8>, _ keyword: String) throws(ImageError) -> Int {
        guard !text.isEmpty, text.count <= PNMSyntax.maxDigits, text.allSatisfy(PNMSyntax.isDigit) else {
            throw .corrupt("PAM header: \(keyword) value \(PNMSyntax.describe(text: text)) is not a number")
        }
        return text.reduce(0) { $0 * 10 + Int($1 - 0x30) }
    }

    /// The channel layout of a PAM tuple type, checked against the depth. Without a tuple type, the depth decides.
    private static func pamLayout(tupleType: String?, depth: Int) throws(ImageError) -> ChannelLayout {
        let layout: ChannelLayout
        switch tupleType {
        case "BLACKANDWHITE", "GRAYSCALE": layout = .gray
        case "BLACKANDWHITE_ALPHA", "GRAYSCALE_ALPHA": layout = .grayAlpha
        case "RGB": layout = .rgb
        case "RGB_ALPHA": layout = .rgba
        case nil:
            switch depth {
            case 1: layout = .gray
            case 2: layout = .grayAlpha
            case 3: layout = .rgb
            case 4: layout = .rgba
            default: throw .unsupported("PAM with DEPTH \(depth) and no TUPLTYPE is not supported")
            }
        case let other?:
            throw .unsupported("PAM tuple type \(PNMSyntax.describe(text: Array(other.utf8))) is not supported")
        }
        guard layout.channelCount == depth else {
            throw .corrupt("PAM header: TUPLTYPE \(tupleType ?? "") needs DEPTH \(layout.channelCount), found \(depth)")
        }
        return layout
    }

    /// The metadata a probe returns.
    var metadata: ImageMetadata {
        ImageMetadata(format: .pnm, width: width, height: height, pixelFormat: pixelFormat,
                      nativeDescription: description, frameCount: 1,
                      properties: ["pnm.maxval": String(maxval)])
    }
}
