import CTIFFShim
import ImageKernel

/// Encodes TIFF with libtiff into memory: 8-bit, 16-bit and float32 samples; gray, gray+alpha, RGB, RGBA
/// (unassociated alpha, ExtraSamples 2) and CMYK (plain, InkSet CMYK); none, LZW, Deflate, PackBits or JPEG
/// (8-bit gray/RGB only) compression with an optional predictor; ICC profile, XMP, orientation, resolution and
/// text tags; the EXIF block as native tags (its descriptive IFD0 tags in the first page's directory, its Exif and
/// GPS sub-IFDs as directories of their own, written as described in the README); several pages with ``encodeFrames(_:options:)``.
public struct TIFFEncoder: ImageEncoder {
    /// An encoder; it keeps no state, so one value can serve every thread.
    public init() {}

    /// Every pixel format of the kernel: TIFF stores each of them.
    public var supportedPixelFormats: Set<PixelFormat> { Set(PixelFormat.all) }

    /// The bytes of a complete single-page TIFF (``encodeFrames(_:options:)`` with one page).
    /// - Parameters:
    ///   - image: the page.
    ///   - options: the JPEG quality, Deflate level, ICC profile, XMP, resolution and text tags, and
    ///     ``TIFFEncodeOptions`` (compression, predictor, BigTIFF, orientation).
    /// - Throws: `ImageError/Kind/unsupported` for JPEG compression of a format other than `gray8`/`rgb8`,
    ///   `ImageError/Kind/invalidArgument` for a Deflate level or predictor that does not apply,
    ///   `ImageError/Kind/encodeFailed` with libtiff's message when libtiff fails (it never prints).
    public func encode(_ image: ImageBuffer, options: EncodeOptions) throws -> [UInt8] {
        try encodeFrames([image], options: options)
    }

    /// Encodes `pages` as one multi-page TIFF (one IFD per page, `PageNumber` tags when more than one).
    /// Every page gets the same options; pages may differ in size and pixel format.
    public func encodeFrames(_ pages: [ImageBuffer], options: EncodeOptions = .default) throws -> [UInt8] {
        guard !pages.isEmpty else { throw ImageError.invalidArgument("a TIFF needs at least one page") }
        guard pages.count <= 65535 else { throw ImageError.invalidArgument("a TIFF can hold at most 65535 pages here") }
        let specific = options.codecOptions(TIFFEncodeOptions.self) ?? TIFFEncodeOptions()
        let quality = try options.validatedQuality(default: 75)
        if let level = options.compressionLevel, !(1...9).contains(level) {
            throw ImageError.invalidArgument("Deflate level \(level) is outside 1...9")
        }
        let icc = options.iccProfile ?? []
        let xmp = options.xmp ?? []
        guard icc.count <= Int(UInt32.max), xmp.count <= Int(UInt32.max) else {
            throw ImageError.invalidArgument("ICC profile or XMP packet too large for a TIFF tag")
        }
        let job = WriteJob(pages: pages, options: options, specific: specific, quality: quality, icc: icc, xmp: xmp,
                           exif: TIFFExifEntries(options.exif))
        // Uncompressed: the file is written straight into the array returned (no copy of the whole file at the end),
        // sized from the pixels and the tags; should it not fit, the growable buffer below writes it instead.
        if specific.compression == .none, let capacity = job.uncompressedCapacity() {
            var overflowed = false
            let bytes = try [UInt8](unsafeUninitializedCapacity: capacity) { buffer, count in
                var writer: OpaquePointer?
                let created = imago_tiff_writer_new_into(specific.bigTIFF ? 1 : 0, buffer.baseAddress, capacity, &writer)
                defer { imago_tiff_writer_free(writer) }
                try created.check("creating the writer", message: shimString(imago_tiff_writer_message(writer)))
                do {
                    count = try job.write(into: writer).count
                } catch where imago_tiff_writer_overflowed(writer) != 0 {
                    overflowed = true
                }
            }
            if !overflowed { return bytes }
        }
        var writer: OpaquePointer?
        let created = imago_tiff_writer_new(specific.bigTIFF ? 1 : 0, &writer)
        defer { imago_tiff_writer_free(writer) }
        try created.check("creating the writer", message: shimString(imago_tiff_writer_message(writer)))
        return Array(try job.write(into: writer))
    }

    /// The pages and options of one encode, written into a writer.
    private struct WriteJob {
        var pages: [ImageBuffer]
        var options: EncodeOptions
        var specific: TIFFEncodeOptions
        var quality: Int
        var icc: [UInt8]
        var xmp: [UInt8]
        var exif: TIFFExifEntries

        /// A size no uncompressed file of these pages can exceed: the packed pixels, the metadata, and per page room
        /// for the directory, its strip offsets and byte counts (at most one strip a row, 8 bytes each in BigTIFF).
        func uncompressedCapacity() -> Int? {
            let text = options.text.reduce(0) { $0 + $1.value.utf8.count + 16 }
            var total = 16 + exif.storageBound
            for page in pages {
                let (pixels, o1) = page.packedRowBytes.multipliedReportingOverflow(by: page.height)
                let (rows, o2) = page.height.multipliedReportingOverflow(by: 16)
                guard !o1, !o2 else { return nil }
                let (sum, o3) = total.addingReportingOverflow(pixels + rows + icc.count + xmp.count + text + 4096)
                guard !o3 else { return nil }
                total = sum
            }
            return total
        }

