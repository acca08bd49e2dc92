import ImageKernel

/// The farbfeld format: `farbfeld`, width and height as big-endian UInt32, then RGBA with big-endian UInt16 samples.
public enum Farbfeld {
    /// The descriptor to register: `try registry.register(Farbfeld.format)`.
    public static let format = ImageFormat(
        id: "farbfeld",
        name: "farbfeld",
        extensions: ["ff"],
        mimeTypes: ["image/x-farbfeld"],
        signatures: [MagicSignature("farbfeld")],
        decoder: FarbfeldDecoder(),
        encoder: FarbfeldEncoder()
    )

    static let headerSize = 16
}

/// Reads farbfeld into `rgba16` pixels.
public struct FarbfeldDecoder: ImageDecoder {
    public init() {}

    public func probe(_ data: [UInt8], limits: Limits) throws -> ImageMetadata {
        guard data.count >= Farbfeld.headerSize else { throw ImageError.truncated("farbfeld header is shorter than 16 bytes") }
        guard Farbfeld.format.matches(data) else { throw ImageError.corrupt("not a farbfeld file") }
        let width = Int(readUInt32BE(data, at: 8))
        let height = Int(readUInt32BE(data, at: 12))
        try limits.check(width: width, height: height, format: .rgba16)
        return ImageMetadata(format: "farbfeld", width: width, height: height, pixelFormat: .rgba16,
                             nativeDescription: "RGBA 16-bit big-endian")
    }

    public func decode(_ data: [UInt8], options: DecodeOptions) throws -> DecodedImage {
        let metadata = try probe(data, limits: options.limits)
        var image = try ImageBuffer(width: metadata.width, height: metadata.height, format: .rgba16)
        guard data.count - Farbfeld.headerSize >= image.byteCount else { throw ImageError.truncated() }
        image.withUnsafeMutableBytes { out in
            let samples = out.bindMemory(to: UInt16.self)
            for i in 0..<samples.count {
                let at = Farbfeld.headerSize + 2 * i
                samples[i] = UInt16(data[at]) << 8 | UInt16(data[at + 1])
            }
        }
        return DecodedImage(image: image, metadata: metadata)
    }
}

/// Writes `rgba16` (or `rgba8`, widened by 257) pixels as farbfeld.
public struct FarbfeldEncoder: ImageEncoder {
    public init() {}

    public var supportedPixelFormats: Set<PixelFormat> { [.rgba16, .rgba8] }

    public func encode(_ image: ImageBuffer, options: EncodeOptions) throws -> [UInt8] {
        try requireSupported(image.format, codec: "farbfeld")
        var out = Array("farbfeld".utf8)
        appendUInt32BE(&out, UInt32(image.width))
        appendUInt32BE(&out, UInt32(image.height))
        out.reserveCapacity(out.count + image.width * image.height * 8)
        for y in 0..<image.height {
            for x in 0..<image.width {
                for c in 0..<4 {
                    let v = image[x: x, y: y, channel: c]
                    let sample = image.format.sampleType == .uint8 ? UInt16(v) * 257 : UInt16(v)
                    out.append(UInt8(sample >> 8))
                    out.append(UInt8(sample & 0xFF))
                }
            }
        }
        return out
    }
}

private func readUInt32BE(_ data: [UInt8], at offset: Int) -> UInt32 {
    UInt32(data[offset]) << 24 | UInt32(data[offset + 1]) << 16 | UInt32(data[offset + 2]) << 8 | UInt32(data[offset + 3])
}

private func appendUInt32BE(_ out: inout [UInt8], _ value: UInt32) {
    out += [UInt8(value >> 24), UInt8(value >> 16 & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF)]
}
