import CWebPShim
import ImageKernel

/// Decodes WebP stills and animations with libwebp.
///
/// - Stills decode straight into the destination buffer: `rgb8` without alpha, `rgba8` with alpha
///   (`WebPGetFeatures().has_alpha`, as Pillow decides), non-premultiplied, fancy upsampling (identical to `dwebp`).
///   `DecodeOptions/scale` uses libwebp's own scaling (`use_scaling`), rounding sizes up.
/// - Animations are composited by `WebPAnimDecoder` onto a transparent canvas; frame N of ``decode(_:options:)``
///   is composited frame N. Scaling does not apply to animations (the hint is ignored).
/// - ICC, EXIF and XMP come from the demuxer; the orientation from the EXIF block.
/// - The canvas size and frame count are checked against the limits before any pixel allocation, and the
///   whole container is validated first: any truncation is a `ImageError/Kind/truncated` error (as Pillow's
///   "could not create decoder object"), unless `DecodeOptions/allowTruncated` asks for the rows of a cut-off
///   still image.
public struct WebPDecoder: BufferReusingDecoder {
    /// A decoder; it keeps no state, so one value can serve every thread.
    public init() {}

    /// Reads the RIFF container with libwebp's demuxer: canvas size, alpha, frame count, durations, loop count, ICC,
    /// EXIF (orientation) and XMP, no pixels. The canvas and frame count are checked against `limits`.
    public func probe(_ data: [UInt8], limits: Limits) throws -> ImageMetadata {
        try Self.header(data, limits: limits).metadata(data, limits: limits)
    }


    /// Decodes the still (or composited frame `DecodeOptions/frameIndex` of an animation) into `buffer`, reusing
    /// its storage when it is unshared and large enough, and returns the metadata.
    /// - Throws: `ImageError/Kind/truncated` for a cut-off file (unless `DecodeOptions/allowTruncated` for a still),
    ///   `ImageError/Kind/corrupt` for a bitstream libwebp refuses, `ImageError/Kind/invalidArgument` for a frame
    ///   that does not exist, `ImageError/Kind/limitExceeded` over the limits.
    public func decode(_ data: [UInt8], options: DecodeOptions, into buffer: inout ImageBuffer) throws -> ImageMetadata {
        let header: WebPHeader
        do {
            header = try Self.header(data, limits: options.limits)
        } catch {
            guard error.kind == .truncated, options.allowTruncated, options.frameIndex == 0 else { throw error }
            return try decodeTruncatedStill(data, options: options, into: &buffer, failure: error)
        }
        guard options.frameIndex >= 0, options.frameIndex < header.frameCount else {
            throw ImageError.invalidArgument("frame \(options.frameIndex) does not exist (the WebP has \(header.frameCount))")
        }
        var metadata = try header.metadata(data, limits: options.limits)
        if header.isAnimated {
            try decodeAnimation(data, header: header, limits: options.limits, only: options.frameIndex) { _, frame in
                buffer = frame
            }
        } else {
            let width = options.scale.scaled(header.width), height = options.scale.scaled(header.height)
            // WebPDecode writes every row or fails the decode: new storage is not zero-filled first.
            try buffer.reshape(width: width, height: height, format: header.pixelFormat, limits: options.limits, zeroed: false)
            let channels = Int32(header.pixelFormat.channelCount)
            let rowStride = buffer.rowStride
            try data.withUnsafeBufferPointer { input throws(ImageError) in
                try buffer.withUnsafeMutableBytes { out throws(ImageError) in
                    try imago_webp_decode_still(input.baseAddress, input.count, channels, Int32(width), Int32(height),
                                                out.baseAddress?.assumingMemoryBound(to: UInt8.self), rowStride, out.count)
                        .check("decoding the image")
                }
            }
            metadata.width = width
            metadata.height = height
        }
        return metadata
    }

    /// With ``DecodeOptions/allowTruncated``: the rows of a cut-off still image that its data holds, zeros below
    /// (`webp.partial` = `true` in the properties). Truncated animations still fail.
    private func decodeTruncatedStill(_ data: [UInt8], options: DecodeOptions, into buffer: inout ImageBuffer,
                                      failure: ImageError) throws(ImageError) -> ImageMetadata {
        var width: Int32 = 0, height: Int32 = 0, alpha: Int32 = 0, animated: Int32 = 0
        try data.withUnsafeBufferPointer { input throws(ImageError) in
            try imago_webp_features(input.baseAddress, input.count, &width, &height, &alpha, &animated).check("reading the header")
        }
        guard animated == 0 else { throw failure }
        let format: PixelFormat = alpha != 0 ? .rgba8 : .rgb8
        try buffer.reshape(width: Int(width), height: Int(height), format: format, limits: options.limits)
        var rows: Int32 = 0
        var status = IMAGO_WEBP_OK
        let rowStride = buffer.rowStride
        let channels = Int32(format.channelCount)
        buffer.withUnsafeMutableBytes { out in
            let base = out.baseAddress?.assumingMemoryBound(to: UInt8.self)
            data.withUnsafeBufferPointer { input in
                status = imago_webp_decode_partial(input.baseAddress, input.count, channels, base, rowStride, out.count, &rows)
            }
            // The rows the data did not reach are zero (a reused buffer holds old pixels there).
            let done = min(Int(max(0, rows)) * rowStride, out.count)
            UnsafeMutableRawBufferPointer(rebasing: out[done...]).initializeMemory(as: UInt8.self, repeating: 0)
        }
        if status != IMAGO_WEBP_TRUNCATED { try status.check("decoding the image") }
        var metadata = ImageMetadata(format: .webp, width: Int(width), height: Int(height), pixelFormat: format,
                                     nativeDescription: "truncated",
                                     properties: ["webp.partial": "true"],  // the pre-DecodeOutcome key, for one release
                                     outcome: .partial(missingRows: max(0, Int(height) - Int(rows))))
        metadata.properties["webp.rows"] = String(rows)
        return metadata
    }

