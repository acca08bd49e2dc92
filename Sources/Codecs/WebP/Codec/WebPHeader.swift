import CWebPShim
import ImageKernel

/// What the WebP container says, before any pixel is decoded.
struct WebPHeader {
    var width: Int
    var height: Int
    var hasAlpha: Bool
    var isAnimated: Bool
    var compression: String
    var frameCount: Int
    var loopCount: Int
    var iccSize: Int
    var exifSize: Int
    var xmpSize: Int

    init(info: ImagoWebPInfo) {
        width = Int(info.width)
        height = Int(info.height)
        hasAlpha = info.has_alpha != 0
        isAnimated = info.has_animation != 0
        compression = switch info.format { case 1: "lossy"; case 2: "lossless"; default: "mixed" }
        frameCount = max(1, Int(info.frame_count))
        loopCount = Int(info.loop_count)
        iccSize = info.icc_size
        exifSize = info.exif_size
        xmpSize = info.xmp_size
    }

    /// `rgba8` when the bitstream has alpha, `rgb8` otherwise (Pillow's RGBA/RGB choice).
    var pixelFormat: PixelFormat { hasAlpha ? .rgba8 : .rgb8 }

    /// The metadata: ICC, EXIF (without an `Exif\0\0` prefix), XMP, orientation, frame durations and loop count.
    func metadata(_ data: [UInt8], limits: Limits) throws(ImageError) -> ImageMetadata {
        var description = compression + (hasAlpha ? " +alpha" : "")
        if isAnimated { description += " animated" }
        var metadata = ImageMetadata(
            format: .webp, width: width, height: height, pixelFormat: pixelFormat,
            nativeDescription: description, frameCount: frameCount,
            properties: ["webp.compression": compression])
        if isAnimated {
            metadata.loopCount = loopCount
            metadata.frameDurations = try durations(data)
        }
        metadata.iccProfile = try chunk("ICCP", size: iccSize, in: data, limits: limits)
        if var exif = try chunk("EXIF", size: exifSize, in: data, limits: limits) {
            if exif.starts(with: [0x45, 0x78, 0x69, 0x66, 0, 0]) { exif.removeFirst(6) }
            metadata.exif = exif
            metadata.orientation = Exif.orientation(in: exif) ?? .topLeft
        }
        metadata.xmp = try chunk("XMP ", size: xmpSize, in: data, limits: limits)
        return metadata
    }

    private func durations(_ data: [UInt8]) throws(ImageError) -> [Int] {
        var values = [Int32](repeating: 0, count: frameCount)
        try data.withUnsafeBufferPointer { input throws(ImageError) in
            try values.withUnsafeMutableBufferPointer { out throws(ImageError) in
                try imago_webp_frame_durations(input.baseAddress, input.count, out.baseAddress, Int32(out.count))
                    .check("reading frame durations")
            }
        }
        return values.map(Int.init)
    }

    private func chunk(_ fourcc: String, size: Int, in data: [UInt8], limits: Limits) throws(ImageError) -> [UInt8]? {
        guard size > 0 else { return nil }
        try limits.check(metadataBytes: size, name: "WebP \(fourcc.trimmingCharacters(in: " ")) chunk")
        var name = Array(fourcc.utf8.map { CChar(bitPattern: $0) })
        return try data.withUnsafeBufferPointer { input throws(ImageError) -> [UInt8]? in
            var start: UnsafePointer<UInt8>?
            var count = 0
            try imago_webp_chunk(input.baseAddress, input.count, &name, &start, &count).check("reading the \(fourcc) chunk")
            guard let start, count > 0 else { return nil }
            return Array(UnsafeBufferPointer(start: start, count: count))
        }
    }
}

private extension String {
    func trimmingCharacters(in set: Character) -> String {
        String(self.filter { $0 != set })
    }
}
