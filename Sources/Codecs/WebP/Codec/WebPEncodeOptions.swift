import ImageKernel

/// WebP-specific encoder settings; set them with `EncodeOptions.set(_:)`.
///
/// The shared `EncodeOptions/quality` (default 80, as Pillow) and `EncodeOptions/lossless` apply too;
/// ``lossless`` here, when set, wins over the shared flag.
public struct WebPEncodeOptions: CodecOptions, Hashable {
    /// Lossless (VP8L) instead of lossy (VP8); `nil` defers to `EncodeOptions/lossless` (default lossy).
    public var lossless: Bool?
    /// Speed/size trade-off 0 (fast) ... 6 (slow, smaller); 4 as in Pillow.
    public var method: Int
    /// Keep the RGB values under fully transparent pixels (otherwise they may be altered for size).
    public var exact: Bool
    /// Near-lossless preprocessing 0...100 (100 is off); only with lossless.
    public var nearLossless: Int
    /// Quality of the alpha plane 0...100.
    public var alphaQuality: Int
    /// Sharper (slower) RGB->YUV conversion for lossy output.
    public var sharpYUV: Bool
    /// An XMP packet to embed (ICC and EXIF come from `EncodeOptions`).
    public var xmp: [UInt8]?
    /// Animation loop count (0 = forever), for ``WebPEncoder/encodeFrames(_:durations:options:)``.
    public var loopCount: Int

    /// WebP settings; the defaults are Pillow's `save(..., "WEBP")` (method 4, not exact, alpha quality 100,
    /// infinite loop).
    public init(lossless: Bool? = nil, method: Int = 4, exact: Bool = false, nearLossless: Int = 100,
                alphaQuality: Int = 100, sharpYUV: Bool = false, xmp: [UInt8]? = nil, loopCount: Int = 0) {
        self.lossless = lossless
        self.method = method
        self.exact = exact
        self.nearLossless = nearLossless
        self.alphaQuality = alphaQuality
        self.sharpYUV = sharpYUV
        self.xmp = xmp
        self.loopCount = loopCount
    }
}
