import CTIFFShim
import ImageKernel

/// Decodes TIFF with libtiff, from memory: strips and tiles, contiguous and planar, II/MM, BigTIFF, every
/// compression the system libtiff offers, and multi-page files.
///
/// The pixel format per page is described in `TIFFPagePlan` (Pillow's native modes, with 16-bit kept at
/// 16 bits). libtiff's errors and warnings are captured per handle and never printed; its allocations are
/// bounded by `Limits/maxBytes`; the page size is checked against the limits before the pixel buffer exists.
/// The orientation tag, ICC profile, XMP, resolution and text tags are reported as metadata (never applied), and the
/// EXIF-relevant IFD0 tags with the Exif and GPS sub-IFDs as an EXIF block (`ImageMetadata/exif`, see
/// ``exifWarningKey``).
///
/// Note for Keras/Pillow parity: Pillow's TIFF plugin *does* apply the Orientation tag when it loads a TIFF
/// (`ImageOps.exif_transpose` in `TiffImageFile.load_end`), so a Pillow-exact `load_img` must apply
/// `ImageMetadata/orientation` to TIFF pixels (unlike JPEG, where Pillow ignores EXIF orientation).
/// `DecodeOptions/scale` does not apply to TIFF (the full page is decoded).
public struct TIFFDecoder: BufferReusingDecoder {
    /// Decode the kinds Pillow 13 reads differently from what the file means as Pillow holds them (16-bit MinIsWhite
    /// not inverted, unsigned 32-bit wrapped to int32, 16-bit associated alpha un-premultiplied from the high bytes,
    /// uncompressed YCbCr and CIELab as their raw samples), for Keras's `load_img`; off by default. The metadata property
    /// `tiff.pillowMode` then names Pillow's mode where the pixel format alone does not say it (`YCbCr`, `LAB`).
    public var pillowCompatible: Bool

    /// The source size in bytes from which ``decode(_:options:)`` with a source reads by random access; smaller sources
    /// are read whole and decoded from memory. Default 64 KiB: an uncompressed strip is then read in one `pread`
    /// straight into the pixels (measured, CPU time per decode of a 640x427 RGB TIFF: 0.077 ms by random access,
    /// 0.133 ms read whole; LZW and Deflate the same either way).
    public var randomAccessThreshold = 64 << 10

    /// A decoder; `pillowCompatible` as described at ``pillowCompatible``.
    public init(pillowCompatible: Bool = false) {
        self.pillowCompatible = pillowCompatible
    }

    /// Reads the header and every directory of an in-memory file, never the strips or tiles: the first page's size,
    /// pixel format and tags, and the page count, checked against `limits`.
    public func probe(_ data: [UInt8], limits: Limits) throws -> ImageMetadata {
        try Self.requireSignature(data)
        return try TIFFFile.open(data, limits: limits) { file throws(ImageError) in
            try Self.probe(file, limits: limits, pillowCompatible: pillowCompatible)
        }
    }

    /// Reads the header and the directories through `source` by random access (libtiff seeks to each IFD, wherever
    /// it is, and reads the tags' values), never the strips or tiles: kilobytes of a file of any size, with its
    /// IFD at the start or at the end.
    public func probe(_ source: any ByteSource, limits: Limits) throws -> ImageMetadata {
        try Self.requireSignature(try source.bytes(at: 0, count: 8))
        return try TIFFFile.open(reading: source, limits: limits) { file throws(ImageError) in
            try Self.probe(file, limits: limits, pillowCompatible: pillowCompatible)
        }
    }

    private static func probe(_ file: borrowing TIFFFile, limits: Limits, pillowCompatible: Bool) throws(ImageError) -> ImageMetadata {
        let count = file.pageCount
        try limits.check(frameCount: count)
        let page = try file.select(0)
        let plan = try TIFFPagePlan(page, pillowCompatible: pillowCompatible)
        try limits.check(width: Int(page.width), height: Int(page.height), format: plan.format)
        var metadata = try metadata(file, page: page, plan: plan, pageCount: count, limits: limits)
        attachExif(file, to: &metadata, limits: limits)
        return metadata
    }


