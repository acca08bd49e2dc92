import ImageKernel

/// BMP-specific encoding options; set them with `EncodeOptions.set(_:)`.
///
/// ```swift
/// // A gray8 image of indices written as an 8-bit palette BMP (Pillow's mode P):
/// let options = EncodeOptions().with(BMPEncodeOptions(mode: .palette([0, 0, 0, 255, 0, 0])))
/// ```
public struct BMPEncodeOptions: CodecOptions, Hashable {
    /// Which Pillow mode a `gray8` image is written as (`rgb8` and `rgba8` are always RGB and RGBA).
    public enum Mode: Sendable, Hashable {
        /// `gray8` as Pillow's mode `L`: 8 bits with a 256-entry gray palette.
        case gray
        /// `gray8` as Pillow's mode `1`: 1 bit per pixel, every non-zero sample white.
        case bilevel
        /// `gray8` holding palette indices, as Pillow's mode `P`: 8 bits with these RGB triples as the palette
        /// (at most 256 of them; an empty palette is written as one black entry, as Pillow writes it).
        case palette([UInt8])
    }

    /// How a `gray8` image is written; ``Mode/gray`` by default.
    public var mode: Mode

    /// Options writing a `gray8` image in `mode`.
    public init(mode: Mode = .gray) {
        self.mode = mode
    }
}
