import Foundation
import Testing
import ImageKernel
import PNGCodec
import TestSupport

/// CRC-32 (ISO 3309, as PNG uses), to forge test chunks.
func crc32(_ bytes: some Sequence<UInt8>) -> UInt32 {
    var crc: UInt32 = 0xFFFF_FFFF
    for byte in bytes {
        crc ^= UInt32(byte)
        for _ in 0..<8 { crc = crc & 1 != 0 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
    }
    return ~crc
}

/// `png` with its IHDR width and height replaced (CRC fixed), to fake huge images without their data.
func withIHDRSize(_ png: [UInt8], width: UInt32, height: UInt32) -> [UInt8] {
    var bytes = png
    for (i, v) in [width, height].enumerated() {
        for b in 0..<4 { bytes[16 + 4 * i + b] = UInt8(v >> (24 - 8 * b) & 0xFF) }
    }
    let crc = crc32(bytes[12..<29])
    for b in 0..<4 { bytes[29 + b] = UInt8(crc >> (24 - 8 * b) & 0xFF) }
    return bytes
}

@Suite struct PNGDecoderTests {
    static let corpus = Testing.ConditionTrait.enabled(if: TestPaths.corpusAvailable, "shared corpus missing at \(TestPaths.corpus)")

    @Test func descriptorIdentifiesPNG() {
        let format = PNG.format
        #expect(format.id == .png)
        #expect(format.extensions == ["png", "apng"])
        #expect(format.mimeTypes == ["image/png", "image/apng"])
        #expect(format.matches([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0]))
        #expect(!format.matches([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0B]))
        #expect(format.decoder != nil && format.encoder != nil)
    }

    @Test(corpus) func probeReadsTheHeaderOnly() throws {
        let info = try PNGDecoder().probe(TestPaths.bytes(TestPaths.corpusFile("pngsuite/basi3p04.png")), limits: .default)
        #expect(info.width == 32 && info.height == 32)
        #expect(info.pixelFormat == .rgb8)
        #expect(info.nativeDescription == "palette 4-bit interlaced")
        #expect(info.properties["png.interlaced"] == "true")
        #expect(info.properties["png.bitDepth"] == "4")
        #expect(info.properties["png.colorType"] == "3")
        #expect(info.properties["png.palette"] == "15")
        #expect(info.properties["png.gamma"] == "1.0")
        let sixteen = try PNGDecoder().probe(TestPaths.bytes(TestPaths.corpusFile("pngsuite/basn6a16.png")), limits: .default)
        #expect(sixteen.pixelFormat == .rgba16)
        #expect(sixteen.properties["png.hasTransparency"] == "true")
        let transparent = try PNGDecoder().probe(TestPaths.bytes(TestPaths.corpusFile("pngsuite/tbbn3p08.png")), limits: .default)
        #expect(transparent.pixelFormat == .rgba8)
    }

    @Test func limitsAreCheckedBeforeAllocating() throws {
        let small = try PNGEncoder().encode(try makeImage(.rgb8), options: .default)
        let huge = withIHDRSize(small, width: 100_000, height: 100_000)
        for data in [huge] {
            #expect(throws: ImageError.self) { _ = try PNGDecoder().probe(data, limits: .default) }
            do { _ = try PNGDecoder().decode(data, options: .default); Issue.record("decoded a 100000x100000 header") } catch let e as ImageError {
                #expect(e.kind == .limitExceeded, "\(e)")
            }
        }
        var tight = DecodeOptions()
        tight.limits.maxPixels = 100
        do { _ = try PNGDecoder().decode(small, options: tight); Issue.record("limit ignored") } catch let e as ImageError {
            #expect(e.kind == .limitExceeded)
        }
    }

    @Test func truncationIsAnErrorUnlessAllowed() throws {
        let image = try makeImage(.rgb8, width: 256, height: 256)
        let full = try PNGEncoder().encode(image, options: EncodeOptions(compressionLevel: 0))
        let cut = Array(full.prefix(full.count * 6 / 10))
        do { _ = try PNGDecoder().decode(cut, options: .default); Issue.record("decoded a truncated file") } catch let e as ImageError {
            #expect(e.kind == .truncated, "\(e)")
        }
        var lenient = DecodeOptions()
        lenient.allowTruncated = true
        let partial = try PNGDecoder().decode(cut, options: lenient)
        guard case .partial(let rowsMissing) = partial.metadata.outcome else { Issue.record("not flagged partial"); return }
        let missing = try #require(rowsMissing)
        #expect(partial.metadata.properties["png.truncatedRows"] == String(missing))  // the old key, for one release
        #expect(missing > 50 && missing < 150, "libpng reads IDAT in 8 KiB chunks, so about 40% of the rows are missing")
        let complete = 256 - missing
        if complete > 0 { #expect(partial.image.pixel(x: 5, y: complete - 1) == image.pixel(x: 5, y: complete - 1)) }
        #expect(partial.image.pixel(x: 5, y: 255) == [0, 0, 0])
        // A missing IEND after complete image data is tolerated, as in Pillow.
        let noEnd = Array(full.dropLast(12))
        #expect(try PNGDecoder().decode(noEnd, options: .default).image == image)
        #expect(throws: ImageError.self) { _ = try PNGDecoder().decode(Array(full.prefix(16)), options: .default) }
    }

    @Test(corpus) func checksumPolicy() throws {
        let badIDAT = TestPaths.bytes(TestPaths.corpusFile("pngsuite/xcsn0g01.png"))
        do { _ = try PNGDecoder().decode(badIDAT, options: .default); Issue.record("strict decoder accepted a bad IDAT CRC") } catch let e as ImageError {
            #expect(e.kind == .corrupt)
        }
        let relaxed = try PNGDecoder(checksums: .ignoreImageDataCRC).decode(badIDAT, options: .default)
        #expect(relaxed.image.width == 32 && relaxed.image.format == .gray8)
        // A bad IHDR CRC stays an error under both policies (Pillow: "cannot identify image file").
        let badIHDR = TestPaths.bytes(TestPaths.corpusFile("pngsuite/xhdn0g08.png"))
        #expect(throws: ImageError.self) { _ = try PNGDecoder(checksums: .ignoreImageDataCRC).decode(badIHDR, options: .default) }
    }

    @Test(corpus) func appleCgBIIsRejected() throws {
        do { _ = try PNGDecoder().decode(TestPaths.bytes(TestPaths.corpusFile("broken/png/cgbi-ios/basn6a08.png")), options: .default)
            Issue.record("decoded a CgBI file")
        } catch let e as ImageError {
            #expect(e.kind == .unsupported)
            #expect(e.reason.contains("CgBI"))
        }
    }

    @Test(corpus) func apngDecodesItsDefaultImage() throws {
        let data = TestPaths.bytes(TestPaths.corpusFile("png/pillow-apng/num_plays.png"))
        let decoded = try PNGDecoder().decode(data, options: .default)
        #expect(decoded.metadata.properties["png.animated"] == "true")
        #expect(decoded.metadata.properties["png.apngFrames"] == "2")
        #expect(decoded.metadata.frameCount == 1)
        #expect(decoded.metadata.properties["png.warnings"] == nil, "acTL/fcTL/fdAT must be dropped silently")
        var second = DecodeOptions()
        second.frameIndex = 1
        #expect(throws: ImageError.self) { _ = try PNGDecoder().decode(data, options: second) }
    }

    @Test func decodesIntoAReusedBuffer() throws {
        let big = try PNGEncoder().encode(try makeImage(.rgba8, width: 300, height: 200), options: .default)
        let small = try makeImage(.rgb8, width: 50, height: 40)
        var buffer = try ImageBuffer(width: 0, height: 0, format: .gray8)
        _ = try PNGDecoder().decode(big, options: .default, into: &buffer)
        let before = buffer.withUnsafeBytes { UInt(bitPattern: $0.baseAddress) }
        let metadata = try PNGDecoder().decode(try PNGEncoder().encode(small, options: .default), options: .default, into: &buffer)
        #expect(buffer == small)
        #expect(metadata.width == 50)
        #expect(buffer.withUnsafeBytes { UInt(bitPattern: $0.baseAddress) } == before, "storage reused")
    }
}
