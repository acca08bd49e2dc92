#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import ImageKernel
import Registry

/// TensorFlow's `tf.image.decode_image(contents, channels=1|3|4, expand_animations=False)`, as Keras's default
/// dataset path (`format="tf"`) calls it: 8-bit samples with exactly `channels` channels.
///
/// - JPEG: libjpeg-turbo with the fast integer IDCT (`JDCT_IFAST`, `tf.io.decode_jpeg`'s default) and fancy
///   upsampling, so the pixels equal TensorFlow's (and `djpeg -dct fast`) bit for bit. `channels=1` on a colour
///   JPEG is libjpeg's own gray output; a gray JPEG with 3 channels is replicated. CMYK becomes RGB by TensorFlow's
///   formula (`r = k * c / 255` on the raw Adobe-inverted bytes, `(255 - k) * (255 - c) / 255` without an Adobe
///   marker, integer division). 4 channels, and 1 channel from CMYK, fail as in TensorFlow.
/// - PNG: 16-bit samples keep their high byte (libpng's strip-16); tRNS becomes alpha; alpha is stripped or added
///   (`(1 << bit_depth) - 1` of the file: 255, but 1, 3 or 15 for 1-, 2- and 4-bit gray and palette files, a
///   TensorFlow quirk reproduced); gray is replicated to RGB; RGB becomes gray by libpng's `png_set_rgb_to_gray(1, 0.299, 0.587)`
///   fixed-point formula `(9797 R + 19234 G + 3737 B) >> 15` (16-bit: `(... + 16384) >> 15`, then the high byte),
///   which is TensorFlow's, not Pillow's. When the file has a significant gamma (an sRGB chunk, or gAMA outside
///   0.95...1.05), libpng converts through its 8-bit gamma tables, reproduced here for 8-bit files. Not reproduced
///   (gray may differ, by up to 70 levels on the corpus): 16-bit colour files with such a gamma (libpng's 16-bit
///   gamma tables), and files whose only colour information is an iCCP profile libpng recognises as sRGB.
/// - GIF (first frame) and BMP go through the registry's codecs when they are registered, with the same channel
///   rules; without them they throw `ImageError/Kind/unsupported`.
public enum TensorFlowDecode {
    /// Decodes `data` to a new 8-bit buffer with `channels` (1, 3 or 4) channels.
    public static func decode(_ data: [UInt8], channels: Int, registry: FormatRegistry = .standard,
                              limits: Limits = .default) throws -> ImageBuffer {
        var scratch = Scratch()
        try decode(data, channels: channels, registry: registry, limits: limits, scratch: &scratch)
        return scratch.result
    }

    /// Buffers one worker reuses from file to file.
    public struct Scratch: Sendable {
        /// The decoder's own output.
        var decoded: ImageBuffer
        /// The channel-converted image.
        var converted: ImageBuffer
        /// Whether the last result is ``converted`` (otherwise the decoded image already had the channels).
        var usesConverted = false

        /// Empty buffers (1 x 1), grown by the first decode and reused after that.
        public init() {
            decoded = try! ImageBuffer(width: 1, height: 1, format: .gray8)  // 1 byte: cannot fail
            converted = try! ImageBuffer(width: 1, height: 1, format: .gray8)
        }

        /// The image `decode` produced last.
        public var result: ImageBuffer { usesConverted ? converted : decoded }
    }

