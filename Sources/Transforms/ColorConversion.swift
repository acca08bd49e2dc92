import ImageKernel

/// Principled conversions between every kernel pixel format (not Pillow's: see ``PillowConversion`` for those).
///
/// Samples:
/// - 8 <-> 16 bit exactly: `v * 257` up, `(v + 128) / 257` (= `round(v / 257)`) down.
/// - integer -> float: `v / 255` or `v / 65535` (0...1). float -> integer: clamped to 0...1, scaled, rounded
///   half away from zero; NaN gives 0. float -> float: unchanged (not clamped).
///
/// Layouts (computed on values normalised to 0...1):
/// - colour -> gray: luminance with ``Luminance`` (Rec. 601 `0.299 R + 0.587 G + 0.114 B` by default).
/// - gray -> colour: replicated.
/// - CMYK (plain) -> RGB: `R = (1 - C)(1 - K)`; RGB -> CMYK: `K = 1 - max(R, G, B)`, `C = (1 - R - K) / (1 - K)`
///   (0 when K = 1).
/// - alpha removed: composited onto ``Options/background`` (`c * a + bg * (1 - a)`, in the stored, gamma-encoded
///   values); alpha added: fully opaque.
public enum ColorConversion {
    /// The weights of colour -> gray.
    public enum Luminance: String, Sendable, Hashable, CaseIterable {
        /// ITU-R BT.601 luma: `0.299 R + 0.587 G + 0.114 B` (Pillow's weights, rounded exactly rather than in 16.16).
        case rec601
        /// ITU-R BT.709 luma: `0.2126 R + 0.7152 G + 0.0722 B`.
        case rec709

        var weights: (Double, Double, Double) {
            switch self {
            case .rec601: (0.299, 0.587, 0.114)
            case .rec709: (0.2126, 0.7152, 0.0722)
            }
        }
    }

    /// How to convert.
    public struct Options: Sendable, Hashable {
        /// The colour alpha is composited onto when the target has no alpha, as red, green, blue in 0...1.
        public var background: SIMD3<Double>
        /// The luminance weights for colour -> gray.
        public var luminance: Luminance

        /// White background, Rec. 601 luminance.
        public init(background: SIMD3<Double> = SIMD3(1, 1, 1), luminance: Luminance = .rec601) {
            self.background = background
            self.luminance = luminance
        }
    }

    /// Converts `image` to `format` (see the type's documentation for the rules).
    public static func convert(_ image: ImageBuffer, to format: PixelFormat, options: Options = Options()) throws -> ImageBuffer {
        if image.format == format { return image }
        var out = try ImageBuffer(width: image.width, height: image.height, format: format)
        let from = image.format
        let outStride = out.rowStride
        let (width, height) = (image.width, image.height)
        if from.layout == format.layout {
            let samples = width * from.channelCount
            image.withUnsafeBytes { src in
                out.withUnsafeMutableBytes { dst in
                    guard let s = src.baseAddress, let d = dst.baseAddress else { return }
                    for y in 0..<height {
                        SampleConversion.convertRow(s + y * image.rowStride, from.sampleType,
                                                    d + y * outStride, format.sampleType, count: samples)
                    }
                }
            }
            return out
        }
        let converter = LayoutConverter(from: from.layout, to: format.layout, options: options)
        image.withUnsafeBytes { src in
            out.withUnsafeMutableBytes { dst in
                guard let s = src.baseAddress, let d = dst.baseAddress else { return }
                var pixel = [Double](repeating: 0, count: 4)
                var result = [Double](repeating: 0, count: 4)
                for y in 0..<height {
                    let srow = s + y * image.rowStride, drow = d + y * outStride
                    for x in 0..<width {
                        for c in 0..<from.channelCount {
                            pixel[c] = SampleConversion.normalized(srow, index: x * from.channelCount + c, from.sampleType)
                        }
                        converter.convert(pixel, into: &result)
                        for c in 0..<format.channelCount {
                            SampleConversion.store(result[c], drow, index: x * format.channelCount + c, format.sampleType)
                        }
                    }
                }
            }
        }
        return out
    }
}

/// One pixel's layout change on normalised values.
struct LayoutConverter {
    let from: ChannelLayout
    let to: ChannelLayout
    let options: ColorConversion.Options

