import ImageKernel

/// JPEG-specific encoder settings; set them with `EncodeOptions.set(_:)`.
///
/// The defaults are Pillow's: 4:2:0 chroma subsampling, baseline, standard Huffman tables.
public struct JPEGEncodeOptions: CodecOptions, Hashable {
    /// Chroma subsampling of an RGB image.
    public enum Subsampling: String, Sendable, Hashable, CaseIterable {
        /// No chroma subsampling.
        case s444 = "4:4:4"
        /// Chroma halved horizontally.
        case s422 = "4:2:2"
        /// Chroma halved both ways (the default, as in Pillow and libjpeg).
        case s420 = "4:2:0"
        /// Write a one-component grayscale JPEG from RGB input (libjpeg's RGB to luma conversion).
        case gray

        /// Luma sampling factors (horizontal, vertical).
        var lumaFactors: (Int32, Int32) {
            switch self {
            case .s444, .gray: (1, 1)
            case .s422: (2, 1)
            case .s420: (2, 2)
            }
        }
    }

    /// Chroma subsampling for RGB input (ignored for gray and CMYK, which are never subsampled).
    public var subsampling: Subsampling
    /// Write a progressive JPEG (libjpeg's simple progression; Huffman tables are then always optimised).
    public var progressive: Bool
    /// Compute optimal Huffman tables (a second pass; smaller files).
    public var optimizeHuffman: Bool

    /// JPEG settings; the defaults (4:2:0, baseline, standard Huffman tables) are Pillow's and libjpeg's.
    public init(subsampling: Subsampling = .s420, progressive: Bool = false, optimizeHuffman: Bool = false) {
        self.subsampling = subsampling
        self.progressive = progressive
        self.optimizeHuffman = optimizeHuffman
    }
}
