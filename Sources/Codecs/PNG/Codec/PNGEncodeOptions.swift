import ImageKernel

/// PNG-specific encoding options; set them with `EncodeOptions.set(_:)`.
///
/// ```swift
/// var options = EncodeOptions(compressionLevel: 9)
/// options.set(PNGEncodeOptions(filter: .paeth, interlaced: true))
/// ```
public struct PNGEncodeOptions: CodecOptions, Hashable {
    /// The row filter written before compression.
    public enum Filter: Sendable, Hashable, CaseIterable {
        /// Filter type 0: bytes as they are.
        case none
        /// Filter type 1: the difference from the byte one pixel to the left.
        case sub
        /// Filter type 2: the difference from the byte above.
        case up
        /// Filter type 3: the difference from the mean of the left and upper bytes.
        case average
        /// Filter type 4: the difference from the Paeth predictor of the left, upper and upper-left bytes.
        case paeth
        /// libpng tries all five filters on every row and keeps the best (its default for 8/16-bit non-palette images).
        case adaptive
    }

    /// zlib level 0...9; overrides `EncodeOptions/compressionLevel`. Both `nil`: 6, as Pillow and libpng.
    public var compressionLevel: Int?
    /// The filter; `nil` is libpng's choice (adaptive for 8/16-bit gray/RGB images, none for palettes and sub-byte depths).
    public var filter: Filter?
    /// Write an Adam7-interlaced file.
    public var interlaced: Bool
    /// Write an indexed (palette) image: only for `rgb8`/`rgba8` images with at most 256 distinct colours
    /// (alpha goes into a tRNS chunk); the bit depth is the smallest that holds the palette (1, 2, 4 or 8).
    /// Any other image fails with `invalidArgument`.
    public var palette: Bool
    /// Compress text entries (zTXt, or compressed iTXt) instead of writing them plain.
    public var compressText: Bool

    /// PNG settings; the defaults are libpng's and Pillow's (level 6, libpng's filter choice, not interlaced,
    /// not a palette, plain text chunks).
    public init(compressionLevel: Int? = nil, filter: Filter? = nil, interlaced: Bool = false, palette: Bool = false,
                compressText: Bool = false) {
        self.compressionLevel = compressionLevel
        self.filter = filter
        self.interlaced = interlaced
        self.palette = palette
        self.compressText = compressText
    }

    /// libpng's PNG_FILTER_* mask for `filter`, or -1 for libpng's default.
    var filterMask: Int32 {
        switch filter {
        case nil: -1
        case .none?: 0x08
        case .sub?: 0x10
        case .up?: 0x20
        case .average?: 0x40
        case .paeth?: 0x80
        case .adaptive?: 0xF8
        }
    }
}
