import CGIFShim
import ImageKernel

/// Encodes GIF with giflib, writing what Pillow 13 writes for `img.save("x.gif")` (Keras's `save_img`).
///
/// - `gray8` (Pillow `L`; `grayAlpha8` loses its alpha, as Pillow's `convert("L")`): a colour table of the gray
///   levels in use, in increasing order, and their indices.
/// - `rgb8`: quantized by a port of Pillow's median cut (`PillowMedianCut`), then the table reduced as Pillow's
///   default `optimize` reduces it, so Pillow reading the file gets the colours and indices its own writer gives.
/// - `rgba8`: fully transparent pixels become one transparency index; the other colours go through the median cut.
///   Pillow quantizes RGBA with its fast octree instead, so RGBA output differs from Pillow's (documented difference).
/// - The header is GIF87a unless a transparency index, duration or loop count needs GIF89a; rows are interlaced
///   unless a side is shorter than 16 pixels (Pillow's rule); the table is padded to Pillow's power of two.
///
/// The LZW stream is giflib's (its code size follows the table size, where Pillow always starts at 8 bits), so the
/// bytes differ from Pillow's file while every decoded index is the same.
public struct GIFEncoder: ImageEncoder {
    /// An encoder.
    public init() {}

    /// `gray8`, `grayAlpha8` (alpha dropped), `rgb8` and `rgba8`.
    public var supportedPixelFormats: Set<PixelFormat> { [.gray8, .grayAlpha8, .rgb8, .rgba8] }

    /// Encodes one image as Pillow's `img.save("x.gif")` does (see the type's documentation).
    public func encode(_ image: ImageBuffer, options: EncodeOptions) throws -> [UInt8] {
        try requireSupported(image.format, codec: "GIF")
        try checkSize(image)
        let gifOptions = options.codecOptions(GIFEncodeOptions.self) ?? GIFEncodeOptions()
        let frame = try GIFPaletteImage(image)
        let interlaced = gifOptions.interlaced ?? (min(image.width, image.height) >= 16)
        let palette = frame.headerPalette
        return try frame.indices.withUnsafeBufferPointer { indices throws(ImageError) in
            try palette.withUnsafeBufferPointer { table throws(ImageError) in
                var header = ImagoGIFEncodeHeader()
                header.width = Int32(image.width)
                header.height = Int32(image.height)
                header.gif89 = frame.transparency != nil ? 1 : 0
                header.palette = table.baseAddress
                header.palette_entries = Int32(palette.count / 3)
                header.loop = -1
                var gifFrame = ImagoGIFFrame()
                gifFrame.indices = indices.baseAddress
                gifFrame.width = Int32(image.width)
                gifFrame.height = Int32(image.height)
                gifFrame.interlaced = interlaced ? 1 : 0
                gifFrame.has_control = frame.transparency != nil ? 1 : 0
                gifFrame.transparency = Int32(frame.transparency ?? -1)
                return try write(header, [gifFrame])
            }
        }
    }

    /// Encodes an animation: every frame full size with its own colour table (quantized as ``encode(_:options:)``
    /// does), `durations` in milliseconds (Pillow writes hundredths of a second, truncating), the loop count and
    /// disposal of ``GIFEncodeOptions``. Pillow's writer also crops frames to what changed; this one does not, so the
    /// file is larger but every frame decodes to the same pixels.
    public func encodeFrames(_ images: [ImageBuffer], durations: [Int], options: EncodeOptions) throws -> [UInt8] {
        guard let first = images.first else { throw ImageError.invalidArgument("an animation needs at least one frame") }
        guard durations.isEmpty || durations.count == images.count else {
            throw ImageError.invalidArgument("\(durations.count) durations for \(images.count) frames")
        }
        let gifOptions = options.codecOptions(GIFEncodeOptions.self) ?? GIFEncodeOptions()
        guard (0...3).contains(gifOptions.disposal) else { throw ImageError.invalidArgument("disposal \(gifOptions.disposal) is outside 0...3") }
        if let loop = gifOptions.loopCount, !(0...65535).contains(loop) {
            throw ImageError.invalidArgument("loop count \(loop) is outside 0...65535")
        }
        var frames: [GIFPaletteImage] = []
        for image in images {
            try requireSupported(image.format, codec: "GIF")
            try checkSize(image)
            guard image.width == first.width && image.height == first.height else {
                throw ImageError.invalidArgument("frame size \(image.width)x\(image.height) differs from the first frame's \(first.width)x\(first.height)")
            }
            frames.append(try GIFPaletteImage(image))
        }
        let interlaced = gifOptions.interlaced ?? (min(first.width, first.height) >= 16)
        let palettes = frames.map(\.headerPalette)
        let indexBuffers = frames.map(\.indices)
        // The buffers stay alive in `palettes` and `indexBuffers` for the whole call.
        var gifFrames: [ImagoGIFFrame] = []
        var pinned: [UnsafeMutableBufferPointer<UInt8>] = []
        defer { pinned.forEach { $0.deallocate() } }
        func pin(_ bytes: [UInt8]) -> UnsafePointer<UInt8> {
            let buffer = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: max(1, bytes.count))
            _ = buffer.initialize(from: bytes)
            pinned.append(buffer)
            return UnsafePointer(buffer.baseAddress!)
        }
        for (i, frame) in frames.enumerated() {
            var f = ImagoGIFFrame()
            f.indices = pin(indexBuffers[i])
            f.width = Int32(first.width)
            f.height = Int32(first.height)
            f.interlaced = interlaced ? 1 : 0
            f.palette = pin(palettes[i])
            f.palette_entries = Int32(palettes[i].count / 3)
            f.has_control = 1
            f.transparency = Int32(frame.transparency ?? -1)
            let duration = durations.isEmpty ? 0 : durations[i]
            guard (0...655_350).contains(duration) else { throw ImageError.invalidArgument("duration \(duration) ms is outside 0...655350") }
            f.delay_cs = Int32(duration / 10)
            f.disposal = Int32(gifOptions.disposal)
            gifFrames.append(f)
        }
        var header = ImagoGIFEncodeHeader()
        header.width = Int32(first.width)
        header.height = Int32(first.height)
        header.gif89 = 1
        header.loop = Int32(gifOptions.loopCount ?? -1)
        return try write(header, gifFrames)
    }

    private func checkSize(_ image: ImageBuffer) throws(ImageError) {
        guard image.width > 0, image.height > 0, image.width <= 65535, image.height <= 65535 else {
            throw .invalidArgument("a GIF is 1...65535 pixels a side, not \(image.width)x\(image.height)")
        }
    }

    private func write(_ header: ImagoGIFEncodeHeader, _ frames: [ImagoGIFFrame]) throws(ImageError) -> [UInt8] {
        var header = header
        var out: UnsafeMutablePointer<UInt8>?
        var size = 0
        let status = frames.withUnsafeBufferPointer { f in
            imago_gif_encode(&header, f.baseAddress, Int32(f.count), &out, &size)
        }
        defer { imago_gif_free(out) }
        try status.check("encode")
        guard let out else { throw .encodeFailed("giflib produced no output") }
        return Array(UnsafeBufferPointer(start: out, count: size))
    }
}
