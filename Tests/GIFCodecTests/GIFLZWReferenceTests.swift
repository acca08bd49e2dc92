import CLibGIF
import GIFCodec
import ImageKernel
import Testing

extension GIFTestSuite {
    /// Imago's LZW decoder against giflib's own (`DGifSlurp`, run at test time) on generated code streams, valid and
    /// not: literals, table codes, the code being defined (KwKwK), codes beyond the table, clear codes, early end
    /// codes, a full table without a clear, no first clear code, minimum code sizes 1-8, interlaced and not, damaged
    /// bytes. Each file decodes in both or fails in both, and the indices are equal.
    struct GIFLZWReferenceTests {
        /// A deterministic generator (xorshift64).
        struct Random {
            var state: UInt64
            mutating func next() -> UInt64 {
                state ^= state << 13
                state ^= state >> 7
                state ^= state << 17
                return state
            }
            mutating func below(_ n: Int) -> Int { n <= 0 ? 0 : Int(next() % UInt64(n)) }
        }

        /// Codes packed with the decoder's width rule (giflib's: the width grows after the code that makes the running
        /// code pass 2^width, up to 12 bits; a clear code starts over).
        static func codeStream(codeSize: Int, pixels: Int, _ random: inout Random) -> [UInt8] {
            let clear = 1 << codeSize, end = clear + 1
            var running = end + 1, width = codeSize + 1, limit = 1 << width
            var bits: UInt64 = 0, count = 0
            var out: [UInt8] = []
            let fill = random.below(4) == 0
            let total = fill ? 4500 + random.below(4000) : random.below(4) == 0 ? pixels / 2 : pixels + 8
            let firstClear = random.below(3) != 0
            let wild = random.below(3) == 0  // codes anywhere below 2^width, mostly beyond the table
            for k in 0..<total {
                var code: Int
                let r = random.below(1000)
                if k == 0 && firstClear { code = clear }
                else if r < 3 && !fill { code = clear }
                else if r < 4 && !fill { code = end }
                else if r < 8 && wild { code = random.below(1 << width) }
                else if r < 250 { code = random.below(clear) }
                else if running - end - 1 > 0 { code = min(4095, end + 1 + random.below(running - end - 1)) }
                else { code = random.below(clear) }
                if code >= 1 << width { code = random.below(clear) }
                bits |= UInt64(code) << count
                count += width
                while count >= 8 { out.append(UInt8(bits & 0xFF)); bits >>= 8; count -= 8 }
                if running < 4097 {
                    running += 1
                    if running > limit && width < 12 { limit <<= 1; width += 1 }
                }
                if code == clear { running = end + 1; width = codeSize + 1; limit = 1 << width }
            }
            if random.below(2) == 0 { bits |= UInt64(end) << count; count += width }
            while count > 0 { out.append(UInt8(bits & 0xFF)); bits >>= 8; count -= 8 }
            if random.below(5) == 0 && !out.isEmpty {
                for _ in 0...random.below(3) { out[random.below(out.count)] ^= UInt8(1 << random.below(8)) }
            }
            return out
        }

        /// One frame covering the screen, a 256-entry global table whose red channel is the index.
        static func file(_ random: inout Random) -> (bytes: [UInt8], width: Int, height: Int) {
            let width = 1 + random.below(random.below(2) == 0 ? 24 : 200)
            let height = 1 + random.below(random.below(2) == 0 ? 24 : 120)
            let codeSize = 1 + random.below(8)
            let le = { (v: Int) in [UInt8(v & 0xFF), UInt8(v >> 8)] }
            var bytes = Array("GIF89a".utf8) + le(width) + le(height) + [0xF7, 0, 0]
            for i in 0..<256 { bytes += [UInt8(i), UInt8(255 - i), UInt8(truncatingIfNeeded: i &* 7)] }
            bytes += [0x2C] + le(0) + le(0) + le(width) + le(height) + [random.below(2) == 0 ? 0x40 : 0, UInt8(codeSize)]
            let data = codeStream(codeSize: codeSize, pixels: width * height, &random)
            var at = 0
            while at < data.count {
                let n = min(data.count - at, random.below(2) == 0 ? 255 : 1 + random.below(255))
                bytes += [UInt8(n)] + data[at..<at + n]
                at += n
            }
            bytes += [0, 0x3B]
            return (bytes, width, height)
        }

        /// The file's first frame through giflib's `DGifSlurp` from memory, or `nil` when giflib fails.
        static func giflibIndices(_ bytes: [UInt8]) -> [UInt8]? {
            final class Source {
                let bytes: [UInt8]
                var position = 0
                init(_ bytes: [UInt8]) { self.bytes = bytes }
            }
            let source = Source(bytes)
            let read: InputFunc = { gif, buffer, length in
                guard let gif, let buffer, let user = gif.pointee.UserData else { return 0 }
                let source = Unmanaged<Source>.fromOpaque(user).takeUnretainedValue()
                let n = min(Int(length), source.bytes.count - source.position)
                for i in 0..<n { buffer[i] = source.bytes[source.position + i] }
                source.position += n
                return Int32(n)
            }
            var error: Int32 = 0
            return withExtendedLifetime(source) {
                guard let gif = DGifOpen(Unmanaged.passUnretained(source).toOpaque(), read, &error) else { return nil }
                defer { DGifCloseFile(gif, &error) }
                guard DGifSlurp(gif) == GIF_OK, gif.pointee.ImageCount > 0, let saved = gif.pointee.SavedImages,
                      let raster = saved[0].RasterBits else { return nil }
                let count = Int(saved[0].ImageDesc.Width) * Int(saved[0].ImageDesc.Height)
                return Array(UnsafeBufferPointer(start: raster, count: count))
            }
        }

        @Test func decodesAsGiflibDoes() throws {
            var random = Random(state: 0x9E37_79B9_7F4A_7C15)
            var decoded = 0, failed = 0
            for index in 0..<1500 {
                let (bytes, width, height) = Self.file(&random)
                let reference = Self.giflibIndices(bytes)
                let image = try? GIFDecoder().decode(bytes, options: .default).image
                #expect((reference == nil) == (image == nil), "file \(index): giflib \(reference == nil ? "fails" : "decodes"), Imago \(image == nil ? "fails" : "decodes")")
                guard let reference, let image else {
                    failed += 1
                    continue
                }
                decoded += 1
                #expect(image.width == width && image.height == height && image.format == .rgb8)
                let rgb = image.packedBytes()
                let indices = (0..<width * height).map { rgb[3 * $0] }
                #expect(indices == reference, "file \(index): \(width)x\(height) indices differ from giflib's")
            }
            // Both outcomes are exercised.
            #expect(decoded > 500 && failed > 100, "decoded \(decoded), failed \(failed)")
        }
    }
}
