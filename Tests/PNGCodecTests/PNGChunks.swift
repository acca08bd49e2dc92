/// The chunks of a PNG file, parsed independently of libpng (test helper).
struct PNGChunks {
    struct Chunk {
        var type: String
        var data: [UInt8]
    }
    var chunks: [Chunk] = []

    init(_ bytes: [UInt8]) {
        var at = 8
        while at + 12 <= bytes.count {
            let length = Int(bytes[at]) << 24 | Int(bytes[at + 1]) << 16 | Int(bytes[at + 2]) << 8 | Int(bytes[at + 3])
            let type = String(decoding: bytes[at + 4..<at + 8], as: UTF8.self)
            guard at + 12 + length <= bytes.count else { break }
            chunks.append(Chunk(type: type, data: Array(bytes[at + 8..<at + 8 + length])))
            at += 12 + length
        }
    }

    var types: [String] { chunks.map(\.type) }
    func first(_ type: String) -> [UInt8]? { chunks.first { $0.type == type }?.data }
    /// IHDR fields.
    var bitDepth: Int { Int(first("IHDR")?[8] ?? 0) }
    var colorType: Int { Int(first("IHDR")?[9] ?? 0) }
    var interlace: Int { Int(first("IHDR")?[12] ?? 0) }
    /// FLEVEL of the zlib stream header (0 fastest ... 3 maximum compression).
    var zlibLevelClass: Int { Int(first("IDAT")?[1] ?? 0) >> 6 }
}
