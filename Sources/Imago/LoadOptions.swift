import ImageKernel

/// Settings of ``loadImage(_:colorMode:targetSize:interpolation:keepAspectRatio:options:registry:)-(_,_,ImageSize?,_,_,_,_)`` beyond Keras's arguments.
public struct LoadOptions: Sendable, Hashable {
    /// Options are equal when their settings are; converters compare by `ColorProfileConverter/identifier`.
    public static func == (a: LoadOptions, b: LoadOptions) -> Bool {
        a.limits == b.limits && a.shrinkOnLoad == b.shrinkOnLoad && a.applyOrientation == b.applyOrientation
            && a.convertToSRGB?.identifier == b.convertToSRGB?.identifier
    }

    /// Hashes the settings (a converter by its identifier).
    public func hash(into hasher: inout Hasher) {
        hasher.combine(limits)
        hasher.combine(shrinkOnLoad)
        hasher.combine(applyOrientation)
        hasher.combine(convertToSRGB?.identifier)
    }

    /// Decoder limits. The default pixel limit is Pillow's decompression-bomb error threshold (178,956,970 pixels).
    public var limits: Limits
    /// **Not Keras-exact, opt-in.** With a `targetSize`, let the decoder shrink while decoding (JPEG DCT scaling,
    /// WebP scaled decoding) by the largest factor that keeps the image at least as large as the target in both
    /// dimensions, then run the exact resize from the reduced image. Much faster for large photos; values differ
    /// from Keras's because the first reduction is the decoder's, not Pillow's filter.
    public var shrinkOnLoad: Bool
    /// **Not Keras-exact, opt-in.** Turn the pixels upright by the file's EXIF orientation (JPEG APP1, PNG eXIf,
    /// WebP EXIF; an XMP `tiff:Orientation` when the EXIF has none) as Pillow's `ImageOps.exif_transpose` does,
    /// before any resize. The returned metadata then says orientation 1 (EXIF and XMP patched in place), so it can be
    /// written back. A TIFF is turned upright on load either way, as Pillow does.
    public var applyOrientation: Bool
    /// **Not Keras-exact, opt-in.** Convert images that embed an ICC profile (JPEG, PNG iCCP, TIFF, WebP) with this
    /// converter, right after decoding: `ColorManagement`'s `ProfileConversion.sRGB` gives sRGB as Pillow's
    /// `ImageCms.profileToProfile(im, embedded, sRGB)` does (perceptual). Images without a profile are untouched; a
    /// corrupt profile or one for the wrong colour space is an error. `nil` (the default) converts nothing.
    public var convertToSRGB: (any ColorProfileConverter)?

    /// Options for ``loadImage(_:colorMode:targetSize:interpolation:keepAspectRatio:options:registry:)-(_,_,ImageSize?,_,_,_,_)``;
    /// the defaults are Keras-exact (every opt-in off, default `Limits`).
    public init(limits: Limits = .default, shrinkOnLoad: Bool = false, applyOrientation: Bool = false,
                convertToSRGB: (any ColorProfileConverter)? = nil) {
        self.limits = limits
        self.shrinkOnLoad = shrinkOnLoad
        self.applyOrientation = applyOrientation
        self.convertToSRGB = convertToSRGB
    }

    /// Keras-exact defaults.
    public static let `default` = LoadOptions()
    /// The opt-in fast path for `targetSize` (see ``shrinkOnLoad``).
    public static let fastShrink = LoadOptions(shrinkOnLoad: true)
    /// Keras-exact except that photos are turned upright by their EXIF orientation (see ``applyOrientation``).
    public static let upright = LoadOptions(applyOrientation: true)

    /// The largest `n/8` reduction for which a `width` x `height` image stays at least `target` in both dimensions.
    static func shrinkScale(width: Int, height: Int, target: (height: Int, width: Int)) -> DecodeScale {
        for numerator in 1...8 {
            let scale = DecodeScale(numerator, 8)
            if scale.scaled(width) >= target.width && scale.scaled(height) >= target.height {
                return numerator == 8 ? .full : scale
            }
        }
        return .full
    }
}
