import GIFCodec
import ImageKernel
import Testing
import TestSupport

extension GIFTestSuite {
    /// Broken and hostile GIFs: typed errors, never a crash, nothing allocated beyond the limits.
    struct GIFHostileInputTests {
        let decoder = GIFDecoder()

        /// A valid 2-frame GIF written byte by byte (2-colour global table, two 4x3 frames, LZW code size 2 written as
        /// uncompressed codes), used as the base of the damaged variants.
        static func smallGIF(width: UInt16 = 4, height: UInt16 = 3) -> [UInt8] {
            var bytes = Array("GIF89a".utf8)
            bytes += [UInt8(width & 0xFF), UInt8(width >> 8), UInt8(height & 0xFF), UInt8(height >> 8), 0x80, 0, 0]
            bytes += [0, 0, 0, 255, 255, 255]
            for _ in 0..<2 {
                bytes += [0x21, 0xF9, 4, 0x04, 10, 0, 0, 0]
                bytes += [0x2C, 0, 0, 0, 0, 4, 0, 3, 0, 0]
                // Min code size 2: a clear code (4) before every two literals keeps every code 3 bits wide; then the
                // end code (5).
                let codes = (0..<6).flatMap { [4, $0 % 2, 1 - $0 % 2] } + [5]
                var bits = 0, count = 0
                var data: [UInt8] = []
                for code in codes {
                    bits |= code << count
                    count += 3
                    while count >= 8 { data.append(UInt8(bits & 0xFF)); bits >>= 8; count -= 8 }
                }
                if count > 0 { data.append(UInt8(bits & 0xFF)) }
                bytes += [2, UInt8(data.count)] + data + [0]
            }
            bytes.append(0x3B)
            return bytes
        }

        @Test func theBaseFileDecodes() throws {
            let frames = try decoder.decodeFrames(Self.smallGIF(), options: .default)
            #expect(frames.count == 2)
            #expect(frames[0].image.format == .rgb8)
        }

        @Test func a65535SquareScreenIsRefusedBeforeAllocating() throws {
            var data = Self.smallGIF()
            data[6] = 0xFF; data[7] = 0xFF; data[8] = 0xFF; data[9] = 0xFF
            for attempt in [{ _ = try decoder.probe(data, limits: .default) },
                            { _ = try decoder.decode(data, options: .default) },
                            { _ = try decoder.decodeFrames(data, options: .default) }] {
                #expect(imageErrorKind { try attempt() } == .limitExceeded)
            }
        }

        @Test func aFrameClaiming65535SquareIsRefusedBeforeAllocating() throws {
            var data = Self.smallGIF()
            // The first image descriptor's width and height (after the 13-byte screen, 6-byte table, 8-byte GCE).
            let descriptor = 13 + 6 + 8
            #expect(data[descriptor] == 0x2C)
            data[descriptor + 5] = 0xFF; data[descriptor + 6] = 0xFF; data[descriptor + 7] = 0xFF; data[descriptor + 8] = 0xFF
            #expect(imageErrorKind { _ = try decoder.decode(data, options: .default) } == .limitExceeded)
        }

        @Test func limitsAreHonoured() throws {
            let data = Self.smallGIF()
            #expect(imageErrorKind { _ = try decoder.decode(data, options: DecodeOptions(limits: Limits(maxPixels: 11))) } == .limitExceeded)
            #expect(imageErrorKind { _ = try decoder.decodeFrames(data, options: DecodeOptions(limits: Limits(maxFrames: 1))) } == .limitExceeded)
            #expect(imageErrorKind { _ = try decoder.decodeFrames(data, options: DecodeOptions(limits: Limits(maxTotalBytes: 40))) } == .limitExceeded)
        }

        @Test func everyTruncationIsATypedErrorOrADecode() throws {
            let data = Self.smallGIF()
            for length in 0..<data.count {
                let prefix = Array(data.prefix(length))
                for allowTruncated in [false, true] {
                    let options = DecodeOptions(allowTruncated: allowTruncated)
                    do {
                        let image = try decoder.decode(prefix, options: options)
                        #expect(image.image.width == 4)
                    } catch let error as ImageError {
                        #expect(error.kind != .unsupported, "cut at \(length): \(error)")
                    }
                    do { _ = try decoder.decodeFrames(prefix, options: options) } catch is ImageError {}
                    do { _ = try decoder.probe(prefix, limits: .default) } catch is ImageError {}
                }
            }
        }

        @Test func truncatedPixelDataIsAnErrorUnlessAllowed() throws {
            let data = Self.smallGIF()
            // Cut inside the first frame's LZW data.
            let cut = Array(data.prefix(13 + 6 + 8 + 10 + 3))
            #expect(imageErrorKind { _ = try decoder.decode(cut, options: .default) } == .truncated)
            let partial = try decoder.decode(cut, options: DecodeOptions(allowTruncated: true))
            #expect(partial.image.width == 4 && partial.image.height == 3)
            #expect(partial.metadata.properties["gif.truncated"] == "true")
            // Without the trailer the file is complete, as in Pillow.
            #expect(try decoder.decode(Array(data.dropLast()), options: .default).image.height == 3)
        }

        @Test func seededRandomDamageNeverCrashes() throws {
            var random = SeededRandom(seed: 2026)
            let base = Self.smallGIF()
            // Small limits: a damaged screen size up to 65535 x 65535 would otherwise allocate (legitimately) a large
            // canvas and make the loop slow.
            let options = DecodeOptions(limits: Limits(maxPixels: 1 << 16))
            for _ in 0..<3000 {
                var data = base
                for _ in 0..<(1 + random.below(4)) { data[random.below(data.count)] = UInt8(random.below(256)) }
                do { _ = try decoder.decodeFrames(data, options: options) } catch is ImageError {}
                do { _ = try decoder.decode(data, options: options) } catch is ImageError {}
            }
        }

        @Test func notAGIF() {
            #expect(imageErrorKind { _ = try decoder.decode(Array("GIF88a....".utf8), options: .default) } == .unknownFormat)
            #expect(imageErrorKind { _ = try decoder.decode([], options: .default) } == .unknownFormat)
        }
    }
}
