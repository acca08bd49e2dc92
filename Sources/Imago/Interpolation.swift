import Transforms

/// Keras's `interpolation` argument of `load_img`: a Pillow resampling filter named by string.
///
/// Kept as a string so that, exactly as in Keras, an unknown name is an error only when a resize actually
/// happens (``filter`` is `nil` for it).
public struct Interpolation: RawRepresentable, Sendable, Hashable, ExpressibleByStringLiteral, CustomStringConvertible {
    /// The name, as Keras spells it (`nearest`, `bilinear`, `bicubic`, `hamming`, `box`, `lanczos`).
    public var rawValue: String

    public init(rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { self.rawValue = value }

    public static let nearest = Interpolation(rawValue: "nearest")
    public static let bilinear = Interpolation(rawValue: "bilinear")
    public static let bicubic = Interpolation(rawValue: "bicubic")
    public static let hamming = Interpolation(rawValue: "hamming")
    public static let box = Interpolation(rawValue: "box")
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

    public var description: String { rawValue }
}