        /// Writes every page and finishes the file; the bytes stay owned by `writer` (or are its fixed buffer).
        func write(into writer: OpaquePointer?) throws(ImageError) -> UnsafeBufferPointer<UInt8> {
            let strings = TextTags(options.text)
            defer { strings.free() }
            for (index, page) in pages.enumerated() {
                guard page.width > 0, page.height > 0, page.width <= Int(UInt32.max), page.height <= Int(UInt32.max) else {
                    throw ImageError.invalidArgument("page \(index) has size \(page.width)x\(page.height)")
                }
                var spec = try TIFFEncoder.spec(page, compression: specific.compression, predictor: specific.predictor,
                                                quality: quality, level: options.compressionLevel ?? -1)
                spec.page_index = Int32(index)
                spec.orientation = UInt16(specific.orientation?.rawValue ?? 0)
                spec.page_count = Int32(pages.count)
                if let resolution = options.resolution {
                    spec.has_resolution = 1
                    spec.x_resolution = Float(resolution.x)
                    spec.y_resolution = Float(resolution.y)
                    spec.resolution_unit = switch resolution.unit { case .inch: 2; case .centimeter: 3; default: 1 }
                }
                strings.apply(to: &spec)
                // The EXIF block describes the photo: the first page carries it.
                let status = (index == 0 ? exif : TIFFExifEntries(nil)).withCEntries { entries, entryCount in
                    icc.withUnsafeBufferPointer { profile in
                        xmp.withUnsafeBufferPointer { packet in
                            page.withUnsafeBytes { pixels in
                                spec.icc = profile.baseAddress
                                spec.icc_size = UInt32(profile.count)
                                spec.xmp = packet.baseAddress
                                spec.xmp_size = UInt32(packet.count)
                                spec.exif = entries
                                spec.exif_count = entryCount
                                return imago_tiff_writer_add(writer, &spec, pixels.baseAddress?.assumingMemoryBound(to: UInt8.self), page.rowStride)
                            }
                        }
                    }
                }
                try status.check("writing page \(index)", message: shimString(imago_tiff_writer_message(writer)))
            }
            var bytes: UnsafePointer<UInt8>?
            var size = 0
            try imago_tiff_writer_finish(writer, &bytes, &size).check("finishing the file", message: shimString(imago_tiff_writer_message(writer)))
            return UnsafeBufferPointer(start: bytes, count: size)
        }
    }

    /// The page's tag values, with the options validated against its pixel format.
    static func spec(_ page: ImageBuffer, compression: TIFFEncodeOptions.Compression, predictor: TIFFEncodeOptions.Predictor,
                     quality: Int, level: Int) throws(ImageError) -> ImagoTIFFPageSpec {
        let format = page.format
        if compression == .jpeg, format != .gray8, format != .rgb8 {
            throw .unsupported("TIFF JPEG compression writes gray8 or rgb8, not \(format)")
        }
        var spec = ImagoTIFFPageSpec()
        spec.width = UInt32(page.width)
        spec.height = UInt32(page.height)
        spec.channels = UInt16(format.channelCount)
        spec.sample_type = switch format.sampleType { case .uint8: 0; case .uint16: 1; case .float32: 2 }
        spec.photometric = switch format.layout { case .gray, .grayAlpha: 1; case .rgb, .rgba: 2; case .cmyk: 5 }
        spec.extra_alpha = format.hasAlpha ? 1 : 0
        spec.compression = compression.tag
        spec.jpeg_quality = Int32(quality)
        spec.deflate_level = Int32(level)
        let predictable = compression == .lzw || compression == .deflate
        switch predictor {
        case .none: spec.predictor = 1
        case .horizontal:
            guard predictable, format.sampleType != .float32 else {
                throw .invalidArgument("the horizontal predictor needs LZW or Deflate and integer samples")
            }
            spec.predictor = 2
        case .floatingPoint:
            guard predictable, format.sampleType == .float32 else {
                throw .invalidArgument("the floating-point predictor needs LZW or Deflate and float32 samples")
            }
            spec.predictor = 3
        case .automatic:
            spec.predictor = predictable ? (format.sampleType == .float32 ? 3 : 2) : 1
        }
        return spec
    }
}

/// The C library's `free`, named apart from ``TextTags/free()``.
private func releaseCString(_ pointer: UnsafeMutablePointer<CChar>?) {
    free(pointer)
}

/// C copies of the text entries that become TIFF ASCII tags, freed by ``free()``.
private struct TextTags {
    var description, software, artist, copyright, datetime: UnsafeMutablePointer<CChar>?

    init(_ entries: [TextEntry]) {
        for entry in entries {
            let copy = strdup(entry.value)
            switch entry.key.lowercased() {
            case "imagedescription", "description", "comment": releaseCString(description); description = copy
            case "software": releaseCString(software); software = copy
            case "artist": releaseCString(artist); artist = copy
            case "copyright": releaseCString(copyright); copyright = copy
            case "datetime": releaseCString(datetime); datetime = copy
            default: releaseCString(copy)
            }
        }
    }

    func apply(to spec: inout ImagoTIFFPageSpec) {
        spec.description = UnsafePointer(description)
        spec.software = UnsafePointer(software)
        spec.artist = UnsafePointer(artist)
        spec.copyright = UnsafePointer(copyright)
        spec.datetime = UnsafePointer(datetime)
    }

    func free() {
        for p in [description, software, artist, copyright, datetime] { releaseCString(p) }
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
