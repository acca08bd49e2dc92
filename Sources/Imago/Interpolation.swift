import Transforms

/// Keras's `interpolation` argument of `load_img`: a Pillow resampling filter named by string.
///
/// Kept as a string so that, exactly as in Keras, an unknown name is an error only when a resize actually
/// happens (``filter`` is `nil` for it).
public struct Interpolation: RawRepresentable, Sendable, Hashable, ExpressibleByStringLiteral, CustomStringConvertible {
    /// The name, as Keras spells it (`nearest`, `bilinear`, `bicubic`, `hamming`, `box`, `lanczos`).
    public var rawValue: String

    /// The interpolation named `rawValue`; any string is accepted (an unknown one fails only when a resize happens).
    public init(rawValue: String) { self.rawValue = rawValue }
    /// The interpolation named by a string literal: `interpolation: "bicubic"`, as Keras code passes it.
    public init(stringLiteral value: String) { self.rawValue = value }

    /// `"nearest"`, Keras's default: Pillow's `Image.NEAREST`.
    public static let nearest = Interpolation(rawValue: "nearest")
    /// `"bilinear"`: Pillow's `Image.BILINEAR` (antialiased when shrinking, as Pillow's resize is).
    public static let bilinear = Interpolation(rawValue: "bilinear")
    /// `"bicubic"`: Pillow's `Image.BICUBIC` (a = -0.5).
    public static let bicubic = Interpolation(rawValue: "bicubic")
    /// `"hamming"`: Pillow's `Image.HAMMING`.
    public static let hamming = Interpolation(rawValue: "hamming")
    /// `"box"`: Pillow's `Image.BOX` (each output pixel the mean of the input pixels it covers).
    public static let box = Interpolation(rawValue: "box")
    /// `"lanczos"`: Pillow's `Image.LANCZOS` (a = 3).
    public static let lanczos = Interpolation(rawValue: "lanczos")

    /// The six names Keras accepts.
    public static let all: [Interpolation] = [.nearest, .bilinear, .bicubic, .hamming, .box, .lanczos]

    /// The Pillow filter, or `nil` for a name Keras would reject.
    public var filter: ResampleFilter? {
        switch rawValue {
        case "nearest": .nearest
        case "bilinear": .bilinear
        case "bicubic": .bicubic
        case "hamming": .hamming
        case "box": .box
        case "lanczos": .lanczos
        default: nil
        }
    }

    /// The name, as Keras spells it.
    public var description: String { rawValue }
}
