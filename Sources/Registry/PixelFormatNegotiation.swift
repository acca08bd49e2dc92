import ImageKernel

/// The pixel format an encoder can store, chosen for an image it cannot store as it is: libvips's `saveable` idea.
///
/// Every `ImageEncoder` declares what it accepts (`ImageEncoder/supportedPixelFormats`); this type holds the
/// policy of choosing among those formats and of naming what the conversion loses. The conversion itself is not
/// here: the registry sits below Transforms in the layering, so it receives the conversion as a kernel
/// `Transform` (``FormatRegistry/pixelConversion``); `FormatRegistry/standard` supplies Transforms' `Convert`
/// (`ColorConversion` rules). The split keeps one policy, used by `FormatRegistry.encode`, `saveImage` and
/// `imago convert` alike, without the registry depending on the pixel kernels.
///
/// The rule: keep the pixel format when the encoder supports it; otherwise take the first format the encoder
/// supports, trying the layouts in the order below and, within each layout, the sample types in the order below:
/// - layouts: gray: gray, RGB, gray+alpha, RGBA, CMYK. gray+alpha: gray+alpha, RGBA, gray, RGB, CMYK.
///   RGB: RGB, RGBA, CMYK, gray, gray+alpha. RGBA: RGBA, RGB, gray+alpha, gray, CMYK. CMYK: CMYK, RGB, RGBA, gray,
///   gray+alpha.
/// - sample types: 8-bit: 8, 16, float. 16-bit: 16, float, 8. float: float, 16, 8.
///
/// So alpha and colour are kept whenever the encoder can store them, and precision next. Alpha that has to go is
/// composited onto white; CMYK becomes RGB as `(1 - C)(1 - K)`; 16-bit samples become 8-bit as `round(v / 257)`;
/// float samples are clamped to 0...1. Each lossy step is named in one warning (``EncodingConversion/warning``).
public enum PixelFormatNegotiation {
    /// The pixel format to write `format` as, among `supported`; `nil` when `supported` is empty.
    public static func nearest(to format: PixelFormat, in supported: Set<PixelFormat>) -> PixelFormat? {
        if supported.contains(format) { return format }
        for layout in layouts(from: format.layout) {
            for sampleType in sampleTypes(from: format.sampleType) {
                let candidate = PixelFormat(layout, sampleType)
                if supported.contains(candidate) { return candidate }
            }
        }
        return nil
    }

    /// The conversion from `source` to the format an encoder of `formatName` supporting `supported` stores.
    ///
    /// Throws `ImageError/Kind/unsupported` when `supported` is empty.
    public static func conversion(from source: PixelFormat, to supported: Set<PixelFormat>,
                                  formatName: String) throws(ImageError) -> EncodingConversion {
        guard let target = nearest(to: source, in: supported) else {
            throw .unsupported("the \(formatName) encoder supports no pixel format")
        }
        return EncodingConversion(source: source, target: target, formatName: formatName)
    }

    private static func layouts(from layout: ChannelLayout) -> [ChannelLayout] {
        switch layout {
        case .gray: [.gray, .rgb, .grayAlpha, .rgba, .cmyk]
        case .grayAlpha: [.grayAlpha, .rgba, .gray, .rgb, .cmyk]
        case .rgb: [.rgb, .rgba, .cmyk, .gray, .grayAlpha]
        case .rgba: [.rgba, .rgb, .grayAlpha, .gray, .cmyk]
        case .cmyk: [.cmyk, .rgb, .rgba, .gray, .grayAlpha]
        }
    }

    private static func sampleTypes(from sampleType: SampleType) -> [SampleType] {
        switch sampleType {
        case .uint8: [.uint8, .uint16, .float32]
        case .uint16: [.uint16, .float32, .uint8]
        case .float32: [.float32, .uint16, .uint8]
        }
    }
}
