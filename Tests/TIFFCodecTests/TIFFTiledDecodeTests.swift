import Foundation
import ImageKernel
import Testing
import TestSupport
import TIFFCodec

extension TIFFTestSuite {
    /// Tiled files, made at test time by libtiff's own `tiffcp` from a strip file of known pixels: the contiguous
    /// 8/16-bit layouts (copied tile by tile straight into the destination) and the 8-bit planar layout (through the
    /// scratch plane) must both give those pixels, also into a reused buffer holding an older image.
    @Suite(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/tiffcp"), "tiffcp (libtiff-tools) not installed"))
    struct TIFFTiledDecodeTests {
        /// Strip file of `image` -> `tiffcp ARGS` -> the tiled file's bytes.
        func tiled(_ image: ImageBuffer, _ arguments: [String]) throws -> [UInt8] {
            let source = temporaryPath(".tif"), target = temporaryPath(".tif")
            defer { unlink(source); unlink(target) }
            try Data(try TIFFEncoder().encode(image, options: .default)).write(to: URL(fileURLWithPath: source))
            let status = runTool("/usr/bin/tiffcp", arguments + [source, target])
            try #require(status == 0, "tiffcp \(arguments) failed")
            return [UInt8](try Data(contentsOf: URL(fileURLWithPath: target)))
        }

        @Test(arguments: [PixelFormat.gray8, .rgb8, .rgba8, .gray16, .rgb16])
        func tilesDecodeToTheSourcePixels(_ format: PixelFormat) throws {
            // 37x29 with 16x16 tiles: partial tiles on the right and at the bottom.
            let image = try TIFFEncoderTests.pattern(37, 29, format, seed: 3)
            var variants = [["-t", "-w", "16", "-l", "16"], ["-t", "-w", "16", "-l", "16", "-c", "lzw"]]
            // tiffcp changes the planar configuration of 8-bit samples only.
            if format.sampleType == .uint8 { variants.append(["-t", "-w", "16", "-l", "16", "-p", "separate"]) }
            for arguments in variants {
                let bytes = try tiled(image, arguments)
                let decoded = try TIFFDecoder().decode(bytes, options: .default)
                #expect(decoded.metadata.properties["tiff.partial"] == nil)
                #expect(decoded.image == image, "\(format) \(arguments)")
                var reused = try TIFFEncoderTests.pattern(40, 40, format, seed: 9)
                _ = try TIFFDecoder().decode(bytes, options: .default, into: &reused)
                #expect(reused == image, "\(format) \(arguments) into a reused buffer")
            }
        }

        /// A tile whose bytes lie past the end of the file, decoded with allowTruncated into a buffer of stale pixels:
        /// the other tiles, and zeros where the missing tile was (the direct path writes into the caller's buffer).
        @Test func missingTileReadsAsZerosInAReusedBuffer() throws {
            let image = try TIFFEncoderTests.pattern(37, 29, .rgb8, seed: 5)
            var bytes = try tiled(image, ["-t", "-w", "16", "-l", "16"])
            // Little-endian classic TIFF (tiffcp on this machine): TileOffsets (324, LONG x 6); move the last one
            // (the bottom-right tile, x 32..36, y 16..28) past the end.
            func u16(_ at: Int) -> Int { Int(bytes[at]) | Int(bytes[at + 1]) << 8 }
            func u32(_ at: Int) -> Int { u16(at) | u16(at + 2) << 16 }
            try #require(bytes[0] == 0x49 && bytes[2] == 42, "not a little-endian classic TIFF")
            let ifd = u32(4)
            let entry = try #require((0..<u16(ifd)).map { ifd + 2 + 12 * $0 }.first { u16($0) == 324 })
            try #require(u16(entry + 2) == 4 && u32(entry + 4) == 6, "TileOffsets is not LONG x 6")
            let last = u32(entry + 8) + 5 * 4
            for k in 0..<4 { bytes[last + k] = UInt8(truncatingIfNeeded: 10_000_000 >> (8 * k)) }
            var buffer = try ImageBuffer(width: 37, height: 29, format: .rgb8)
            buffer.withUnsafeMutableBytes { _ = $0.initializeMemory(as: UInt8.self, repeating: 99) }  // stale pixels
            let metadata = try TIFFDecoder().decode(bytes, options: DecodeOptions(allowTruncated: true), into: &buffer)
            #expect(metadata.properties["tiff.partial"] == "true")
            var wrong = 0
            for y in 0..<29 {
                for x in 0..<37 {
                    for c in 0..<3 {
                        let expected = x >= 32 && y >= 16 ? 0 : image[x: x, y: y, channel: c]
                        if buffer[x: x, y: y, channel: c] != expected { wrong += 1 }
                    }
                }
            }
            #expect(wrong == 0)
        }
    }
}
