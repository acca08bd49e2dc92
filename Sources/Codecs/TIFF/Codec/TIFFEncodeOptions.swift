import ImageKernel

/// TIFF-specific encoder settings; set them with `EncodeOptions.set(_:)`.
///
/// The shared `EncodeOptions/quality` is the JPEG quality (default 75), `EncodeOptions/compressionLevel`
/// the Deflate level (1...9), `EncodeOptions/iccProfile` and `EncodeOptions/resolution` are written as tags,
/// and the text entries `ImageDescription`, `Software`, `Artist`, `Copyright` and `DateTime` become their tags.
public struct TIFFEncodeOptions: CodecOptions, Hashable {
    /// The compression scheme of every strip.
    public enum Compression: String, Sendable, Hashable, CaseIterable {
        /// Uncompressed (tag value 1), Pillow's default.
        case none
        /// LZW (5), lossless.
        case lzw
        /// Deflate/zlib (8, Adobe Deflate), lossless; its level is `EncodeOptions/compressionLevel`.
        case deflate
        /// PackBits run-length (32773), lossless.
        case packBits
        /// JPEG (7), lossy, 8-bit gray and RGB only; its quality is `EncodeOptions/quality`.
        case jpeg

        var tag: UInt16 {
            switch self {
            case .none: 1
            case .lzw: 5
            case .deflate: 8
            case .packBits: 32773
            case .jpeg: 7
            }
        }
    }

    /// The differencing applied before LZW or Deflate compression.
    public enum Predictor: String, Sendable, Hashable {
        /// No predictor.
        case none
        /// Horizontal differencing (TIFF predictor 2), for integer samples.
        case horizontal
        /// Floating-point predictor (TIFF predictor 3), for float32 samples.
        case floatingPoint
        /// `horizontal` for integer samples, `floatingPoint` for float32, when compressing with LZW or Deflate.
        case automatic
    }

    /// Default `none`, as Pillow's TIFF writer.
    public var compression: Compression
    /// Default `none`.
    public var predictor: Predictor
    /// Write BigTIFF (64-bit offsets) instead of classic TIFF.
    public var bigTIFF: Bool
    /// The Orientation tag (274) to write; `nil` writes none (readers then assume 1).
    public var orientation: Orientation?

    /// TIFF settings; the defaults write an uncompressed classic TIFF without a predictor or an Orientation tag.
    public init(compression: Compression = .none, predictor: Predictor = .none, bigTIFF: Bool = false) {
        self.compression = compression
        self.predictor = predictor
        self.bigTIFF = bigTIFF
    }
}
