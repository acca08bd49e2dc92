import ImageKernel

/// Decodes PBM, PGM, PPM (ASCII and binary) and PAM into their native pixel formats (see ``PNM``).
///
/// Sizes are checked against the limits, and a binary raster's length against the header, before any
/// pixel memory is allocated. Every malformed input gives a typed `ImageError`.
public struct PNMDecoder: BufferReusingDecoder {
    /// A decoder; it keeps no state, so one value can serve every thread.
    public init() {}

    /// Reads the header only.
    public func probe(_ data: [UInt8], limits: Limits) throws -> ImageMetadata {
        try header(data, limits: limits).metadata
    }

    /// Reads the header through a growing prefix of `source` (`PrefixProbe`): the header sits at the start of
    /// the file and a header cut short throws, so a large file is read only as far as its header.
    public func probe(_ source: any ByteSource, limits: Limits) throws -> ImageMetadata {
        try PrefixProbe.probe(source) { try probe($0, limits: limits) }
    }


    /// Decodes the image into `buffer`, reusing its storage when it is unshared and large enough.
    public func decode(_ data: [UInt8], options: DecodeOptions, into buffer: inout ImageBuffer) throws -> ImageMetadata {
        guard options.frameIndex == 0 else {
            throw ImageError.invalidArgument("frame \(options.frameIndex) does not exist: the PNM decoder reads the first image only")
        }
        let header = try header(data, limits: options.limits)
        let available = data.count - header.rasterOffset
        let needed = try PNMRaster.minimumByteCount(header)
        if available < needed && !options.allowTruncated {
            throw ImageError.truncated("PNM raster is truncated: \(available) bytes present, at least \(needed) needed")
        }
        try buffer.reshape(width: header.width, height: header.height, format: header.pixelFormat)
        try PNMRaster.read(header, from: data, into: &buffer, allowTruncated: options.allowTruncated)
        var metadata = header.metadata
        if available < needed { metadata.outcome = .partial(missingRows: nil) }
        return metadata
    }

    private func header(_ data: [UInt8], limits: Limits) throws(ImageError) -> PNMHeader {
        let header = try PNMHeader.parse(data)
        try limits.check(width: header.width, height: header.height, format: header.pixelFormat)
        return header
    }
}
