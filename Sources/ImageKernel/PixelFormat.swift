/// How the channels of a pixel are laid out.
public enum ChannelLayout: String, Sendable, Hashable, CaseIterable, Codable {
    /// One luminance channel.
    case gray
    /// Luminance then straight (non-premultiplied) alpha.
    case grayAlpha
    /// Red, green, blue.
    case rgb
    /// Red, green, blue, then straight alpha.
    case rgba
    /// Cyan, magenta, yellow, black, in the plain (non-inverted) sense: 0 is no ink.
    case cmyk

    /// Number of channels.
    public var channelCount: Int {
        switch self {
        case .gray: 1
        case .grayAlpha: 2
        case .rgb: 3
        case .rgba, .cmyk: 4
        }
    }

    /// Whether the last channel is alpha.
    public var hasAlpha: Bool { self == .grayAlpha || self == .rgba }

    /// The layout without its alpha channel.
    public var withoutAlpha: ChannelLayout {
        switch self {
        case .grayAlpha: .gray
        case .rgba: .rgb
        default: self
        }
    }
}

/// The numeric type of one sample.
public enum SampleType: String, Sendable, Hashable, CaseIterable, Codable {
    /// 8-bit unsigned integer, 0...255.
    case uint8
    /// 16-bit unsigned integer, 0...65535, stored in native (little-endian) byte order.
    case uint16
    /// 32-bit IEEE float, nominally 0...1 but not clamped.
    case float32

    /// Bytes per sample.
    public var byteCount: Int {
        switch self {
        case .uint8: 1
        case .uint16: 2
        case .float32: 4
        }
    }

    /// The largest nominal value: 255, 65535 or 1.
    public var maxValue: Double {
        switch self {
        case .uint8: 255
        case .uint16: 65535
        case .float32: 1
        }
    }
}

/// A pixel format: a channel layout times a sample type, interleaved (chunky) in memory.
public struct PixelFormat: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The channels.
    public var layout: ChannelLayout
    /// The type of every sample.
    public var sampleType: SampleType

    /// Creates a pixel format.
    public init(_ layout: ChannelLayout, _ sampleType: SampleType) {
        self.layout = layout
        self.sampleType = sampleType
    }

    /// Number of channels.
    public var channelCount: Int { layout.channelCount }
    /// Bytes per pixel.
    public var bytesPerPixel: Int { layout.channelCount * sampleType.byteCount }
    /// Whether the format carries alpha.
    public var hasAlpha: Bool { layout.hasAlpha }

    /// For example `rgb8`, `grayAlpha16`, `cmyk8`, `rgbaF32`.
    public var description: String {
        switch sampleType {
        case .uint8: "\(layout.rawValue)8"
        case .uint16: "\(layout.rawValue)16"
        case .float32: "\(layout.rawValue)F32"
        }
    }

    /// Every layout times every sample type.
    public static let all: [PixelFormat] = ChannelLayout.allCases.flatMap { l in SampleType.allCases.map { PixelFormat(l, $0) } }

    /// Gray, 8-bit samples.
    public static let gray8 = PixelFormat(.gray, .uint8)
    /// Gray with alpha, 8-bit samples.
    public static let grayAlpha8 = PixelFormat(.grayAlpha, .uint8)
    /// RGB, 8-bit samples.
    public static let rgb8 = PixelFormat(.rgb, .uint8)
    /// RGBA, 8-bit samples.
    public static let rgba8 = PixelFormat(.rgba, .uint8)
    /// CMYK, 8-bit samples.
    public static let cmyk8 = PixelFormat(.cmyk, .uint8)
    /// Gray, 16-bit samples.
    public static let gray16 = PixelFormat(.gray, .uint16)
    /// Gray with alpha, 16-bit samples.
    public static let grayAlpha16 = PixelFormat(.grayAlpha, .uint16)
    /// RGB, 16-bit samples.
    public static let rgb16 = PixelFormat(.rgb, .uint16)
    /// RGBA, 16-bit samples.
    public static let rgba16 = PixelFormat(.rgba, .uint16)
    /// CMYK, 16-bit samples.
    public static let cmyk16 = PixelFormat(.cmyk, .uint16)
    /// Gray, 32-bit float samples.
    public static let grayF32 = PixelFormat(.gray, .float32)
    /// Gray with alpha, 32-bit float samples.
    public static let grayAlphaF32 = PixelFormat(.grayAlpha, .float32)
    /// RGB, 32-bit float samples.
    public static let rgbF32 = PixelFormat(.rgb, .float32)
    /// RGBA, 32-bit float samples.
    public static let rgbaF32 = PixelFormat(.rgba, .float32)
    /// CMYK, 32-bit float samples.
    public static let cmykF32 = PixelFormat(.cmyk, .float32)
}
