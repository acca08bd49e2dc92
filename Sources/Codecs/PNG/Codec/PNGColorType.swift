import CPNGShim
import ImageKernel

/// The PNG colour types of the IHDR chunk, and what this codec decodes each into.
enum PNGColorType: Int32 {
    case gray = 0
    case rgb = 2
    case palette = 3
    case grayAlpha = 4
    case rgba = 6

    /// The name used in ``ImageMetadata/nativeDescription`` (as in the corpus manifest's `native` field).
    var name: String {
        switch self {
        case .gray: "gray"
        case .rgb: "rgb"
        case .palette: "palette"
        case .grayAlpha: "gray+alpha"
        case .rgba: "rgba"
        }
    }

    /// The native decode of this colour type at `bitDepth`: sub-byte gray and palettes become 8-bit,
    /// 16-bit stays 16-bit, and a tRNS chunk adds an alpha channel.
    func pixelFormat(bitDepth: Int32, hasTransparency: Bool) -> PixelFormat {
        let sample: SampleType = bitDepth == 16 ? .uint16 : .uint8
        switch self {
        case .gray: return PixelFormat(hasTransparency ? .grayAlpha : .gray, sample)
        case .rgb: return PixelFormat(hasTransparency ? .rgba : .rgb, sample)
        case .palette: return hasTransparency ? .rgba8 : .rgb8
        case .grayAlpha: return PixelFormat(.grayAlpha, sample)
        case .rgba: return PixelFormat(.rgba, sample)
        }
    }
}
