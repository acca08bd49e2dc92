import CPNGShim
import ImageKernel

/// Decodes PNG (and the default image of APNG) with libpng.
///
/// Every colour type and bit depth decodes to its native `PixelFormat`: 1/2/4-bit gray is scaled by
/// replication to 8 bits (0/255, x85, x17, as Pillow does), palettes become RGB (RGBA with a tRNS chunk),
/// a tRNS chunk on gray or RGB adds an alpha channel, and 16-bit samples stay 16-bit in native byte order.
/// No gamma or colour management is applied; gAMA, cHRM, sRGB, iCCP, eXIf, text and pHYs are metadata.
/// Rows are decoded straight into the destination buffer.
public struct PNGDecoder: BufferReusingDecoder {
    /// How CRC errors in chunks are treated.
    public enum ChecksumPolicy: Sendable, Hashable {
        /// libpng's default: a bad CRC in a critical chunk (IHDR, PLTE, IDAT, IEND) is an error; a bad CRC in an
        /// ancillary chunk drops that chunk with a warning. PngSuite `xcsn0g01.png` (bad IDAT CRC) is rejected.
        case strict
        /// Pillow's behaviour: CRCs are checked up to the first IDAT, but not in IDAT or later chunks, and damage
        /// after complete image data is tolerated. `xcsn0g01.png` then decodes, as it does in Keras.
        case ignoreImageDataCRC
    }

    /// The CRC policy; ``ChecksumPolicy/strict`` by default.
    public var checksums: ChecksumPolicy

    /// A decoder with the given CRC policy.
    public init(checksums: ChecksumPolicy = .strict) {
        self.checksums = checksums
    }

    /// Reads the header and the metadata chunks up to the first IDAT; checks the size against `limits`.
    public func probe(_ data: [UInt8], limits: Limits) throws -> ImageMetadata {
        try data.withUnsafeBytes { bytes throws(ImageError) in
            let reader = try PNGReader(data: bytes, limits: limits, checksums: checksums)
            try reader.readHeader()
            let metadata = try metadata(of: reader)
            try limits.check(width: metadata.width, height: metadata.height, format: metadata.pixelFormat)
            return metadata
        }
    }

    /// Reads the header through a growing prefix of `source` (`PrefixProbe`): the header sits at the start of
    /// the file and a header cut short throws, so a large file is read only as far as its header.
    public func probe(_ source: any ByteSource, limits: Limits) throws -> ImageMetadata {
        try PrefixProbe.probe(source) { try probe($0, limits: limits) }
    }


    /// Decodes frame 0 into `buffer`, reusing its storage when it is unshared and large enough.
    public func decode(_ data: [UInt8], options: DecodeOptions, into buffer: inout ImageBuffer) throws -> ImageMetadata {
        guard options.frameIndex == 0 else {
            throw ImageError.invalidArgument("frame \(options.frameIndex) requested: a PNG decodes to one image (APNG: the default image only)")
        }
        return try data.withUnsafeBytes { bytes throws(ImageError) in
            let reader = try PNGReader(data: bytes, limits: options.limits, checksums: checksums)
            try reader.readHeader()
            let format = try reader.pixelFormat
            let width = Int(reader.header.width), height = Int(reader.header.height)
            try buffer.reshape(width: width, height: height, format: format, limits: options.limits)
            try reader.start(expecting: format, width: width)
            let rows = try reader.readImage(into: &buffer, allowTruncated: options.allowTruncated)
            if rows == height {
                try reader.readEnd()
            } else {
                try clearRows(from: rows, of: &buffer)
            }
            var metadata = try metadata(of: reader)
            if rows < height {
                metadata.outcome = .partial(missingRows: height - rows)
                metadata.properties["png.truncatedRows"] = String(height - rows)  // the pre-DecodeOutcome key, for one release
            }
            return metadata
        }
    }

    /// Zeroes rows `start...` (a reused buffer holds old pixels there).
    private func clearRows(from start: Int, of buffer: inout ImageBuffer) throws(ImageError) {
        let stride = buffer.rowStride
        buffer.withUnsafeMutableBytes { bytes in
            let from = start * stride
            if from < bytes.count { bytes[from...].initializeMemory(as: UInt8.self, repeating: 0) }
        }
    }

    private func metadata(of reader: PNGReader) throws(ImageError) -> ImageMetadata {
        let h = reader.header
        let type = try reader.colorType
        var properties: [String: String] = [
            "png.bitDepth": String(h.bit_depth),
            "png.colorType": String(h.color_type),
            "png.interlaced": h.interlaced != 0 ? "true" : "false",
            "png.hasTransparency": h.has_trns != 0 || type == .grayAlpha || type == .rgba ? "true" : "false",
        ]
        if type == .palette { properties["png.palette"] = String(h.palette_count) }
        if h.has_gamma != 0 { properties["png.gamma"] = Self.decimal(h.gamma) }
        if h.has_chrm != 0 {
            properties["png.chromaticities"] = withUnsafeBytes(of: h.chrm) { raw in
                raw.bindMemory(to: UInt32.self).map { Self.decimal($0) }.joined(separator: ",")
            }
        }
        if h.has_srgb != 0 { properties["png.srgbIntent"] = String(h.srgb_intent) }
        if h.is_apng != 0 {
            properties["png.animated"] = "true"
            properties["png.apngFrames"] = String(h.apng_frames)
            properties["png.apngPlays"] = String(h.apng_plays)
        }
        let warnings = reader.warnings
        if !warnings.isEmpty { properties["png.warnings"] = warnings }
        let exif = reader.exif
        let text = reader.text
        let xmp = text.first { $0.key == PNGTextChunk.xmpKey }.map { Array($0.value.utf8) }
        var description = "\(type.name) \(h.bit_depth)-bit"
        if h.interlaced != 0 { description += " interlaced" }
        return ImageMetadata(
            format: .png,
            width: Int(h.width),
            height: Int(h.height),
            pixelFormat: try reader.pixelFormat,
            nativeDescription: description,
            frameCount: 1,
            orientation: exif.flatMap { Exif.orientation(in: $0) } ?? .topLeft,
            iccProfile: reader.iccProfile,
            exif: exif,
            xmp: xmp,
            resolution: h.has_phys != 0 ? Resolution(
                x: Double(h.phys_x), y: Double(h.phys_y), unit: h.phys_unit == 1 ? .meter : .unknown) : nil,
            text: text,
            properties: properties)
    }

    /// A PNG fixed-point value (x 100000) as a decimal string, e.g. `0.45455`.
    static func decimal(_ fixed: UInt32) -> String {
        let value = Int(fixed)
        let whole = value / 100_000, fraction = value % 100_000
        var digits = String(fraction)
        digits = String(repeating: "0", count: 5 - digits.count) + digits
        while digits.count > 1 && digits.hasSuffix("0") { digits.removeLast() }
        return "\(whole).\(digits)"
    }
}
