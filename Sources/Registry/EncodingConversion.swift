import ImageKernel

/// The pixel-format conversion an image needs before an encoder can store it, and what it loses
/// (chosen by ``PixelFormatNegotiation``).
public struct EncodingConversion: Sendable, Hashable {
    /// A step of the conversion that loses information.
    public enum LossyStep: String, Sendable, Hashable, CaseIterable, Codable {
        /// Alpha composited onto white and removed.
        case alphaComposited
        /// CMYK converted to RGB as `(1 - C)(1 - K)` (or to gray from that).
        case cmykToRGB
        /// Colour reduced to gray (Rec. 601 luminance).
        case colorToGray
        /// 16-bit samples rounded to 8 bits as `round(v / 257)`.
        case precisionReduced
        /// Float samples clamped to 0...1 and quantised to integers.
        case floatClamped

        /// The step in words, for the warning.
        public var summary: String {
            switch self {
            case .alphaComposited: "alpha composited onto white"
            case .cmykToRGB: "CMYK converted to RGB as (1 - C)(1 - K)"
            case .colorToGray: "colour reduced to gray"
            case .precisionReduced: "16-bit samples rounded to 8 bits"
            case .floatClamped: "float samples clamped to 0...1"
            }
        }
    }

    /// The image's pixel format.
    public var source: PixelFormat
    /// The pixel format the encoder stores (equal to ``source`` when no conversion is needed).
    public var target: PixelFormat
    /// The display name of the format written, for the warning.
    public var formatName: String

    /// A conversion from `source` to `target` for the format named `formatName`.
    public init(source: PixelFormat, target: PixelFormat, formatName: String) {
        self.source = source
        self.target = target
        self.formatName = formatName
    }

    /// Whether the image must be converted at all.
    public var isNeeded: Bool { source != target }

    /// The lossy steps, in the order they happen.
    public var lossySteps: [LossyStep] {
        var steps: [LossyStep] = []
        if source.layout.hasAlpha && !target.layout.hasAlpha { steps.append(.alphaComposited) }
        if source.layout == .cmyk && target.layout != .cmyk { steps.append(.cmykToRGB) }
        let isGray = target.layout == .gray || target.layout == .grayAlpha
        if source.layout != .gray && source.layout != .grayAlpha && isGray { steps.append(.colorToGray) }
        if source.sampleType == .uint16 && target.sampleType == .uint8 { steps.append(.precisionReduced) }
        if source.sampleType == .float32 && target.sampleType != .float32 { steps.append(.floatClamped) }
        return steps
    }

    /// One warning naming every lossy step, e.g. `JPEG cannot store rgba16: alpha composited onto white, 16-bit
    /// samples rounded to 8 bits; written as rgb8`; `nil` when nothing is lost.
    public var warning: ImagoWarning? {
        let steps = lossySteps
        guard !steps.isEmpty else { return nil }
        let what = steps.map(\.summary).joined(separator: ", ")
        return ImagoWarning("\(formatName) cannot store \(source): \(what); written as \(target)")
    }
}

/// An image ready for an encoder, and the warnings of its conversion.
public struct EncodableImage: Sendable {
    /// The pixels, in a format the encoder supports.
    public var image: ImageBuffer
    /// The conversion applied (``EncodingConversion/isNeeded`` is false when the image was kept as it is).
    public var conversion: EncodingConversion

    /// An image after `conversion`.
    public init(image: ImageBuffer, conversion: EncodingConversion) {
        self.image = image
        self.conversion = conversion
    }

    /// The warnings of the conversion (at most one).
    public var warnings: [ImagoWarning] { conversion.warning.map { [$0] } ?? [] }
}

/// Encoded bytes and the warnings of the pixel-format conversion made before encoding.
public struct EncodedImage: Sendable {
    /// The bytes of the complete file.
    public var bytes: [UInt8]
    /// What was lost to make the image storable (empty when nothing was).
    public var warnings: [ImagoWarning]

    /// Bytes and warnings.
    public init(bytes: [UInt8], warnings: [ImagoWarning]) {
        self.bytes = bytes
        self.warnings = warnings
    }
}
