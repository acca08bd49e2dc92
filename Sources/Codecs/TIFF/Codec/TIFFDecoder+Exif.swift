import ImageKernel

/// A TIFF page's EXIF as `ImageMetadata.exif`: the block JPEG's APP1, PNG's eXIf and WebP's EXIF chunk
/// hold, built from the tags libtiff reads.
extension TIFFDecoder {
    /// The IFD0 tags the EXIF block holds: Orientation and the descriptive tags the encoder writes back from a block
    /// (``TIFFExifEntries/primaryTags``: ImageDescription, Make, Model, the resolution, Software, DateTime, Artist,
    /// HostComputer, Copyright). The tags that describe the pixel layout stay out.
    static let exifPrimaryTags: [UInt16] = (TIFFExifEntries.primaryTags.union([0x0112])).sorted().map { UInt16($0) }

    /// The key of `ImageMetadata.properties` saying why a page's EXIF was not read (an Exif or GPS
    /// sub-IFD out of range, unreadable, looping back to a directory already read, or values over
    /// `Limits/maxMetadataBytes`: `exif` is then `nil`), or that unreadable entries were left out of it (a count
    /// or an offset past the end of the file: the rest is kept, as Pillow keeps it).
    public static let exifWarningKey = "tiff.exifWarning"

    /// The warning a decode of a TIFF recorded in `metadata` about its EXIF, if any.
    public static func exifWarning(in metadata: ImageMetadata) -> ImagoWarning? {
        metadata.properties[exifWarningKey].map { ImagoWarning($0) }
    }

    /// Sets `metadata.exif` to the current page's EXIF block (little-endian): IFD0 with the ``exifPrimaryTags`` the
    /// page has, and the Exif and GPS sub-IFDs' entries once libtiff has read the sub-IFDs, every value as the file
    /// stores it (as Pillow's `getexif` reads them: also an entry libtiff ignores for its type). Nothing when the page has
    /// none of them; a warning (``exifWarningKey``) and no block when they cannot be read within the limits. Leaves
    /// no page current.
    static func attachExif(_ file: borrowing TIFFFile, to metadata: inout ImageMetadata, limits: Limits) {
        switch file.exifEntries(primaryTags: exifPrimaryTags, maxBytes: limits.maxMetadataBytes) {
        case .failure(let failure):
            metadata.properties[exifWarningKey] = "TIFF EXIF not read: \(failure.message)"
        case .success(let (entries, skipped)):
            if skipped > 0 {
                metadata.properties[exifWarningKey] =
                    "TIFF EXIF: \(skipped) entries left out (their values lie outside the file)"
            }
            guard !entries.isEmpty else { return }
            guard let block = ExifDirectory.littleEndianBlock(entries), block.count <= limits.maxMetadataBytes else {
                metadata.properties[exifWarningKey] =
                    "TIFF EXIF not read: the block exceeds the metadata limit of \(limits.maxMetadataBytes) bytes"
                return
            }
            metadata.exif = block
        }
    }
}
