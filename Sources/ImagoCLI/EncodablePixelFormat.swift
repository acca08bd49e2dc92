import Imago

/// Makes a decoded image writable by an encoder that cannot store its pixel format, with Transforms'
/// principled conversions (``ColorConversion``).
///
/// The rule (also in `imago convert --help`): keep the pixel format when the encoder supports it; otherwise take
/// the first format the encoder supports, trying the layouts in the order below and, within each layout, the
/// sample types in the order below:
/// - layouts: gray: gray, RGB, gray+alpha, RGBA, CMYK. gray+alpha: gray+alpha, RGBA, gray, RGB, CMYK.
///   RGB: RGB, RGBA, CMYK, gray, gray+alpha. RGBA: RGBA, RGB, gray+alpha, gray, CMYK. CMYK: CMYK, RGB, RGBA, gray, gray+alpha.
/// - sample types: 8-bit: 8, 16, float. 16-bit: 16, float, 8. float: float, 16, 8.
///
/// So alpha and colour are kept whenever the encoder can store them, and precision next. Alpha that has to go is
/// composited onto white (a one-line warning says so); CMYK becomes RGB as `(1 - C)(1 - K)`; 16-bit samples become
/// 8-bit as `round(v / 257)`; float samples are clamped to 0...1.
enum EncodablePixelFormat {
    /// The pixel format to write `format` as, among `supported`; `nil` when `supported` is empty.
    static func nearest(to format: PixelFormat, in supported: Set<PixelFormat>) -> PixelFormat? {
        if supported.contains(format) { return format }
        for layout in layouts(from: format.layout) {
            for sampleType in sampleTypes(from: format.sampleType) {
                let candidate = PixelFormat(layout, sampleType)
                if supported.contains(candidate) { return candidate }
            }
        }
        return nil
    }

    /// `image` converted for `encoder` when needed, with a warning when its alpha channel had to be dropped.
    static func prepare(_ image: ImageBuffer, for encoder: any ImageEncoder, formatName: String) throws -> (ImageBuffer, [ImagoWarning]) {
        guard let target = nearest(to: image.format, in: encoder.supportedPixelFormats) else {
            throw ImageError.unsupported("the \(formatName) encoder supports no pixel format")
        }
        if target == image.format { return (image, []) }
        let converted = try ColorConversion.convert(image, to: target)
        guard image.format.layout.hasAlpha && !target.layout.hasAlpha else { return (converted, []) }
        let warning = ImagoWarning("\(formatName) cannot store alpha: \(image.format) composited onto white and written as \(target)")
        return (converted, [warning])
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