    /// Decodes into `scratch` (the result is ``Scratch/result``), reusing its storage: a loop over many files
    /// allocates only when an image is larger than every one before it.
    /// - Parameters:
    ///   - data: The file's bytes.
    ///   - channels: 1, 3 or 4, as `decode_image`'s `channels`.
    ///   - registry: Where the GIF and BMP decoders are found.
    ///   - limits: The size limits checked before allocating.
    ///   - scratch: The buffers to decode into; the result is ``Scratch/result``.
    /// - Throws: What ``decode(_:channels:registry:limits:)`` throws.
    public static func decode(_ data: [UInt8], channels: Int, registry: FormatRegistry = .standard, limits: Limits = .default,
                              scratch: inout Scratch) throws {
        guard [1, 3, 4].contains(channels) else { throw ImageError.invalidArgument("channels must be 1, 3 or 4, got \(channels)") }
        let format = try Self.format(of: data, registry: registry)
        if format == .bmp {
            try TensorFlowBMP.decode(data, channels: channels, limits: limits, into: &scratch.converted)
            scratch.usesConverted = true
            return
        }
        if format == .gif {
            guard channels == 3 else {
                throw ImageError.invalidArgument("channels must be 0 or 3 for GIF, got \(channels) (TensorFlow's decode_image)")
            }
            try GIFTensorFlowDecode.firstFrame(data, limits: limits, into: &scratch.converted)
            scratch.usesConverted = true
            return
        }
        var options = DecodeOptions(limits: limits)
        if format == .jpeg {
            guard channels != 4 else { throw ImageError.invalidArgument("JPEG does not support 4 channels (TensorFlow's decode_image)") }
            options.inverseDCT = .fast
            if channels == 1 { options.preferredLayout = .gray }
        }
        guard let decoder = registry.format(id: format)?.decoder else {
            throw ImageError.unsupported("the \(format) codec is not registered, so TensorFlow's decode_image cannot be reproduced for this file")
        }
        let metadata = try decoder.decode(data, options: options, into: &scratch.decoded)
        let source = scratch.decoded
        let wanted = PixelFormat(channels == 1 ? .gray : channels == 3 ? .rgb : .rgba, .uint8)
        scratch.usesConverted = source.format != wanted
        guard scratch.usesConverted else { return }
        if source.format.layout == .cmyk && channels == 1 {
            throw ImageError.invalidArgument("jpeg::Uncompress failed: Unsupported color conversion request (CMYK JPEG to 1 channel)")
        }
        try scratch.converted.reshape(width: source.width, height: source.height, format: wanted, limits: limits, zeroed: false)
        // TensorFlow adds PNG alpha with libpng's filler `(1 << bit_depth) - 1` of the file's bit depth: a 1-, 2- or
        // 4-bit gray or palette PNG gets alpha 1, 3 or 15, not 255.
        let bitDepth = metadata.format == .png ? Int(metadata.properties["png.bitDepth"] ?? "8") ?? 8 : 8
        let gamma = channels == 1 && metadata.format == .png ? LibPNGGrayGamma(metadata.properties) : nil
        try convert(source, into: &scratch.converted, adobeCMYK: metadata.properties["jpeg.adobeTransform"] != nil,
                    addedAlpha: UInt8((1 << min(max(bitDepth, 1), 8)) - 1), gamma: gamma)
    }

    /// The format TensorFlow would pick from the first bytes: JPEG, PNG, GIF or BMP; anything else fails as it does.
    static func format(of data: [UInt8], registry: FormatRegistry) throws(ImageError) -> FormatID {
        if data.starts(with: [0xFF, 0xD8, 0xFF]) { return .jpeg }
        if data.starts(with: [0x89, 0x50, 0x4E, 0x47]) { return .png }
        if data.starts(with: Array("GIF8".utf8)) { return .gif }
        if data.starts(with: Array("BM".utf8)) { return .bmp }
        if data.count >= 12, data.starts(with: Array("RIFF".utf8)), Array(data[8..<12]) == Array("WEBP".utf8) {
            throw .unsupported("TensorFlow 2.21's decode_image also decodes WebP; Imago's TensorFlow path does not reproduce it (Keras never lists .webp files)")
        }
        throw .unknownFormat("Unknown image file format. One of JPEG, PNG, GIF, BMP required.")
    }

    /// TensorFlow's channel-count conversion of a decoded image to 8-bit `target` (whose layout says the channels).
    static func convert(_ source: ImageBuffer, into target: inout ImageBuffer, adobeCMYK: Bool, addedAlpha: UInt8,
                        gamma: LibPNGGrayGamma? = nil) throws(ImageError) {
        let inLayout = source.format.layout, outLayout = target.format.layout
        let inChannels = source.channelCount, outChannels = target.channelCount
        let width = source.width
        let wide = source.format.sampleType == .uint16
        guard source.format.sampleType != .float32 else {
            throw .unsupported("TensorFlow's decode_image has no float32 images")
        }
        let rowStride = target.rowStride
        target.withUnsafeMutableBytes { out in
            for y in 0..<source.height {
                source.withUnsafeRow(y) { row in
                    let o = out.baseAddress!.assumingMemoryBound(to: UInt8.self) + y * rowStride
                    for x in 0..<width {
                        // Samples of this pixel at full precision (16-bit stays 16-bit until the end).
                        func sample(_ k: Int) -> Int {
                            wide ? Int(row.load(fromByteOffset: 2 * (x * inChannels + k), as: UInt16.self))
                                 : Int(row[x * inChannels + k])
                        }
                        func byte(_ k: Int) -> UInt8 { UInt8(wide ? sample(k) >> 8 : sample(k)) }
                        var pixel: (UInt8, UInt8, UInt8, UInt8)
                        switch inLayout {
                        case .gray:
                            pixel = (byte(0), byte(0), byte(0), addedAlpha)
                        case .grayAlpha:
                            pixel = (byte(0), byte(0), byte(0), byte(1))
                        case .rgb, .rgba:
                            let alpha: UInt8 = inLayout == .rgba ? byte(3) : addedAlpha
                            if outLayout == .gray, !wide, let gamma {
                                let gray = gamma.gray(sample(0), sample(1), sample(2))
                                pixel = (gray, gray, gray, alpha)
                            } else if outLayout == .gray {
                                let sum = 9797 * sample(0) + 19234 * sample(1) + 3737 * sample(2)
                                let gray = wide ? UInt8(((sum + 16384) >> 15) >> 8) : UInt8(sum >> 15)
                                pixel = (gray, gray, gray, alpha)
                            } else {
                                pixel = (byte(0), byte(1), byte(2), alpha)
                            }
                        case .cmyk:
                            // Imago's plain CMYK is 255 minus the raw (Adobe-inverted) bytes libjpeg returns.
                            let k = 255 - sample(3)
                            func channel(_ i: Int) -> UInt8 {
                                let c = 255 - sample(i)
                                return UInt8(adobeCMYK ? (k * c) / 255 : ((255 - k) * (255 - c)) / 255)
                            }
                            pixel = (channel(0), channel(1), channel(2), 255)
                        }
                        let p = o + x * outChannels
                        switch outChannels {
                        case 1: p[0] = pixel.0
                        case 3: p[0] = pixel.0; p[1] = pixel.1; p[2] = pixel.2
                        default: p[0] = pixel.0; p[1] = pixel.1; p[2] = pixel.2; p[3] = pixel.3
                        }
                    }
                }
            }
        }
    }
}