    /// Every frame, composited (a still image gives one frame), with `ImageMetadata/frameDurations` and
    /// `ImageMetadata/loopCount` on each. Checks the sum of the frame buffers against `Limits/maxTotalBytes` first.
    public func decodeFrames(_ data: [UInt8], options: DecodeOptions) throws -> [DecodedImage] {
        let header = try Self.header(data, limits: options.limits)
        guard header.isAnimated else {
            var first = options
            first.frameIndex = 0
            return [try decode(data, options: first)]
        }
        let frameBytes = try options.limits.check(width: header.width, height: header.height, format: header.pixelFormat)
        let total = try ByteCount.multiply(frameBytes, header.frameCount)
        if total > options.limits.maxTotalBytes {
            throw ImageError.limitExceeded("all \(header.frameCount) frames in bytes", value: total, maximum: options.limits.maxTotalBytes)
        }
        let metadata = try header.metadata(data, limits: options.limits)
        var frames: [DecodedImage] = []
        frames.reserveCapacity(header.frameCount)
        try decodeAnimation(data, header: header, limits: options.limits, only: nil) { _, frame in
            frames.append(DecodedImage(image: frame, metadata: metadata))
        }
        return frames
    }

    /// Runs `WebPAnimDecoder` up to frame `only` (or over every frame), handing each wanted frame to `body`.
    private func decodeAnimation(
        _ data: [UInt8], header: WebPHeader, limits: Limits, only: Int?,
        _ body: (Int, ImageBuffer) throws(ImageError) -> Void
    ) throws(ImageError) {
        try limits.check(width: header.width, height: header.height, format: header.pixelFormat)
        try data.withUnsafeBufferPointer { input throws(ImageError) in
            var anim: OpaquePointer?
            try imago_webp_anim_open(input.baseAddress, input.count, &anim).check("opening the animation")
            defer { imago_webp_anim_close(anim) }
            let last = only ?? (header.frameCount - 1)
            for index in 0...last {
                var canvas: UnsafePointer<UInt8>?
                var timestamp: Int32 = 0
                try imago_webp_anim_next(anim, &canvas, &timestamp).check("decoding frame \(index)")
                guard let canvas, only == nil || index == last else { continue }
                let frame = try Self.frame(from: canvas, width: header.width, height: header.height, format: header.pixelFormat)
                try body(index, frame)
            }
        }
    }

    /// Copies an RGBA canvas into a new buffer, dropping alpha for an `rgb8` image.
    private static func frame(from canvas: UnsafePointer<UInt8>, width: Int, height: Int, format: PixelFormat) throws(ImageError) -> ImageBuffer {
        var frame = try ImageBuffer(width: width, height: height, format: format)
        frame.withUnsafeMutableBytes { out in
            let pixels = width * height
            if format == .rgba8 {
                out.baseAddress!.copyMemory(from: canvas, byteCount: pixels * 4)
            } else {
                let o = out.baseAddress!.assumingMemoryBound(to: UInt8.self)
                for i in 0..<pixels {
                    o[3 * i] = canvas[4 * i]
                    o[3 * i + 1] = canvas[4 * i + 1]
                    o[3 * i + 2] = canvas[4 * i + 2]
                }
            }
        }
        return frame
    }

    /// Parses and validates the container and checks the frame count and canvas size against `limits`.
    static func header(_ data: [UInt8], limits: Limits) throws(ImageError) -> WebPHeader {
        guard WebP.format.matches(data) else { throw .unknownFormat("not a WebP file (no RIFF....WEBP signature)") }
        var info = ImagoWebPInfo()
        try data.withUnsafeBufferPointer { input throws(ImageError) in
            try imago_webp_probe(input.baseAddress, input.count, &info).check("reading the header")
        }
        let header = WebPHeader(info: info)
        try limits.check(frameCount: header.frameCount)
        try limits.check(width: header.width, height: header.height, format: header.pixelFormat)
        return header
    }
}
