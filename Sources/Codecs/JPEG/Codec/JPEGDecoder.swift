import CJPEGShim
import ImageKernel

/// Decodes JPEG (baseline, progressive, arithmetic; gray, YCbCr, RGB, CMYK, YCCK) through libjpeg-turbo.
///
/// Pixels are bit-identical to `djpeg` defaults and to Pillow (ISLOW IDCT, fancy upsampling):
/// 1 component gives `gray8`, 3 give `rgb8`, 4 give **plain** `cmyk8` (Adobe-inverted CMYK, as Pillow always
/// reads JPEG CMYK, is inverted back, so 0 = no ink). 12-bit and lossless JPEGs throw `unsupported`.
/// A truncated file throws `truncated` unless `DecodeOptions/allowTruncated` is set, as in Pillow.
/// `DecodeOptions/scale` selects DCT-domain scaling by M/8 (the smallest M/8 at least the requested factor).
/// `DecodeOptions/inverseDCT` `.fast` selects libjpeg's IFAST transform (TensorFlow's default), and
/// `DecodeOptions/preferredLayout` `.gray` makes libjpeg output gray for a 3-component file.
public struct JPEGDecoder: BufferReusingDecoder {
    /// A decoder; it keeps no state, so one value can serve every thread.
    public init() {}

    /// Reads the markers up to the first scan with libjpeg's `jpeg_read_header`: size, components, ICC, EXIF
    /// (orientation) and XMP, no pixels. A truncated header throws `ImageError/Kind/truncated`; a size over `limits`
    /// throws `ImageError/Kind/limitExceeded`.
    public func probe(_ data: [UInt8], limits: Limits) throws -> ImageMetadata {
        try data.withUnsafeBufferPointer { buffer throws(ImageError) in
            let session = try JPEGDecodeSession(buffer, limits: limits, allowTruncated: true)
            try session.readHeader()
            let result = try metadata(session, limits: limits, width: Int(session.info.width), height: Int(session.info.height))
            // As every other codec's probe: a header over the limits is refused here, not at decode time.
            try limits.check(width: result.width, height: result.height, format: result.pixelFormat)
            return result
        }
    }

    /// Reads the header through a growing prefix of `source` (`PrefixProbe`): the header sits at the start of
    /// the file and a header cut short throws, so a large file is read only as far as its header.
    public func probe(_ source: any ByteSource, limits: Limits) throws -> ImageMetadata {
        try PrefixProbe.probe(source) { try probe($0, limits: limits) }
    }


    /// Decodes straight into `buffer`'s storage (reshaped to the output size; reused when unshared and large
    /// enough). On error the buffer's contents are unspecified.
    public func decode(_ data: [UInt8], options: DecodeOptions, into buffer: inout ImageBuffer) throws -> ImageMetadata {
        guard options.frameIndex == 0 else {
            throw ImageError.invalidArgument("a JPEG has one frame; frame \(options.frameIndex) does not exist")
        }
        let eighths = try Self.dctScaleNumerator(for: options.scale)
        return try data.withUnsafeBufferPointer { input throws(ImageError) -> ImageMetadata in
            let session = try JPEGDecodeSession(input, limits: options.limits, allowTruncated: options.allowTruncated)
            try session.readHeader()
            try options.limits.check(width: Int(session.info.width), height: Int(session.info.height),
                                     format: try JPEGHeader(info: session.info).pixelFormat)
            try session.setScale(eighths)
            try session.setOutput(fastDCT: options.inverseDCT == .fast, grayscale: options.preferredLayout == .gray)
            let width = Int(session.info.output_width), height = Int(session.info.output_height)
            var result = try metadata(session, limits: options.limits, width: width, height: height)
            if session.info.output_components == 1 { result.pixelFormat = .gray8 }
            // libjpeg writes every byte of every row, so new storage need not be zeroed first. Placed so that
            // libjpeg-turbo writes the rows through the cache rather than with non-temporal stores
            // (`PixelStorage.Placement.cachedStores`): the pixels are usually read again at once.
            try buffer.reshape(width: width, height: height, format: result.pixelFormat, limits: options.limits, zeroed: false,
                               placement: .cachedStores)
            let stride = buffer.rowStride
            try buffer.withUnsafeMutableBytes { (bytes: UnsafeMutableRawBufferPointer) throws(ImageError) in
                try session.decode(into: bytes, rowStride: stride, invert: result.pixelFormat == .cmyk8)
            }
            if session.warningCount > 0 {
                // Damage libjpeg concealed (as Pillow does, silently): reported, never printed.
                result.properties["jpeg.warnings"] = "\(session.warningCount)"
                result.properties["jpeg.lastWarning"] = session.message
            }
            return result
        }
    }

    /// The M of the DCT scale M/8 used for a requested factor: the smallest M with M/8 >= factor, within 1...8.
    /// The decoded size is then `ceil(width * M / 8)` x `ceil(height * M / 8)`.
    public static func dctScaleNumerator(for scale: DecodeScale) throws(ImageError) -> Int {
        guard scale.numerator > 0, scale.denominator > 0 else {
            throw .invalidArgument("decode scale \(scale.numerator)/\(scale.denominator) must be positive")
        }
        if scale.numerator >= scale.denominator { return 8 }
        let (eightTimes, overflow) = scale.numerator.multipliedReportingOverflow(by: 8)
        if overflow { return min(8, max(1, Int((8 * Double(scale.numerator) / Double(scale.denominator)).rounded(.up)))) }
        return min(8, max(1, eightTimes / scale.denominator + (eightTimes % scale.denominator == 0 ? 0 : 1)))
    }

    private func metadata(_ session: JPEGDecodeSession, limits: Limits, width: Int, height: Int) throws(ImageError) -> ImageMetadata {
        let header = JPEGHeader(info: session.info)
        let segments = session.segments()
        let exif = JPEGMarkers.exif(in: segments)
        let icc = JPEGMarkers.iccProfile(in: segments)
        let xmp = JPEGMarkers.xmp(in: segments)
        if let xmp { try limits.check(metadataBytes: xmp.count, name: "JPEG XMP packet") }
        if let exif { try limits.check(metadataBytes: exif.count, name: "JPEG EXIF") }
        if let icc { try limits.check(metadataBytes: icc.count, name: "JPEG ICC profile") }
        return ImageMetadata(
            format: .jpeg,
            width: width,
            height: height,
            pixelFormat: try header.pixelFormat,
            nativeDescription: header.nativeDescription,
            orientation: exif.flatMap { Exif.orientation(in: $0) } ?? .topLeft,
            iccProfile: icc,
            exif: exif,
            xmp: xmp,
            properties: header.properties)
    }
}

