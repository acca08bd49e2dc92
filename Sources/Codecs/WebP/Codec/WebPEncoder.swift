import CWebPShim
import ImageKernel

/// Encodes WebP stills (lossy or lossless, with alpha) and animations with libwebp, and embeds ICC, EXIF and
/// XMP through the muxer.
///
/// Accepts `rgb8` and `rgba8` (and `gray8`/`grayAlpha8`, replicated to RGB first, as Pillow's convert would).
/// Defaults follow Pillow's `save(..., "WEBP")`: quality 80, method 4, lossy, not exact.
public struct WebPEncoder: ImageEncoder {
    /// An encoder; it keeps no state, so one value can serve every thread.
    public init() {}

    /// `rgb8`, `rgba8`, and `gray8`/`grayAlpha8` (replicated to RGB: WebP has no gray mode).
    public var supportedPixelFormats: Set<PixelFormat> { [.rgb8, .rgba8, .gray8, .grayAlpha8] }

    /// The bytes of a complete WebP still (a simple VP8/VP8L file, or an extended one when ICC, EXIF or XMP is
    /// embedded).
    /// - Parameters:
    ///   - image: the image (WebP holds at most 16383 x 16383 pixels; libwebp refuses larger ones).
    ///   - options: `EncodeOptions/quality` (0...100, default 80), `EncodeOptions/lossless`, the ICC profile and
    ///     EXIF, and ``WebPEncodeOptions``.
    /// - Throws: `ImageError/Kind/unsupported` for another pixel format, `ImageError/Kind/invalidArgument` for a
    ///   setting out of range, `ImageError/Kind/encodeFailed` with libwebp's reason when it refuses the image.
    public func encode(_ image: ImageBuffer, options: EncodeOptions) throws -> [UInt8] {
        try requireSupported(image.format, codec: "WebP")
        let settings = try Self.settings(options)
        let rgb = try Self.expandedToRGB(image)
        var message = [CChar](repeating: 0, count: 256)
        return try Self.withMetadata(options) { metadata throws(ImageError) in
            var out: UnsafeMutablePointer<UInt8>?
            var size = 0
            var s = settings, m = metadata
            let status = rgb.withUnsafeBytes { pixels in
                imago_webp_encode(pixels.baseAddress?.assumingMemoryBound(to: UInt8.self), Int32(rgb.width), Int32(rgb.height),
                                  rgb.rowStride, Int32(rgb.channelCount), &s, &m, &out, &size, &message, message.count)
            }
            defer { imago_webp_free(out) }
            try status.check("encoding", message: shimMessage(message))
            return Array(UnsafeBufferPointer(start: out, count: size))
        }
    }

    /// Encodes an animation with `WebPAnimEncoder`: every frame must have the same size (the canvas);
    /// `durations` gives each frame's display time in milliseconds (one per frame). The loop count comes from
    /// ``WebPEncodeOptions/loopCount``; quality, lossless and the other settings apply to every frame.
    public func encodeFrames(_ frames: [ImageBuffer], durations: [Int], options: EncodeOptions = .default) throws -> [UInt8] {
        guard let first = frames.first else { throw ImageError.invalidArgument("an animation needs at least one frame") }
        guard durations.count == frames.count else {
            throw ImageError.invalidArgument("\(frames.count) frames but \(durations.count) durations")
        }
        guard durations.allSatisfy({ $0 >= 0 }) else { throw ImageError.invalidArgument("frame durations must not be negative") }
        let settings = try Self.settings(options)
        let loopCount = options.codecOptions(WebPEncodeOptions.self)?.loopCount ?? 0
        guard (0...65535).contains(loopCount) else { throw ImageError.invalidArgument("loop count \(loopCount) is outside 0...65535") }
        var encoder: OpaquePointer?
        try imago_webp_anim_encoder_new(Int32(first.width), Int32(first.height), Int32(loopCount), &encoder)
            .check("creating the animation encoder")
        defer { imago_webp_anim_encoder_delete(encoder) }
        var message = [CChar](repeating: 0, count: 256)
        var timestamp = 0
        for (index, frame) in frames.enumerated() {
            try requireSupported(frame.format, codec: "WebP")
            guard frame.width == first.width, frame.height == first.height else {
                throw ImageError.invalidArgument("frame \(index) is \(frame.width)x\(frame.height), the canvas \(first.width)x\(first.height)")
            }
            let rgb = try Self.expandedToRGB(frame)
            var s = settings
            let status = rgb.withUnsafeBytes { pixels in
                imago_webp_anim_encoder_add(encoder, pixels.baseAddress?.assumingMemoryBound(to: UInt8.self), rgb.rowStride,
                                            Int32(rgb.channelCount), Int32(clamping: timestamp), &s, &message, message.count)
            }
            try status.check("encoding frame \(index)", message: shimMessage(message))
            timestamp += durations[index]
        }
        return try Self.withMetadata(options) { metadata throws(ImageError) in
            var out: UnsafeMutablePointer<UInt8>?
            var size = 0
            var m = metadata
            let status = imago_webp_anim_encoder_finish(encoder, Int32(clamping: timestamp), &m, &out, &size, &message, message.count)
            defer { imago_webp_free(out) }
            try status.check("assembling the animation", message: shimMessage(message))
            return Array(UnsafeBufferPointer(start: out, count: size))
        }
    }

