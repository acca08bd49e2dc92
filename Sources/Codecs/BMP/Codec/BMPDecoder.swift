import ImageKernel

/// Decodes BMP and DIB files in pure Swift into `gray8`, `rgb8` or `rgba8` (see ``BMP`` and `BMPLayout`).
///
/// The size is checked against the limits, and the pixel data's length against the header (for RLE: the whole
/// stream is walked first), before any pixel memory is allocated. Rows are unpacked straight into the buffer.
public struct BMPDecoder: BufferReusingDecoder {
    /// A decoder; it keeps no state, so one value can serve every thread.
    public init() {}

    /// Reads the headers and the palette only.
    public func probe(_ data: [UInt8], limits: Limits) throws -> ImageMetadata {
        let (header, layout) = try parse(data, limits: limits)
        return metadata(header, layout)
    }

    /// Decodes the image into `buffer`, reusing its storage when it is unshared and large enough.
    public func decode(_ data: [UInt8], options: DecodeOptions, into buffer: inout ImageBuffer) throws -> ImageMetadata {
        guard options.frameIndex == 0 else {
            throw ImageError.invalidArgument("frame \(options.frameIndex) does not exist: a BMP holds one image")
        }
        let (header, layout) = try parse(data, limits: options.limits)
        var metadata = metadata(header, layout)
        let width = header.width, height = header.height
        let rows: Int
        if header.isRLE {
            rows = try decodeRunLength(data, header, layout, options: options, into: &buffer, metadata: &metadata)
        } else {
            let rowBytes = (width * header.bitCount + 7) / 8
            let needed = try ByteCount.multiply(header.stride, height - 1) + rowBytes
            let available = max(0, data.count - header.pixelOffset)
            if available < needed && !options.allowTruncated {
                throw ImageError.truncated("BMP pixel data is truncated: \(available) bytes present, \(needed) needed")
            }
            rows = available >= rowBytes ? min(height, (available - rowBytes) / header.stride + 1) : 0
            try buffer.reshape(width: width, height: height, format: layout.pixelFormat, limits: options.limits, zeroed: false)
            let unpacker = BMPRowUnpacker(layout: layout, bitCount: header.bitCount, width: width, bilevelReadsBits: true)
            if rows > 0 {
                data.withUnsafeBufferPointer { source in
                    unpacker.unpack(rows: rows, from: source.baseAddress! + header.pixelOffset, stride: header.stride,
                                    topDown: header.topDown, into: &buffer)
                }
            }
        }
        if rows < height {
            clearMissingRows(rows, topDown: header.topDown, of: &buffer)
            metadata.properties["bmp.truncatedRows"] = String(height - rows)
        }
        return metadata
    }

    /// Decodes an RLE4/RLE8 image; returns the number of stored rows produced (all of them, unless truncated).
    private func decodeRunLength(
        _ data: [UInt8], _ header: BMPHeader, _ layout: BMPLayout, options: DecodeOptions,
        into buffer: inout ImageBuffer, metadata: inout ImageMetadata
    ) throws -> Int {
        let width = header.width, height = header.height
        let rle = BMPRunLength(width: width, height: height, fourBit: header.compression == .rle4)
        let offset = min(header.pixelOffset, data.count)
        let end = data.withUnsafeBufferPointer { rle.decode($0, from: offset, into: nil) }
        if end == .outOfData && !options.allowTruncated {
            throw ImageError.truncated("BMP run-length data ends before the image does")
        }
        if end == .endOfBitmap { metadata.properties["bmp.endedEarly"] = "true" }
        var indices = [UInt8](repeating: 0, count: try ByteCount.multiply(width, height))
        indices.withUnsafeMutableBufferPointer { out in
            _ = data.withUnsafeBufferPointer { rle.decode($0, from: offset, into: out) }
        }
        try buffer.reshape(width: width, height: height, format: layout.pixelFormat, limits: options.limits, zeroed: false)
        let unpacker = BMPRowUnpacker(layout: layout, bitCount: 8, width: width)
        indices.withUnsafeBufferPointer { source in
            unpacker.unpack(rows: height, from: source.baseAddress!, stride: width, topDown: header.topDown, into: &buffer)
        }
        return height
    }

    /// Zeroes the rows no stored data reached (a reused buffer holds old pixels there).
    private func clearMissingRows(_ rows: Int, topDown: Bool, of buffer: inout ImageBuffer) {
        let stride = buffer.rowStride, height = buffer.height
        buffer.withUnsafeMutableBytes { bytes in
            let range = topDown ? (rows * stride)..<(height * stride) : 0..<((height - rows) * stride)
            bytes[range].initializeMemory(as: UInt8.self, repeating: 0)
        }
    }

    private func parse(_ data: [UInt8], limits: Limits) throws(ImageError) -> (BMPHeader, BMPLayout) {
        let hasFileHeader = data.count >= 2 && data[0] == 0x42 && data[1] == 0x4D
        let header = try BMPHeader.parse(data, hasFileHeader: hasFileHeader, limits: limits)
        let layout = try BMPLayout.of(header)
        try limits.check(width: header.width, height: header.height, format: layout.pixelFormat)
        return (header, layout)
    }

    private func metadata(_ header: BMPHeader, _ layout: BMPLayout) -> ImageMetadata {
        let compression = switch header.compression {
        case .rgb: "uncompressed"
        case .rle8: "RLE8"
        case .rle4: "RLE4"
        case .bitfields: "bit fields"
        case .alphaBitfields: "alpha bit fields"
        case .jpeg: "JPEG"
        case .png: "PNG"
        }
        let kind = header.bitCount <= 8 ? "palette" : "direct"
        var properties = [
            "bmp.headerSize": String(header.infoHeaderSize),
            "bmp.bitCount": String(header.bitCount),
            "bmp.compression": compression,
            "bmp.pillowMode": layout.pillowMode.rawValue,
            "bmp.topDown": header.topDown ? "true" : "false",
        ]
        if header.bitCount <= 8 { properties["bmp.colors"] = String(header.colorCount) }
        if header.compression == .bitfields || header.compression == .alphaBitfields {
            properties["bmp.masks"] = header.masks.map { "0x" + String($0, radix: 16) }.joined(separator: ",")
        }
        let ppm = header.pixelsPerMeter
        return ImageMetadata(
            format: header.hasFileHeader ? .bmp : BMP.dibID,
            width: header.width,
            height: header.height,
            pixelFormat: layout.pixelFormat,
            nativeDescription: "\(kind) \(header.bitCount)-bit \(compression)\(header.topDown ? " top-down" : "")",
            frameCount: 1,
            iccProfile: header.iccProfile,
            resolution: ppm.x > 0 || ppm.y > 0 ? Resolution(x: Double(ppm.x), y: Double(ppm.y), unit: .meter) : nil,
            properties: properties)
    }
}