    /// Decodes page `DecodeOptions/frameIndex` (default the first) into `buffer`, reusing its storage when it is
    /// unshared and large enough, and returns the page's metadata.
    /// - Throws: `ImageError/Kind/invalidArgument` for a page that does not exist, `ImageError/Kind/limitExceeded`
    ///   for a page or page count over the limits, `ImageError/Kind/corrupt` or `ImageError/Kind/truncated` with
    ///   libtiff's message for a damaged file, `ImageError/Kind/unsupported` for a layout libtiff cannot read.
    public func decode(_ data: [UInt8], options: DecodeOptions, into buffer: inout ImageBuffer) throws -> ImageMetadata {
        try Self.requireSignature(data)
        return try TIFFFile.open(data, limits: options.limits, chopStrips: options.allowTruncated) { file throws(ImageError) in
            try decodeSelected(file, options: options, into: &buffer)
        }
    }

    /// Decodes page `options.frameIndex` of an open file.
    private func decodeSelected(_ file: borrowing TIFFFile, options: DecodeOptions,
                                into buffer: inout ImageBuffer) throws(ImageError) -> ImageMetadata {
        let count = file.pageCount
        try options.limits.check(frameCount: count)
        guard options.frameIndex >= 0, options.frameIndex < max(count, 1) else {
            throw .invalidArgument("page \(options.frameIndex) does not exist (the TIFF has \(count))")
        }
        return try decodePage(file, index: options.frameIndex, pageCount: count, options: options, into: &buffer)
    }

    /// Decodes through `source` by random access: the header and directories, then each strip or tile read where it
    /// is (an uncompressed strip straight into the pixel buffer: the file is not read into memory first). A source
    /// under ``randomAccessThreshold`` bytes is read whole and decoded from memory (fewer calls for small files).
    public func decode(_ source: any ByteSource, options: DecodeOptions) throws -> DecodedImage {
        if source.count < randomAccessThreshold { return try decode(try source.allBytes(), options: options) }
        try Self.requireSignature(try source.bytes(at: 0, count: 8))
        var buffer = try ImageBuffer(width: 0, height: 0, format: .gray8)
        let metadata = try TIFFFile.open(reading: source, limits: options.limits,
                                         chopStrips: options.allowTruncated) { file throws(ImageError) in
            try decodeSelected(file, options: options, into: &buffer)
        }
        return DecodedImage(image: buffer, metadata: metadata)
    }

    /// Every page, in order. Checks the page count and the sum of the page buffers against the limits first.
    public func decodeFrames(_ data: [UInt8], options: DecodeOptions) throws -> [DecodedImage] {
        try Self.requireSignature(data)
        return try TIFFFile.open(data, limits: options.limits, chopStrips: options.allowTruncated) { file throws(ImageError) in
            let count = file.pageCount
            try options.limits.check(frameCount: count)
            var total = 0
            for index in 0..<count {
                let page = try file.select(index)
                let plan = try TIFFPagePlan(page, pillowCompatible: pillowCompatible)
                total += try options.limits.check(width: Int(page.width), height: Int(page.height), format: plan.format)
                if total > options.limits.maxTotalBytes {
                    throw .limitExceeded("all \(count) pages in bytes", value: total, maximum: options.limits.maxTotalBytes)
                }
            }
            var pages: [DecodedImage] = []
            for index in 0..<count {
                var buffer = try ImageBuffer(width: 0, height: 0, format: .gray8)
                let metadata = try decodePage(file, index: index, pageCount: count, options: options, into: &buffer)
                pages.append(DecodedImage(image: buffer, metadata: metadata))
            }
            return pages
        }
    }

