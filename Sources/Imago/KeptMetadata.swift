import ImageKernel
import Registry
import TIFFCodec

/// Turning decoded photos upright by their EXIF orientation (opt-in, not Keras).
extension DecodedImage {
    /// **Opt-in, not Keras.** The image turned upright as Pillow's `ImageOps.exif_transpose` does, with its metadata
    /// saying orientation 1 (EXIF and XMP patched in place, width and height of the turned image).
    ///
    /// The orientation is IFD0's EXIF Orientation (from the EXIF block, or a PNG's "Raw profile type exif" text as
    /// Pillow reads it), else an XMP `tiff:Orientation`, else (a TIFF decoded through the
    /// registry) the TIFF tag; values outside 1...8 (0, 9...) turn nothing, as in Pillow.
    public func upright() throws -> DecodedImage {
        var result = self
        let exif = metadata.exif ?? Exif.rawProfile(in: metadata.text)
        let value = Exif.orientationValue(exif: exif, xmp: metadata.xmp) ?? metadata.orientation.rawValue
        guard let orientation = Orientation(rawValue: value), orientation != .topLeft else { return result }
        result.image = try ApplyOrientation(orientation).apply(image)
        result.metadata.width = result.image.width
        result.metadata.height = result.image.height
        result.metadata.orientation = .topLeft
        result.metadata.exif = exif.map { Exif.resettingOrientation(exif: $0) }
        result.metadata.xmp = metadata.xmp.map { Exif.resettingOrientation(xmp: $0) }
        return result
    }
}

/// Keeping a source file's ICC profile, EXIF and XMP when saving.
extension EncodeOptions {
    /// Carries the ICC profile, EXIF block and XMP packet of `metadata` into these options (values already set here
    /// win). Encoders embed what their format can hold: JPEG, PNG and WebP all three as blocks; TIFF the ICC profile,
    /// the XMP, the orientation as its Orientation tag and the EXIF block as native tags (IFD0's descriptive tags and
    /// Exif and GPS sub-IFDs, see `TIFFEncoder`).
    ///
    /// An ICC profile whose colour space (header bytes 16...19) does not match `pixelFormat` (e.g. a CMYK profile on
    /// pixels converted to RGB) is not carried: it would mislabel the colours.
    public mutating func keepMetadata(of metadata: ImageMetadata, for pixelFormat: PixelFormat? = nil) {
        if iccProfile == nil, let icc = metadata.iccProfile, pixelFormat.map({ ICCProfile.matches(icc, $0) }) ?? true {
            iccProfile = icc
        }
        if exif == nil { exif = metadata.exif }
        if xmp == nil { xmp = metadata.xmp }
        // TIFF writes the orientation as its own Orientation tag (never from the EXIF block's IFD0).
        var tiff = codecOptions(TIFFEncodeOptions.self) ?? TIFFEncodeOptions()
        let orientation = Exif.orientationValue(exif: metadata.exif, xmp: metadata.xmp).flatMap(Orientation.init(rawValue:))
            ?? metadata.orientation
        if tiff.orientation == nil, orientation != .topLeft {
            tiff.orientation = orientation
            set(tiff)
        }
    }

    /// What keeping `exif` loses in a file of `format`: a TIFF stores the EXIF block as tags parsed from it, so a
    /// block without a readable TIFF header is dropped (JPEG, PNG and WebP carry the bytes as they are).
    public func keptMetadataWarnings(for format: FormatID) -> [ImagoWarning] {
        guard format == .tiff, let exif, !exif.isEmpty, ExifDirectory(exif) == nil else { return [] }
        return [ImagoWarning("the EXIF block is unreadable (no valid TIFF header); not kept in the TIFF")]
    }
}

/// Saves an image as ``saveImage(_:_:fileFormat:options:registry:)`` does, carrying the ICC profile, EXIF and XMP
/// of `source` (usually the image itself, as loaded) into formats that hold them (see
/// ``ImageKernel/EncodeOptions/keepMetadata(of:for:)``). Not Keras: `save_img` writes no metadata.
@discardableResult
public func saveImage(
    _ path: String,
    _ image: KerasImage,
    keepingMetadataOf source: KerasImage,
    fileFormat: String? = nil,
    options: EncodeOptions = .default,
    registry: FormatRegistry = .standard
) throws -> [ImagoWarning] {
    var options = options
    if let metadata = source.metadata { options.keepMetadata(of: metadata, for: image.buffer.format) }
    let format = try? registry.encodingFormat(path: path, explicit: fileFormat.map { FormatID($0) })
    let lost = format.map { options.keptMetadataWarnings(for: $0.id) } ?? []
    return try saveImage(path, image, fileFormat: fileFormat, options: options, registry: registry) + lost
}