/// libpng's gamma-corrected RGB to gray for an 8-bit file (`png_do_rgb_to_gray` with `gamma_to_1` and
/// `gamma_from_1`), as TensorFlow's `decode_png(channels=1)` runs it when the file's gamma is significant.
///
/// The file gamma is libpng's: 0.45455 for an sRGB chunk (which wins over gAMA), else the gAMA value. Without a
/// screen gamma libpng takes the screen as the file's inverse, so the overall correction is the identity, but the
/// gray conversion linearises with `gamma_to_1` (exponent `1 / gamma`), mixes with `+ 16384` rounding, and
/// re-encodes with `gamma_from_1`; a pixel with R = G = B is kept as it is.
struct LibPNGGrayGamma {
    private var toLinear: [Int]
    private var fromLinear: [UInt8]

    /// The tables for a PNG's properties, or `nil` when its gamma is absent or within libpng's 5% threshold.
    init?(_ properties: [String: String]) {
        let fileGamma: Int
        if properties["png.srgbIntent"] != nil {
            fileGamma = 45455
        } else if let text = properties["png.gamma"], let fixed = Self.fixedPoint(text) {
            fileGamma = fixed
        } else {
            return nil
        }
        guard fileGamma > 0, abs(fileGamma - 100_000) > 5000 else { return nil }
        let screen = Self.reciprocal(fileGamma)
        let toOne = Self.reciprocal(fileGamma), fromOne = Self.reciprocal(screen)
        toLinear = (0..<256).map { Int(Self.correct($0, toOne)) }
        fromLinear = (0..<256).map { Self.correct($0, fromOne) }
    }

    /// One gray value.
    @inline(__always)
    func gray(_ r: Int, _ g: Int, _ b: Int) -> UInt8 {
        if r == g && r == b { return UInt8(r) }
        return fromLinear[(9797 * toLinear[r] + 19234 * toLinear[g] + 3737 * toLinear[b] + 16384) >> 15]
    }

    /// `png_reciprocal`: `floor(1e10 / a + 0.5)` in libpng's 1e5 fixed point.
    private static func reciprocal(_ a: Int) -> Int { Int((1e10 / Double(a) + 0.5).rounded(.down)) }

    /// `png_gamma_8bit_correct`: `floor(255 * pow(v / 255, gamma * 1e-5) + 0.5)`, 0 and 255 kept.
    private static func correct(_ value: Int, _ gamma: Int) -> UInt8 {
        guard value > 0 && value < 255 else { return UInt8(value) }
        return UInt8((255 * pow(Double(value) / 255, Double(gamma) * 0.00001) + 0.5).rounded(.down))
    }

    /// `"0.45455"` as 45455.
    private static func fixedPoint(_ text: String) -> Int? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard let whole = Int(parts[0]) else { return nil }
        var fraction = parts.count > 1 ? String(parts[1]) : ""
        guard fraction.count <= 5 else { return nil }
        fraction += String(repeating: "0", count: 5 - fraction.count)
        guard let digits = Int(fraction) else { return nil }
        return whole * 100_000 + digits
    }
}
