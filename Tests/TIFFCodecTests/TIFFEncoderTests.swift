import Foundation
import ImageKernel
import Testing
import TestSupport
import TIFFCodec

extension TIFFTestSuite {
    /// Encoder output checked by libtiff's own tools: `tifftopnm` (netpbm) decodes the pixels, `tiffinfo` reads
    /// the tags, `tiffcmp` compares compressed against uncompressed files sample by sample.
    @Suite(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/tiffinfo")
                        && FileManager.default.isExecutableFile(atPath: "/usr/bin/tifftopnm"),
                    "tiffinfo/tiffcmp (libtiff-tools) or tifftopnm (netpbm) not installed: run scripts/install-deps.sh"))
    struct TIFFEncoderTests {
        let encoder = TIFFEncoder()

        static func pattern(_ width: Int, _ height: Int, _ format: PixelFormat, seed: Int = 0) throws -> ImageBuffer {
            var image = try ImageBuffer(width: width, height: height, format: format)
            let top = format.sampleType.maxValue
            for y in 0..<height {
                for x in 0..<width {
                    for c in 0..<format.channelCount {
                        let v = Double((x * 7 + y * 13 + c * 61 + seed * 31 + (x * y) % 17) % 256)
                        image[x: x, y: y, channel: c] = format.sampleType == .float32 ? v / 255 : (v * top / 255).rounded()
                    }
                }
            }
            return image
        }

        func write(_ bytes: [UInt8]) throws -> String {
            let path = temporaryPath(".tif")
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            return path
        }

        func options(_ compression: TIFFEncodeOptions.Compression, _ predictor: TIFFEncodeOptions.Predictor = .none) -> EncodeOptions {
            EncodeOptions().with(TIFFEncodeOptions(compression: compression, predictor: predictor))
        }

        /// tifftopnm's samples for the file at `path` (it writes 16-bit files as `(v >> 8) * 257`).
        func netpbm(_ path: String, alpha: Bool = false) throws -> (NetpbmImage, NetpbmImage?) {
            let image = temporaryPath(".pnm"), alphaPath = temporaryPath(".pgm")
            defer { unlink(image); unlink(alphaPath) }
            let arguments = (alpha ? ["-alphaout=\(alphaPath)"] : []) + ["-byrow", path]
            let result = try #require(runToolCapturing("/bin/sh", ["-c", "tifftopnm \(arguments.joined(separator: " ")) > \(image) 2>/dev/null"]))
            try #require(result.status == 0)
            return (try #require(NetpbmImage(path: image)), alpha ? NetpbmImage(path: alphaPath) : nil)
        }

        @Test(arguments: [PixelFormat.gray8, .rgb8, .gray16, .rgb16, .rgba8])
        func losslessPixelsReadBackByTifftopnm(_ format: PixelFormat) throws {
            let image = try Self.pattern(23, 17, format)
            for compression in [TIFFEncodeOptions.Compression.none, .lzw, .deflate, .packBits] {
                let predictor: TIFFEncodeOptions.Predictor = compression == .lzw || compression == .deflate ? .horizontal : .none
                let path = try write(try encoder.encode(image, options: options(compression, predictor)))
                defer { unlink(path) }
                let (pnm, alpha) = try netpbm(path, alpha: format.hasAlpha)
                #expect((pnm.width, pnm.height) == (23, 17))
                let colors = format.layout.withoutAlpha.channelCount
                var differing = 0
                for y in 0..<17 {
                    for x in 0..<23 {
                        for c in 0..<colors {
                            let ours = Int(image[x: x, y: y, channel: c])
                            let tool = pnm.values[(y * 23 + x) * pnm.depth + c]
                            if (format.sampleType == .uint16 ? tool / 257 != ours >> 8 : tool != ours) { differing += 1 }
                        }
                        if let alpha, alpha.values[y * 23 + x] != Int(image[x: x, y: y, channel: colors]) { differing += 1 }
                    }
                }
                #expect(differing == 0, "\(format) \(compression)")
                #expect(try TIFFDecoder().decode(try encoder.encode(image, options: options(compression, predictor)), options: .default).image == image)
            }
        }

        /// tiffcmp (libtiff) finds every compressed variant equal to the uncompressed file, float32 and CMYK included.
        @Test(arguments: [PixelFormat.grayF32, .rgbF32, .cmyk8, .cmyk16, .rgba16, .rgbaF32, .grayAlpha8, .grayAlpha16])
        func compressedEqualsUncompressedByTiffcmp(_ format: PixelFormat) throws {
            let image = try Self.pattern(19, 11, format)
            let plain = try write(try encoder.encode(image, options: options(.none)))
            defer { unlink(plain) }
            for (compression, predictor) in [(TIFFEncodeOptions.Compression.lzw, TIFFEncodeOptions.Predictor.automatic),
                                             (.deflate, .automatic), (.packBits, .none), (.lzw, .none)] {
                let packed = try write(try encoder.encode(image, options: options(compression, predictor)))
                defer { unlink(packed) }
                #expect(runTool("/usr/bin/tiffcmp", [plain, packed]) == 0, "\(format) \(compression) \(predictor)")
            }
            #expect(try TIFFDecoder().decode(try encoder.encode(image, options: options(.deflate, .automatic)), options: .default).image == image)
        }

        @Test func tagsAsTiffinfoReadsThem() throws {
            var options = EncodeOptions(iccProfile: [UInt8](repeating: 9, count: 300),
                                        text: [TextEntry(key: "ImageDescription", value: "a test page"), TextEntry(key: "Software", value: "Imago")],
                                        resolution: Resolution(x: 300, y: 150, unit: .inch))
            options.set(TIFFEncodeOptions(compression: .lzw, predictor: .horizontal))
            let path = try write(try encoder.encode(try Self.pattern(8, 8, .rgba8), options: options))
            defer { unlink(path) }
            let info = try #require(runToolCapturing("/usr/bin/tiffinfo", [path])).output
            for line in ["Compression Scheme: LZW", "Photometric Interpretation: RGB color", "Extra Samples: 1<unassoc-alpha>",
                         "Predictor: horizontal differencing 2", "ICC Profile: <present>, 300 bytes", "Resolution: 300, 150 pixels/inch",
                         "ImageDescription: a test page", "Software: Imago", "Samples/Pixel: 4"] {
                #expect(info.contains(line), "\(line) missing in\n\(info)")
            }
            let cmyk = try write(try encoder.encode(try Self.pattern(8, 8, .cmyk8), options: .default))
            defer { unlink(cmyk) }
            let cmykInfo = try #require(runToolCapturing("/usr/bin/tiffinfo", [cmyk])).output
            #expect(cmykInfo.contains("Photometric Interpretation: separated"), "\(cmykInfo)")
            #expect(try #require(runToolCapturing("/usr/bin/tiffdump", [cmyk])).output.contains("InkSet (332) SHORT (3) 1<1>"))
            let probed = try TIFFDecoder().probe(try encoder.encode(try Self.pattern(8, 8, .rgba8), options: options), limits: .default)
            #expect(probed.iccProfile?.count == 300 && probed.resolution == Resolution(x: 300, y: 150, unit: .inch))
        }

        @Test func jpegIsCloseByTifftopnm() throws {
            var image = try ImageBuffer(width: 64, height: 48, format: .rgb8)
            for y in 0..<48 { for x in 0..<64 { for c in 0..<3 { image[x: x, y: y, channel: c] = Double(x * 2 + c * 20 + y) } } }
            var options = EncodeOptions(quality: 90)
            options.set(TIFFEncodeOptions(compression: .jpeg))
            let path = try write(try encoder.encode(image, options: options))
            defer { unlink(path) }
            #expect(try #require(runToolCapturing("/usr/bin/tiffinfo", [path])).output.contains("Compression Scheme: JPEG"))
            // tifftopnm cannot read YCbCr: libtiff's tiff2rgba decodes the JPEG strips to plain RGBA first.
            let rgba = temporaryPath(".tif")
            defer { unlink(rgba) }
            try #require(runTool("/usr/bin/tiff2rgba", ["-c", "none", "-n", path, rgba]) == 0)
            let (pnm, _) = try netpbm(rgba)
            var squared = 0.0
            for i in 0..<(64 * 48 * 3) { let d = Double(pnm.values[i]) - image[x: (i / 3) % 64, y: i / 192, channel: i % 3]; squared += d * d }
            let psnr = 10 * log10(255 * 255 / max(squared / Double(64 * 48 * 3), 1e-9))
            #expect(psnr > 30, "PSNR \(psnr)")
            #expect(throws: ImageError.self) { try encoder.encode(try Self.pattern(4, 4, .rgb16), options: options) }
        }

        @Test func multiPageAndBigTIFF() throws {
            let pages = [try Self.pattern(10, 6, .rgb8), try Self.pattern(7, 9, .gray16, seed: 1), try Self.pattern(5, 5, .rgbaF32, seed: 2)]
            for big in [false, true] {
                var options = EncodeOptions()
                options.set(TIFFEncodeOptions(compression: .deflate, predictor: .automatic, bigTIFF: big))
                let bytes = try encoder.encodeFrames(pages, options: options)
                #expect(Array(bytes[0..<4]) == (big ? [0x49, 0x49, 0x2B, 0] : [0x49, 0x49, 0x2A, 0]))
                let path = try write(bytes)
                defer { unlink(path) }
                let info = try #require(runToolCapturing("/usr/bin/tiffinfo", [path])).output
                #expect(info.components(separatedBy: "=== TIFF directory").count - 1 == 3, "\(info)")
                #expect(info.contains("Page Number: 2-3"))
                let decoded = try TIFFDecoder().decodeFrames(bytes, options: .default)
                #expect(decoded.map(\.image) == pages)
            }
        }

        @Test func rejectsBadArguments() throws {
            let image = try Self.pattern(4, 4, .rgb8)
            #expect(throws: ImageError.self) { try encoder.encode(image, options: EncodeOptions(quality: -1)) }
            #expect(throws: ImageError.self) { try encoder.encode(image, options: EncodeOptions(compressionLevel: 10)) }
            #expect(throws: ImageError.self) { try encoder.encode(image, options: options(.none, .horizontal)) }
            #expect(throws: ImageError.self) { try encoder.encode(image, options: options(.lzw, .floatingPoint)) }
            #expect(throws: ImageError.self) { try encoder.encodeFrames([], options: .default) }
            #expect(throws: ImageError.self) { try encoder.encode(try ImageBuffer(width: 0, height: 0, format: .rgb8), options: .default) }
        }
    }
}
