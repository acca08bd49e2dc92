import ImageKernel

/// Decodes GIF87a/GIF89a (giflib reads the records, Imago's LZW decoder the image data), giving the frames Pillow 13
/// gives.
///
/// - ``decode(_:options:)`` returns frame 0 as Pillow holds it (see `GIFFirstFrame` for the canvas, the `P`/`L`
///   choice and how they map to `rgb8`, `rgba8`, `gray8`, `grayAlpha8`), so that Keras's `convert` rules give Pillow's
///   values. Another `frameIndex` composites the frames before it.
/// - ``decodeFrames(_:options:)`` returns every frame composited as Pillow composites them (`GIFAnimation`).
/// - ``probe(_:limits:)`` walks every frame without decoding pixels: Pillow's size and frame count, the durations
///   (`duration` of each frame's graphic control extension, 0 without one) and the NETSCAPE2.0 loop count.
///
/// A file cut short inside a frame's data, or whose LZW data ends before the frame is complete, is a
/// `ImageError/Kind/truncated` error, as Pillow's "image file is truncated"; with
/// `DecodeOptions/allowTruncated` the missing pixels keep the canvas fill. A file that ends after the last pixel (no
/// trailer) decodes. The canvas size is checked against the limits before anything is allocated.
public struct GIFDecoder: ImageDecoder {
    /// A decoder.
    public init() {}

    /// Reads the screen and walks every frame without decoding pixels: Pillow's canvas size and frame-0 pixel format,
    /// the frame count, durations and loop count. The canvas is checked against `limits`.
    public func probe(_ data: [UInt8], limits: Limits) throws -> ImageMetadata {
        try data.withUnsafeBytes { bytes throws(ImageError) in
            let reader = try GIFReader(bytes)
            guard let first = try reader.nextFrame(readLoop: true) else { throw .corrupt("image not found in GIF file") }
            let (width, height) = GIFFirstFrame.canvasSize(screen: reader.screen, frame: first)
            let palette = (first.localTable ?? reader.screen.globalTable)?.palette
            let format = GIFFirstFrame.pixelFormat(palette: palette, transparency: first.transparency)
            try limits.check(width: width, height: height, format: format)
            var durations = [first.duration ?? 0]
            do throws(ImageError) {
                try reader.skipImage()
                durations += try laterDurations(reader, limits: limits)
            } catch where error.kind == .truncated {
                // Pillow counts the frames it can find; a cut inside frame data shows when that frame is decoded.
            }
            return metadata(width: width, height: height, format: format, palette: palette, first: first,
                            screen: reader.screen, durations: durations, loop: first.loop)
        }
    }

    /// Decodes frame 0 as Pillow holds it (another `frameIndex` composites the frames up to it).
    public func decode(_ data: [UInt8], options: DecodeOptions) throws -> DecodedImage {
        guard options.frameIndex == 0 else {
            let frames = try decodeFrames(data, options: options)
            guard options.frameIndex >= 0 && options.frameIndex < frames.count else {
                throw ImageError.invalidArgument("frame \(options.frameIndex) requested: the GIF has \(frames.count) frames")
            }
            return frames[options.frameIndex]
        }
        return try data.withUnsafeBytes { bytes throws(ImageError) in
            let reader = try GIFReader(bytes)
            guard let header = try reader.nextFrame(readLoop: true) else { throw .corrupt("image not found in GIF file") }
            let frame = try GIFFirstFrame(reader: reader, header: header, options: options)
            let image = try frame.image()
            let durations = [header.duration ?? 0] + (frame.truncated ? [] : try laterDurations(reader, limits: options.limits))
            var info = metadata(width: frame.width, height: frame.height, format: image.format, palette: frame.palette,
                                first: header, screen: reader.screen, durations: durations, loop: header.loop)
            if frame.truncated { info.properties["gif.truncated"] = "true" }
            return DecodedImage(image: image, metadata: info)
        }
    }

    /// Decodes every frame, composited as Pillow composites them (frame 0 as ``decode(_:options:)`` gives it).
    public func decodeFrames(_ data: [UInt8], options: DecodeOptions) throws -> [DecodedImage] {
        try data.withUnsafeBytes { bytes throws(ImageError) in
            let reader = try GIFReader(bytes)
            var loop: Int?
            let frames = try GIFAnimation.decodeAll(reader, options: options, loop: &loop)
            let durations = frames.map { $0.1.duration ?? 0 }
            let first = frames[0].1
            let palette = (first.localTable ?? reader.screen.globalTable)?.palette
            return frames.map { image, _ in
                var info = metadata(width: image.width, height: image.height, format: image.format, palette: palette,
                                    first: first, screen: reader.screen, durations: durations, loop: loop)
                info.pixelFormat = image.format
                return DecodedImage(image: image, metadata: info)
            }
        }
    }

    /// The durations of the frames after the current one, skipping their data (a cut in the file ends the walk, as
    /// Pillow's frame count stops there). Throws only for too many frames.
    private func laterDurations(_ reader: GIFReader, limits: Limits) throws(ImageError) -> [Int] {
        var durations: [Int] = []
        do throws(ImageError) {
            while !reader.dataEnded, let next = try reader.nextFrame(readLoop: false) {
                try limits.check(frameCount: durations.count + 2)
                durations.append(next.duration ?? 0)
                try reader.skipImage()
            }
        } catch where error.kind != .limitExceeded {
            // A damaged later frame does not make frame 0 unreadable; it is reported when that frame is decoded.
        }
        return durations
    }

    private func metadata(width: Int, height: Int, format: PixelFormat, palette: GIFPalette?, first: GIFFrameHeader,
                          screen: GIFScreen, durations: [Int], loop: Int?) -> ImageMetadata {
        var properties: [String: String] = [
            "gif.mode": palette != nil ? "P" : "L",
            "gif.screen": "\(screen.width)x\(screen.height)",
        ]
        if let t = first.transparency { properties["gif.transparency"] = String(t) }
        if let b = screen.background { properties["gif.background"] = String(b) }
        if let palette { properties["gif.paletteEntries"] = String(palette.count) }
        var description = palette != nil ? "palette \(palette!.count) colours" : "gray (no colour table)"
        if first.transparency != nil { description += " transparent" }
        if first.interlaced { description += " interlaced" }
        if durations.count > 1 { description += " animated" }
        return ImageMetadata(format: .gif, width: width, height: height, pixelFormat: format, nativeDescription: description,
                             frameCount: durations.count, loopCount: loop,
                             frameDurations: durations.count > 1 ? durations : nil, properties: properties)
    }
}