    func convert(_ p: [Double], into o: inout [Double]) {
        // 1. straight colour as RGB (or gray) plus alpha
        var rgb: SIMD3<Double>
        let gray = from == .gray || from == .grayAlpha
        var alpha = 1.0
        switch from {
        case .gray: rgb = SIMD3(repeating: p[0])
        case .grayAlpha: rgb = SIMD3(repeating: p[0]); alpha = p[1]
        case .rgb: rgb = SIMD3(p[0], p[1], p[2])
        case .rgba: rgb = SIMD3(p[0], p[1], p[2]); alpha = p[3]
        case .cmyk: rgb = SIMD3(1 - p[0], 1 - p[1], 1 - p[2]) * (1 - p[3])
        }
        // 2. composite when alpha goes away
        if from.hasAlpha && !to.hasAlpha {
            var background = options.background
            if gray { background = SIMD3(repeating: luminance(background)) }
            rgb = rgb * alpha + background * (1 - alpha)
        }
        // 3. target layout
        let y = gray ? rgb.x : luminance(rgb)
        switch to {
        case .gray: o[0] = y
        case .grayAlpha: o[0] = y; o[1] = alpha
        case .rgb: o[0] = rgb.x; o[1] = rgb.y; o[2] = rgb.z
        case .rgba: o[0] = rgb.x; o[1] = rgb.y; o[2] = rgb.z; o[3] = alpha
        case .cmyk:
            let k = 1 - max(rgb.x, rgb.y, rgb.z)
            if k >= 1 {
                o[0] = 0; o[1] = 0; o[2] = 0
            } else {
                o[0] = (1 - rgb.x - k) / (1 - k); o[1] = (1 - rgb.y - k) / (1 - k); o[2] = (1 - rgb.z - k) / (1 - k)
            }
            o[3] = k
        }
    }

    private func luminance(_ c: SIMD3<Double>) -> Double {
        let w = options.luminance.weights
        return w.0 * c.x + w.1 * c.y + w.2 * c.z
    }
}

/// Sample-type conversions: exact between 8 and 16 bit, normalised to 0...1 for float.
enum SampleConversion {
    /// The sample at `index` as a value in 0...1 (float samples as they are).
    @inline(__always)
    static func normalized(_ row: UnsafeRawPointer, index: Int, _ type: SampleType) -> Double {
        switch type {
        case .uint8: Double(row.load(fromByteOffset: index, as: UInt8.self)) / 255
        case .uint16: Double(row.loadUnaligned(fromByteOffset: index * 2, as: UInt16.self)) / 65535
        case .float32: Double(row.loadUnaligned(fromByteOffset: index * 4, as: Float.self))
        }
    }

    /// Stores a 0...1 value: integers clamped, scaled and rounded half away from zero (NaN gives 0).
    @inline(__always)
    static func store(_ v: Double, _ row: UnsafeMutableRawPointer, index: Int, _ type: SampleType) {
        switch type {
        case .uint8: row.storeBytes(of: UInt8(quantize(v, 255)), toByteOffset: index, as: UInt8.self)
        case .uint16: row.storeBytes(of: UInt16(quantize(v, 65535)), toByteOffset: index * 2, as: UInt16.self)
        case .float32: row.storeBytes(of: Float(v), toByteOffset: index * 4, as: Float.self)
        }
    }

    @inline(__always)
    static func quantize(_ v: Double, _ maximum: Double) -> Int {
        guard v > 0 else { return 0 }  // also NaN
        if v >= 1 { return Int(maximum) }
        return Int((v * maximum).rounded(.toNearestOrAwayFromZero))
    }

    /// `Float(Double(v) / 255)` for every byte value.
    static let unitFloats: [Float] = (0...255).map { Float(Double($0) / 255) }

    /// Converts `count` samples of one row between sample types.
    static func convertRow(_ s: UnsafeRawPointer, _ from: SampleType, _ d: UnsafeMutableRawPointer, _ to: SampleType, count: Int) {
        switch (from, to) {
        case (.uint8, .uint16):
            for i in 0..<count { d.storeBytes(of: UInt16(s.load(fromByteOffset: i, as: UInt8.self)) &* 257, toByteOffset: i * 2, as: UInt16.self) }
        case (.uint16, .uint8):
            for i in 0..<count {
                let v = UInt32(s.loadUnaligned(fromByteOffset: i * 2, as: UInt16.self))
                d.storeBytes(of: UInt8((v + 128) / 257), toByteOffset: i, as: UInt8.self)
            }
        case (.uint8, .float32):
            // a table of the correctly rounded quotients keeps this path equal to `normalized` (`Float(v / 255)`)
            unitFloats.withUnsafeBufferPointer { table in
                for i in 0..<count {
                    d.storeBytes(of: table[Int(s.load(fromByteOffset: i, as: UInt8.self))], toByteOffset: i * 4, as: Float.self)
                }
            }
        default:
            for i in 0..<count { store(normalized(s, index: i, from), d, index: i, to) }
        }
    }
}