    /// The libwebp settings for `options`, range-checked.
    static func settings(_ options: EncodeOptions) throws(ImageError) -> ImagoWebPEncodeSettings {
        let specific = options.codecOptions(WebPEncodeOptions.self) ?? WebPEncodeOptions()
        let quality = try options.validatedQuality(default: 80)
        guard (0...6).contains(specific.method) else { throw .invalidArgument("WebP method \(specific.method) is outside 0...6") }
        guard (0...100).contains(specific.nearLossless) else { throw .invalidArgument("near-lossless \(specific.nearLossless) is outside 0...100") }
        guard (0...100).contains(specific.alphaQuality) else { throw .invalidArgument("alpha quality \(specific.alphaQuality) is outside 0...100") }
        let lossless = specific.lossless ?? options.lossless ?? false
        return ImagoWebPEncodeSettings(
            lossless: lossless ? 1 : 0, quality: Float(quality), method: Int32(specific.method),
            exact: specific.exact ? 1 : 0, near_lossless: Int32(specific.nearLossless),
            alpha_quality: Int32(specific.alphaQuality), use_sharp_yuv: specific.sharpYUV ? 1 : 0, thread_level: 0)
    }

    /// Calls `body` with the ICC/EXIF/XMP chunk pointers of `options` (valid only inside `body`).
    static func withMetadata<R>(_ options: EncodeOptions, _ body: (ImagoWebPMetadata) throws(ImageError) -> R) throws(ImageError) -> R {
        let icc = options.iccProfile ?? [], exif = options.exif ?? []
        let xmp = options.codecOptions(WebPEncodeOptions.self)?.xmp ?? options.xmp ?? []
        return try icc.withUnsafeBufferPointer { i throws(ImageError) in
            try exif.withUnsafeBufferPointer { e throws(ImageError) in
                try xmp.withUnsafeBufferPointer { x throws(ImageError) in
                    try body(ImagoWebPMetadata(icc: i.baseAddress, icc_size: i.count, exif: e.baseAddress, exif_size: e.count,
                                               xmp: x.baseAddress, xmp_size: x.count))
                }
            }
        }
    }

    /// `gray8` -> `rgb8` and `grayAlpha8` -> `rgba8` by replication; other formats unchanged.
    static func expandedToRGB(_ image: ImageBuffer) throws(ImageError) -> ImageBuffer {
        let target: PixelFormat
        switch image.format {
        case .gray8: target = .rgb8
        case .grayAlpha8: target = .rgba8
        default: return image
        }
        var out = try ImageBuffer(width: image.width, height: image.height, format: target)
        let hasAlpha = target == .rgba8
        for y in 0..<image.height {
            image.withUnsafeRow(y) { src in
                out.withUnsafeMutableRow(y) { dst in
                    let step = hasAlpha ? 2 : 1, outStep = hasAlpha ? 4 : 3
                    for x in 0..<image.width {
                        let v = src[x * step]
                        dst[x * outStep] = v
                        dst[x * outStep + 1] = v
                        dst[x * outStep + 2] = v
                        if hasAlpha { dst[x * outStep + 3] = src[x * step + 1] }
                    }
                }
            }
        }
        return out
    }
}
