import ImageKernel

/// PNM-specific encoding options; set them with `EncodeOptions.set(_:)`.
///
/// ```swift
/// let options = EncodeOptions().with(PNMEncodeOptions(ascii: true))
/// ```
public struct PNMEncodeOptions: CodecOptions, Hashable {
    /// Write the ASCII ("plain") form: `P1`, `P2` or `P3`. PAM has no ASCII form, so images with alpha refuse it.
    public var ascii: Bool
    /// Write a gray image as a PBM bitmap (`P4`, or `P1` with ``ascii``): samples of at least half the range
    /// are white, the rest black, without dithering (Pillow's `convert("1", dither=Dither.NONE)`).
    public var pbm: Bool

    /// PNM settings; the defaults write the binary forms (`P5`, `P6`, `P7`), never PBM.
    public init(ascii: Bool = false, pbm: Bool = false) {
        self.ascii = ascii
        self.pbm = pbm
    }
}
