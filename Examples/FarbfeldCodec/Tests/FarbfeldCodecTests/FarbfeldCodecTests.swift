import FarbfeldCodec
import ImageKernel
import Registry
import Testing

/// A hand-written farbfeld file (the format's spec, not our encoder) decodes through a registry by magic bytes.
@Test func decodesHandWrittenFileThroughRegistry() throws {
    var registry = FormatRegistry()
    try registry.register(Farbfeld.format)
    let file: [UInt8] = Array("farbfeld".utf8) + [0, 0, 0, 1, 0, 0, 0, 1] + [0x12, 0x34, 0, 0, 0xFF, 0xFF, 0x80, 0x00]
    let decoded = try registry.decode(file)
    #expect(decoded.metadata.format == "farbfeld")
    #expect(decoded.image.pixel(x: 0, y: 0) == [0x1234, 0, 0xFFFF, 0x8000])
}

@Test func rejectsTruncatedBody() throws {
    let file: [UInt8] = Array("farbfeld".utf8) + [0, 0, 0, 2, 0, 0, 0, 2] + [1, 2, 3]
    #expect(throws: ImageError.self) { try FarbfeldDecoder().decode(file, options: .default) }
}
