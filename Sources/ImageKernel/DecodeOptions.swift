/// A reduction factor a decoder may apply while decoding (shrink-on-load), as `numerator / denominator`.
///
/// JPEG decoders scale in the DCT domain by M/8; WebP decoders scale while decoding. A decoder that cannot
/// scale ignores the hint and decodes at full size; the result's size always says what was produced.
public struct DecodeScale: Sendable, Hashable {
    /// The numerator of the scale factor.
    public var numerator: Int
    /// The denominator of the scale factor.
    public var denominator: Int

    /// `numerator / denominator`, for example `DecodeScale(1, 4)`.
    public init(_ numerator: Int, _ denominator: Int) {
        self.numerator = numerator
        self.denominator = denominator
    }

    /// No scaling.
    public static let full = DecodeScale(1, 1)
    /// Half the width and height.
    public static let half = DecodeScale(1, 2)
    /// A quarter of the width and height.
    public static let quarter = DecodeScale(1, 4)
    /// An eighth of the width and height.
    public static let eighth = DecodeScale(1, 8)

    /// Whether this is the identity.
    public var isFull: Bool { numerator == denominator }

    /// `ceil(length * numerator / denominator)`, the size libjpeg produces for a scaled dimension.
    public func scaled(_ length: Int) -> Int {
        (length * numerator + denominator - 1) / denominator
    }
}

/// Which inverse discrete cosine transform a DCT-based decoder (JPEG) uses. Decoders without a DCT ignore it.
public enum InverseDCT: String, Sendable, Hashable, CaseIterable {
    /// The accurate integer transform (libjpeg's `JDCT_ISLOW`): what Pillow and `djpeg` use by default.
    case accurate
    /// The fast, less accurate integer transform (libjpeg's `JDCT_IFAST`, `djpeg -dct fast`): what TensorFlow's
    /// `tf.image.decode_jpeg` uses by default.
    case fast
}

/// Options for one decode call.
public struct DecodeOptions: Sendable, Hashable {
    /// Which frame or page to decode (0 is the first).
    public var frameIndex: Int
    /// Limits checked against the header before anything is allocated.
    public var limits: Limits
    /// A shrink-on-load hint; see ``DecodeScale``.
    public var scale: DecodeScale
    /// Accept a truncated file and return the partial image (missing rows are zero) instead of failing.
    /// Off by default, as in Pillow.
    public var allowTruncated: Bool
    /// The inverse DCT of a DCT-based decoder (JPEG); ``InverseDCT/accurate`` by default.
    public var inverseDCT: InverseDCT
    /// A colour layout the decoder should produce itself when its library converts natively; `nil` keeps the
    /// file's own layout. Only ``ChannelLayout/gray`` is honoured today, by JPEG: a colour JPEG then decodes to
    /// the luma plane libjpeg computes (`out_color_space = JCS_GRAYSCALE`), as TensorFlow's `channels=1` does.
    /// Other decoders ignore the hint; the result's pixel format always says what was produced.
    public var preferredLayout: ChannelLayout?

    /// Options for decoding frame `frameIndex` within `limits`, at `scale`, refusing truncated data unless
    /// `allowTruncated`, with the JPEG `inverseDCT` and, when given, the `preferredLayout` a decoder may produce itself.
    public init(frameIndex: Int = 0, limits: Limits = .default, scale: DecodeScale = .full, allowTruncated: Bool = false,
                inverseDCT: InverseDCT = .accurate, preferredLayout: ChannelLayout? = nil) {
        self.frameIndex = frameIndex
        self.limits = limits
        self.scale = scale
        self.allowTruncated = allowTruncated
        self.inverseDCT = inverseDCT
        self.preferredLayout = preferredLayout
    }

    /// The defaults: first frame, default limits, full size, truncation is an error.
    public static let `default` = DecodeOptions()
}
