/// Converts pixels described by an embedded ICC profile into another colour space (for example sRGB).
///
/// The kernel only defines the shape; the `ColorManagement` library implements it on lcms2, so that programs which
/// never convert colours do not link a colour management library. See `LoadOptions.convertToSRGB` in Imago.
public protocol ColorProfileConverter: Sendable {
    /// A stable description of the conversion (target, intent, flags), used to compare options.
    var identifier: String { get }
    /// `image`'s pixels, described by `profile`, in the converter's target space: RGB (RGBA when `image` has alpha),
    /// same sample size.
    func convert(_ image: ImageBuffer, profile: [UInt8]) throws -> ImageBuffer
}
