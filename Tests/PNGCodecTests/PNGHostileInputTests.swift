import Testing
import ImageKernel
import PNGCodec
import TestSupport

/// Truncated and bit-flipped PNGs: every answer is a decoded image or a typed ImageError, never a crash,
/// and libpng prints nothing. (A crash would take the whole test process down.)
@Suite(.serialized) struct PNGHostileInputTests {
    /// `png` with every chunk's CRC recomputed, so that a mutation reaches the chunk parsers and zlib instead of
    /// stopping at the checksum.
    static func withValidCRCs(_ png: [UInt8]) -> [UInt8] {
        var bytes = png
        var at = 8
        while at + 12 <= bytes.count {
            let length = Int(bytes[at]) << 24 | Int(bytes[at + 1]) << 16 | Int(bytes[at + 2]) << 8 | Int(bytes[at + 3])
            guard length <= bytes.count - at - 12 else { break }
            let crc = crc32(bytes[at + 4..<at + 8 + length])
            for b in 0..<4 { bytes[at + 8 + length + b] = UInt8(crc >> (24 - 8 * b) & 0xFF) }
            at += 12 + length
        }
        return bytes
    }

    static func outcome(_ data: [UInt8], options: DecodeOptions) -> String {
        do {
            _ = try PNGDecoder().probe(data, limits: options.limits)
            _ = try PNGDecoder().decode(data, options: options)
            return "decoded"
        } catch let error as ImageError {
            return error.kind.rawValue
        } catch {
            return "untyped: \(error)"
        }
    }

    @Test func everyTruncationAndManyBitFlipsAreHandled() throws {
        var options = DecodeOptions()
        options.limits = Limits(maxPixels: 1 << 20, maxMetadataBytes: 1 << 20)
        var sources: [[UInt8]] = [
            try PNGEncoder().encode(try makeImage(.rgba16, width: 19, height: 7), options: EncodeOptions().with(PNGEncodeOptions(interlaced: true))),
            try PNGEncoder().encode(try makeImage(.rgb8, width: 16, height: 16, colours: 5), options: EncodeOptions(
                text: [TextEntry(key: "k", value: "v")]).with(PNGEncodeOptions(palette: true, compressText: true))),
        ]
        if TestPaths.corpusAvailable {
            sources += ["pngsuite/basi0g04.png", "pngsuite/tbwn0g16.png", "pngsuite/ctzn0g04.png"].map { TestPaths.bytes(TestPaths.corpusFile($0)) }
        }
        var counts: [String: Int] = [:]
        var rng = SeededRandom(seed: 42)
        let (_, printed) = capturingStandardError {
            for source in sources {
                for length in 0..<source.count {
                    counts[Self.outcome(Array(source.prefix(length)), options: options), default: 0] += 1
                }
                for _ in 0..<300 {
                    var mutated = source
                    for _ in 0..<Int.random(in: 1...4, using: &rng) {
                        let at = Int.random(in: 8..<mutated.count, using: &rng)
                        mutated[at] ^= UInt8(1 << Int.random(in: 0..<8, using: &rng))
                    }
                    counts[Self.outcome(mutated, options: options), default: 0] += 1
                    counts[Self.outcome(Self.withValidCRCs(mutated), options: options), default: 0] += 1
                }
            }
        }
        #expect(!counts.keys.contains { $0.hasPrefix("untyped") }, "\(counts)")
        #expect(counts["truncated", default: 0] > 100, "\(counts)")
        #expect(counts["corrupt", default: 0] > 100, "\(counts)")
        #expect(counts["decoded", default: 0] > 100, "\(counts)")
        #expect(!printed.contains("libpng"), "libpng printed: \(printed)")
    }
}
