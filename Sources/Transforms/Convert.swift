import ImageKernel

/// A colour conversion as a pipeline step.
public struct Convert: Transform {
    /// Which rules to convert with.
    public enum Rules: String, Sendable, Hashable {
        /// ``ColorConversion``: exact 8/16-bit rounding, alpha composited onto the background, Rec. 601 luminance.
        case native
        /// ``PillowConversion``: Pillow 13's `Image.convert` arithmetic; the target must be 8-bit.
        case pillow
    }

    /// The pixel format to convert to.
    public var format: PixelFormat
    /// Imago's native rules or Pillow's `convert` arithmetic.
    public var rules: Rules
    /// The background for alpha and the luminance weights (native rules only; Pillow's rules ignore them).
    public var options: ColorConversion.Options

    /// A conversion to `format` with `rules` (native by default) and, for native rules, `options`.
    public init(to format: PixelFormat, rules: Rules = .native, options: ColorConversion.Options = .init()) {
        self.format = format
        self.rules = rules
        self.options = options
    }

    /// `convert(rgb8)` for native rules, `convert(rgb8,pillow)` for Pillow's.
    public var identifier: String { rules == .native ? "convert(\(format))" : "convert(\(format),pillow)" }

    /// `image` converted to ``format`` (unchanged when it is already in that format).
    /// - Throws: `ImageError/Kind/invalidArgument` for Pillow rules with a target that is not 8-bit, or a
    ///   conversion the rules do not define; `ImageError/Kind/limitExceeded` when the output cannot be allocated.
    public func apply(_ image: ImageBuffer) throws -> ImageBuffer {
        switch rules {
        case .native:
            return try ColorConversion.convert(image, to: format, options: options)
        case .pillow:
            guard format.sampleType == .uint8 else {
                throw ImageError.invalidArgument("Pillow conversion targets 8-bit formats only, not \(format)")
            }
            return try PillowConversion.convert(image, to: format.layout)
        }
    }
}
