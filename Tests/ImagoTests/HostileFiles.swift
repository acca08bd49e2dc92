import Imago

/// Hostile files built in the test: tiny files whose headers claim huge images, decompression bombs in
/// metadata chunks, TIFF strips and tiles far larger than the file, and animations with thousands of frames.
enum HostileFiles {
    // MARK: Byte helpers

    static func be32(_ v: UInt32) -> [UInt8] { [UInt8(v >> 24), UInt8(v >> 16 & 0xFF), UInt8(v >> 8 & 0xFF), UInt8(v & 0xFF)] }
    static func le16(_ v: UInt16) -> [UInt8] { [UInt8(v & 0xFF), UInt8(v >> 8)] }
    static func le32(_ v: UInt32) -> [UInt8] { [UInt8(v & 0xFF), UInt8(v >> 8 & 0xFF), UInt8(v >> 16 & 0xFF), UInt8(v >> 24)] }
    static func le24(_ v: UInt32) -> [UInt8] { Array(le32(v).prefix(3)) }

    /// CRC-32 (ISO 3309), as PNG chunks use.
    static func crc32(_ bytes: some Sequence<UInt8>) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = (crc >> 1) ^ (crc & 1 == 1 ? 0xEDB8_8320 : 0) }
        }
        return ~crc
    }

    /// A zlib stream that inflates to `prefix` then `zeros` zero bytes: literals, then length-258 distance-1
    /// copies with fixed Huffman codes (about 1000:1), built bit by bit so the test needs no compressor.
    static func zlib(prefix: [UInt8] = [], zeros: Int) -> [UInt8] {
        var out: [UInt8] = [0x78, 0x01]
        var bitBuffer: UInt64 = 0, bitCount = 0
        func put(_ value: UInt32, _ bits: Int) {  // LSB-first fields
            bitBuffer |= UInt64(value) << UInt64(bitCount)
            bitCount += bits
            while bitCount >= 8 { out.append(UInt8(bitBuffer & 0xFF)); bitBuffer >>= 8; bitCount -= 8 }
        }
        func huffman(_ code: UInt32, _ bits: Int) {  // Huffman codes go MSB first
            var reversed: UInt32 = 0
            for i in 0..<bits where code & (1 << UInt32(i)) != 0 { reversed |= 1 << UInt32(bits - 1 - i) }
            put(reversed, bits)
        }
        func literal(_ byte: UInt8) { byte < 144 ? huffman(0x30 + UInt32(byte), 8) : huffman(0x190 + UInt32(byte) - 144, 9) }
        put(1, 1); put(1, 2)  // final block, fixed Huffman
        prefix.forEach(literal)
        var remaining = zeros
        if remaining > 0 { literal(0); remaining -= 1 }
        while remaining >= 258 { huffman(0xC5, 8); huffman(0, 5); remaining -= 258 }  // length 258, distance 1
        while remaining >= 3 {
            let length = min(remaining, 10)  // lengths 3...10 are codes 257...264, no extra bits
            huffman(UInt32(length - 3 + 1), 7); huffman(0, 5); remaining -= length
        }
        while remaining > 0 { literal(0); remaining -= 1 }
        huffman(0, 7)  // end of block
        if bitCount > 0 { out.append(UInt8(bitBuffer & 0xFF)) }
        var a: UInt64 = 1, b: UInt64 = 0
        for byte in prefix { a = (a + UInt64(byte)) % 65521; b = (b + a) % 65521 }
        b = (b + a * UInt64(zeros % 65521)) % 65521
        return out + be32(UInt32(b << 16 | a))
    }

    // MARK: PNG

    static func pngChunk(_ type: String, _ data: [UInt8]) -> [UInt8] {
        let body = Array(type.utf8) + data
        return be32(UInt32(data.count)) + body + be32(crc32(body))
    }

    static let pngSignature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]

    /// A PNG of `width` x `height` 8-bit gray whose IDAT holds one tiny row, plus `extra` chunks before IDAT.
    static func png(width: UInt32, height: UInt32, extra: [[UInt8]] = []) -> [UInt8] {
        let ihdr = pngChunk("IHDR", be32(width) + be32(height) + [8, 0, 0, 0, 0])
        return pngSignature + ihdr + extra.joined() + pngChunk("IDAT", zlib(zeros: (Int(min(width, 64)) + 1) * Int(min(height, 64))))
            + pngChunk("IEND", [])
    }

    /// A zTXt chunk whose text inflates to `count` bytes.
    static func zTXtBomb(count: Int) -> [UInt8] {
        pngChunk("zTXt", Array("Comment".utf8) + [0, 0] + zlib(zeros: count))
    }

    /// An iTXt chunk (compressed) whose text inflates to `count` bytes.
    static func iTXtBomb(count: Int) -> [UInt8] {
        pngChunk("iTXt", Array("Comment".utf8) + [0, 1, 0, 0, 0] + zlib(zeros: count))
    }

    /// An iCCP chunk whose ICC header claims `claimed` bytes and whose stream inflates to `count` bytes.
    static func iCCPBomb(claimed: UInt32, count: Int) -> [UInt8] {
        var header = [UInt8](repeating: 0, count: 128)
        header.replaceSubrange(0..<4, with: be32(claimed))
        header.replaceSubrange(8..<12, with: [2, 0x10, 0, 0])  // version 2.1
        header.replaceSubrange(12..<16, with: Array("mntr".utf8))
        header.replaceSubrange(16..<20, with: Array("GRAY".utf8))
        header.replaceSubrange(20..<24, with: Array("XYZ ".utf8))
        header.replaceSubrange(36..<40, with: Array("acsp".utf8))
        header.replaceSubrange(68..<80, with: be32(0xF6D6) + be32(0x1_0000) + be32(0xD32D))  // D50
        return pngChunk("iCCP", Array("icc".utf8) + [0, 0] + zlib(prefix: header + be32(0), zeros: count - 132))
    }

    // MARK: JPEG

    /// A real 8x8 baseline JPEG whose SOF0 is patched to claim `width` x `height`.
    static func jpeg(width: UInt16, height: UInt16) throws -> [UInt8] {
        let small = try ImageBuffer(width: 8, height: 8, format: .gray8, bytes: [UInt8](repeating: 128, count: 64))
        var bytes = try FormatRegistry.standard.encode(small, as: .jpeg)
        guard let sof = (0..<bytes.count - 9).first(where: { bytes[$0] == 0xFF && bytes[$0 + 1] == 0xC0 }) else {
            throw ImageError.corrupt("encoded JPEG has no SOF0")
        }
        bytes[sof + 5] = UInt8(height >> 8); bytes[sof + 6] = UInt8(height & 0xFF)
        bytes[sof + 7] = UInt8(width >> 8); bytes[sof + 8] = UInt8(width & 0xFF)
        return bytes
    }

    // MARK: TIFF

    struct TIFFEntry { var tag: UInt16; var type: UInt16; var value: UInt32 }  // one value, SHORT (3) or LONG (4)

    /// A little-endian TIFF with one IFD of the given entries (sorted by tag), then `body` at offset 8.
    static func tiff(entries: [TIFFEntry], body: [UInt8]) -> [UInt8] {
        let ifdOffset = UInt32(8 + body.count)
        var out: [UInt8] = [0x49, 0x49, 42, 0] + le32(ifdOffset) + body
        out += le16(UInt16(entries.count))
        for e in entries.sorted(by: { $0.tag < $1.tag }) {
            out += le16(e.tag) + le16(e.type) + le32(1)
            out += e.type == 3 ? le16(UInt16(e.value)) + [0, 0] : le32(e.value)
        }
        return out + le32(0)
    }

    /// 8-bit gray `width` x `height` in one strip whose byte count claims `stripBytes`.
    static func tiffStrip(width: UInt32, height: UInt32, compression: UInt32, stripBytes: UInt32) -> [UInt8] {
        tiff(entries: [
            .init(tag: 256, type: 4, value: width), .init(tag: 257, type: 4, value: height),
            .init(tag: 258, type: 3, value: 8), .init(tag: 259, type: 3, value: compression),
            .init(tag: 262, type: 3, value: 1), .init(tag: 273, type: 4, value: 8),
            .init(tag: 277, type: 3, value: 1), .init(tag: 278, type: 4, value: height),
            .init(tag: 279, type: 4, value: stripBytes),
        ], body: [UInt8](repeating: 0x55, count: 64))
    }

    /// 8-bit gray `width` x `height` in one tile of `tile` x `tile` pixels.
    static func tiffTile(width: UInt32, height: UInt32, tile: UInt32) -> [UInt8] {
        tiff(entries: [
            .init(tag: 256, type: 4, value: width), .init(tag: 257, type: 4, value: height),
            .init(tag: 258, type: 3, value: 8), .init(tag: 259, type: 3, value: 1),
            .init(tag: 262, type: 3, value: 1), .init(tag: 277, type: 3, value: 1),
            .init(tag: 322, type: 4, value: tile), .init(tag: 323, type: 4, value: tile),
            .init(tag: 324, type: 4, value: 8), .init(tag: 325, type: 4, value: 64),
        ], body: [UInt8](repeating: 0x55, count: 64))
    }

    // MARK: WebP

    struct RIFFChunk { var fourcc: String; var payload: [UInt8] }

    static func riffChunks(_ webp: [UInt8]) -> [RIFFChunk] {
        var chunks: [RIFFChunk] = [], at = 12
        while at + 8 <= webp.count {
            let size = Int(webp[at + 4]) | Int(webp[at + 5]) << 8 | Int(webp[at + 6]) << 16 | Int(webp[at + 7]) << 24
            let end = min(webp.count, at + 8 + size)
            chunks.append(RIFFChunk(fourcc: String(decoding: webp[at..<at + 4], as: UTF8.self), payload: Array(webp[at + 8..<end])))
            at = at + 8 + size + (size & 1)
        }
        return chunks
    }

    static func riff(_ chunks: [RIFFChunk]) -> [UInt8] {
        var body = Array("WEBP".utf8)
        for chunk in chunks {
            body += Array(chunk.fourcc.utf8) + le32(UInt32(chunk.payload.count)) + chunk.payload
            if chunk.payload.count & 1 == 1 { body.append(0) }
        }
        return Array("RIFF".utf8) + le32(UInt32(body.count)) + body
    }

    static func smallWebP(lossless: Bool) throws -> [UInt8] {
        let pixels = (0..<16 * 16 * 3).map { UInt8($0 % 251) }
        var options = EncodeOptions()
        options.lossless = lossless
        return try FormatRegistry.standard.encode(try ImageBuffer(width: 16, height: 16, format: .rgb8, bytes: pixels),
                                                  as: .webp, options: options)
    }

    /// A lossy WebP whose VP8 frame header claims 16383 x 16383 (the format's largest).
    static func webpHugeVP8() throws -> [UInt8] {
        var chunks = riffChunks(try smallWebP(lossless: false))
        guard let index = chunks.firstIndex(where: { $0.fourcc == "VP8 " }) else { throw ImageError.corrupt("no VP8 chunk") }
        chunks[index].payload.replaceSubrange(6..<10, with: le16(0x3FFF) + le16(0x3FFF))
        return riff(chunks)
    }

    /// A VP8X file whose canvas claims 2^24 x 2^24 around a 16x16 image.
    static func webpHugeCanvas() throws -> [UInt8] {
        let image = riffChunks(try smallWebP(lossless: false))
        return riff([RIFFChunk(fourcc: "VP8X", payload: [0, 0, 0, 0] + le24(0xFF_FFFF) + le24(0xFF_FFFF))] + image)
    }

    /// An animated WebP of 16x16 frames, encoded by the WebP encoder, with its frame chunks repeated to `frames`.
    static func webpAnimation(frames: Int) throws -> [UInt8] {
        let a = try ImageBuffer(width: 16, height: 16, format: .rgb8, bytes: [UInt8](repeating: 10, count: 768))
        let b = try ImageBuffer(width: 16, height: 16, format: .rgb8, bytes: [UInt8](repeating: 200, count: 768))
        let encoded = try WebPEncoder().encodeFrames([a, b], durations: [10, 10])
        let chunks = riffChunks(encoded)
        let head = chunks.filter { $0.fourcc != "ANMF" }
        let anmf = chunks.filter { $0.fourcc == "ANMF" }
        guard !anmf.isEmpty else { throw ImageError.corrupt("no ANMF chunk") }
        return riff(head + (0..<frames).map { anmf[$0 % anmf.count] })
    }

    /// An animation whose first frame (ANMF) claims 2^24 x 2^24 pixels on its 16x16 canvas.
    static func webpHugeAnimationFrame() throws -> [UInt8] {
        var chunks = riffChunks(try webpAnimation(frames: 2))
        guard let index = chunks.firstIndex(where: { $0.fourcc == "ANMF" }) else { throw ImageError.corrupt("no ANMF chunk") }
        chunks[index].payload.replaceSubrange(6..<12, with: le24(0xFF_FFFF) + le24(0xFF_FFFF))
        return riff(chunks)
    }

    // MARK: PNM

    /// A BMP with a 40-byte info header (8-bit files get a two-entry palette) followed by `pixels`.
    static func bmp(width: Int32, height: Int32, bits: UInt16, compression: UInt32 = 0, pixels: [UInt8] = []) -> [UInt8] {
        let palette: [UInt8] = bits <= 8 ? [0, 0, 0, 0, 255, 255, 255, 0] : []
        let offset = UInt32(14 + 40 + palette.count)
        return [0x42, 0x4D] + le32(offset + UInt32(pixels.count)) + le32(0) + le32(offset)
            + le32(40) + le32(UInt32(bitPattern: width)) + le32(UInt32(bitPattern: height)) + le16(1) + le16(bits)
            + le32(compression) + le32(UInt32(pixels.count)) + le32(2835) + le32(2835) + le32(UInt32(palette.count / 4)) + le32(0)
            + palette + pixels
    }

    static func pnm(width: Int, height: Int) -> [UInt8] { Array("P5\n\(width) \(height)\n255\n".utf8) + [1, 2, 3, 4] }
}