    private func decodePage(_ file: borrowing TIFFFile, index: Int, pageCount: Int, options: DecodeOptions,
                                   into buffer: inout ImageBuffer) throws(ImageError) -> ImageMetadata {
        let page = try file.select(index)
        let plan = try TIFFPagePlan(page, pillowCompatible: pillowCompatible)
        // With the codecs that write every byte of a strip or tile or report an error (none, LZW, Deflate, PackBits;
        // a strip that fails is zero-filled or fails the decode), the sample route writes every byte, so new storage
        // is not zero-filled first. Others (JPEG on a damaged strip) can succeed having written less, and the RGBA
        // route leaves rows libtiff could not render: those start from zeros.
        let samples = if case .samples = plan.route { true } else { false }
        let writesEveryByte = samples && [1, 5, 8, 32946, 32773].contains(Int(page.compression))
        try buffer.reshape(width: Int(page.width), height: Int(page.height), format: plan.format, limits: options.limits,
                           zeroed: !writesEveryByte)
        var metadata = try Self.metadata(file, page: page, plan: plan, pageCount: pageCount, limits: options.limits)
        if file.isIncomplete {
            // A tag whose value lies past the end of the data was skipped (as Pillow skips it); say so.
            metadata.properties["tiff.skippedTags"] = file.message
        }
        if try file.decode(plan, into: &buffer, options: options) {
            metadata.outcome = .partial(missingRows: nil)
            metadata.properties["tiff.partial"] = "true"  // the pre-DecodeOutcome key, for one release
        }
        // After the pixels: reading the sub-IFDs leaves the page's directory no longer current.
        Self.attachExif(file, to: &metadata, limits: options.limits)
        return metadata
    }

    private static func requireSignature(_ data: [UInt8]) throws(ImageError) {
        guard TIFF.format.matches(data) else { throw .unknownFormat("not a TIFF file (no II*/MM* signature)") }
    }

    /// ASCII tags reported as text entries: (tag, key).
    static let textTags: [(UInt32, String)] = [
        (269, "DocumentName"), (270, "ImageDescription"), (271, "Make"), (272, "Model"), (285, "PageName"),
        (305, "Software"), (306, "DateTime"), (315, "Artist"), (316, "HostComputer"), (33432, "Copyright"),
    ]

    private static func metadata(_ file: borrowing TIFFFile, page: ImagoTIFFPage, plan: TIFFPagePlan, pageCount: Int,
                                 limits: Limits) throws(ImageError) -> ImageMetadata {
        var metadata = ImageMetadata(
            format: .tiff, width: Int(page.width), height: Int(page.height), pixelFormat: plan.format,
            nativeDescription: plan.description, frameCount: max(pageCount, 1),
            orientation: Orientation(rawValue: Int(page.orientation)) ?? .topLeft)
        if page.icc_size > 0 {
            try limits.check(metadataBytes: Int(page.icc_size), name: "TIFF ICC profile")
            metadata.iccProfile = file.iccProfile
        }
        if page.xmp_size > 0 {
            try limits.check(metadataBytes: Int(page.xmp_size), name: "TIFF XMP packet")
            metadata.xmp = file.xmp
        }
        if page.has_resolution != 0, page.x_resolution.isFinite, page.y_resolution.isFinite {
            let unit: Resolution.Unit = switch page.resolution_unit { case 2: .inch; case 3: .centimeter; default: .unknown }
            metadata.resolution = Resolution(x: Double(page.x_resolution), y: Double(page.y_resolution), unit: unit)
        }
        for (tag, key) in textTags {
            if let value = file.text(tag), !value.isEmpty {
                try limits.check(metadataBytes: value.utf8.count, name: "TIFF \(key) tag")
                metadata.text.append(TextEntry(key: key, value: value))
            }
        }
        metadata.properties["tiff.compression"] = TIFFPagePlan.compressionName(page.compression)
        metadata.properties["tiff.photometric"] = String(page.photometric)
        metadata.properties["tiff.bitsPerSample"] = String(page.bits_per_sample)
        metadata.properties["tiff.samplesPerPixel"] = String(page.samples_per_pixel)
        // What a Pillow-exact caller needs to reproduce Pillow's modes: byte order (Pillow's I;16 vs I;16B behave
        // differently under Keras's grayscale rule) and whether float32 pixels came from integer (Pillow `I`) or
        // floating-point (Pillow `F`) samples.
        metadata.properties["tiff.byteOrder"] = page.big_endian != 0 ? "MM" : "II"
        metadata.properties["tiff.sampleFormat"] = [1: "uint", 2: "int", 3: "float"][Int(page.sample_format)] ?? String(page.sample_format)
        if page.bigtiff != 0 { metadata.properties["tiff.bigtiff"] = "true" }
        if let mode = plan.pillowMode { metadata.properties["tiff.pillowMode"] = mode }
        return metadata
    }
}
