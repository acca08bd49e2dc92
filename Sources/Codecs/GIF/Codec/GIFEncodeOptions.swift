import ImageKernel

/// GIF-specific encoder settings; set them with `EncodeOptions.set(_:)`.
///
/// The defaults are Pillow's for `img.save("x.gif")` (what Keras's `save_img` calls): interlaced when both sides are
/// at least 16 pixels, no loop extension, no graphic control extension.
public struct GIFEncodeOptions: CodecOptions, Hashable {
    /// Interlace the rows; `nil` is Pillow's rule (interlaced unless a side is shorter than 16 pixels).
    public var interlaced: Bool?
    /// NETSCAPE2.0 loop count for ``GIFEncoder/encodeFrames(_:durations:options:)`` (0 = forever); `nil` writes none.
    public var loopCount: Int?
    /// Disposal method written for every frame of an animation (Pillow's `disposal`, 0...3).
    public var disposal: Int

    /// Options; every argument defaults to Pillow's behaviour.
    public init(interlaced: Bool? = nil, loopCount: Int? = nil, disposal: Int = 0) {
        self.interlaced = interlaced
        self.loopCount = loopCount
        self.disposal = disposal
    }
}
