/// Whether a decode produced every pixel from the file: the typed flag every codec sets on
/// ``ImageMetadata/outcome``, in place of the codec-specific properties `png.truncatedRows`, `tiff.partial` and
/// `webp.partial` (still written for one release; see CHANGELOG.md).
///
/// A partial decode happens only when ``DecodeOptions/allowTruncated`` is set (Pillow's `LOAD_TRUNCATED_IMAGES`);
/// otherwise the same file throws ``ImageError/Kind/truncated``. A probe always reports ``complete``.
public enum DecodeOutcome: Sendable, Hashable {
    /// Every pixel came from the file.
    case complete
    /// The data ended or broke before the image did; the pixels it did not reach are filled as the codec documents
    /// (zero for PNG, WebP, PNM and TIFF). `missingRows` counts the rows not decoded when the codec knows it.
    case partial(missingRows: Int?)

    /// Whether pixels are missing.
    public var isPartial: Bool {
        if case .partial = self { return true }
        return false
    }
}
