import Foundation
import Testing
import ImageKernel
import PNGCodec
import TestSupport

/// A deterministic, busy test image (every sample differs from its neighbours; 16-bit samples use both bytes).
func makeImage(_ format: PixelFormat, width: Int = 37, height: Int = 23, colours: Int? = nil) throws -> ImageBuffer {
    var image = try ImageBuffer(width: width, height: height, format: format)
    for y in 0..<height {
        for x in 0..<width {
            for c in 0..<format.channelCount {
                var v = (x * 1021 + y * 4099 + c * 12_345 + x * y * 7) & 0xFFFF
                if let colours { v = ((x / 3 + y / 2) % colours) * (c + 1) * 37 }
                image[x: x, y: y, channel: c] = Double(format.sampleType == .uint16 ? v : v & 0xFF)
            }
        }
    }
    return image
}

@Suite struct PNGEncoderTests {
    static let formats: [PixelFormat] = [.gray8, .gray16, .grayAlpha8, .grayAlpha16, .rgb8, .rgb16, .rgba8, .rgba16]

    @Test(arguments: formats)
    func roundTripsThroughLibpng(format: PixelFormat) throws {
        let image = try makeImage(format)
        for interlaced in [false, true] {
            let bytes = try PNGEncoder().encode(image, options: EncodeOptions().with(PNGEncodeOptions(interlaced: interlaced)))
            let decoded = try PNGDecoder().decode(bytes, options: .default)
            #expect(decoded.image == image, "\(format) interlaced \(interlaced)")
            #expect(decoded.metadata.pixelFormat == format)
            #expect(PNGChunks(bytes).interlace == (interlaced ? 1 : 0))
        }
    }

    /// Pillow (an independent PNG reader) decodes what we write, to the values PillowMapping predicts.
    @Test(.enabled(if: PillowReader.available, "Pillow not found at \(PillowReader.python) (set IMAGO_PYTHON)"))
    func pillowReadsOurFiles() throws {
        let folder = NSTemporaryDirectory() + "imago-png-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        var cases: [(path: String, image: ImageBuffer, pillowMode: String, filter: Int?)] = []
        func add(_ name: String, _ image: ImageBuffer, _ options: PNGEncodeOptions, mode: String, filter: Int? = nil) throws {
            let path = "\(folder)/\(name).png"
            try Data(PNGEncoder().encode(image, options: EncodeOptions().with(options))).write(to: URL(fileURLWithPath: path))
            cases.append((path, image, mode, filter))
        }
        let modes: [PixelFormat: String] = [.gray8: "L", .gray16: "I;16", .grayAlpha8: "LA", .grayAlpha16: "RGBA",
                                            .rgb8: "RGB", .rgb16: "RGB", .rgba8: "RGBA", .rgba16: "RGBA"]
        for format in Self.formats {
            try add("\(format)", try makeImage(format), PNGEncodeOptions(), mode: modes[format]!)
            try add("\(format)-adam7", try makeImage(format), PNGEncodeOptions(interlaced: true), mode: modes[format]!)
        }
        try add("palette-rgb", try makeImage(.rgb8, colours: 200), PNGEncodeOptions(palette: true), mode: "P->RGB")
        try add("palette-rgba", try makeImage(.rgba8, colours: 3), PNGEncodeOptions(palette: true), mode: "P->RGBA")
        for (filter, byte) in [(PNGEncodeOptions.Filter.none, 0), (.sub, 1), (.up, 2), (.average, 3), (.paeth, 4)] {
            try add("filter-\(byte)", try makeImage(.rgb8), PNGEncodeOptions(filter: filter), mode: "RGB", filter: byte)
        }
        let reports = try PillowReader.read(cases.map(\.path))
        for item in cases {
            let report = try #require(reports[item.path])
            #expect(report.mode == item.pillowMode, "\(item.path)")
            #expect(report.size == [item.image.width, item.image.height])
            let pillow = try NpyArray(path: item.path + ".npy").doubles.map { Int($0) }
            let expected = try #require(PillowMapping.expected(from: item.image, pillowMode: report.mode))
            #expect(pillow == expected.samples, "\(item.path): Pillow's pixels differ")
            if let filter = item.filter { #expect(report.filters == [filter], "\(item.path): filter bytes \(report.filters)") }
        }
    }

    /// 16-bit files keep both bytes: netpbm's pngtopam reads them back exactly.
    @Test(.enabled(if: PNGNetpbmReferenceTests.pngtopam != nil, "netpbm's pngtopam is not installed"),
          arguments: [PixelFormat.gray16, .grayAlpha16, .rgb16, .rgba16])
    func pngtopamReadsSixteenBitExactly(format: PixelFormat) throws {
        let image = try makeImage(format)
        let path = NSTemporaryDirectory() + "imago-png-\(getpid())-\(format).png"
        try Data(PNGEncoder().encode(image, options: .default)).write(to: URL(fileURLWithPath: path))
        defer { unlink(path) }
        let pam = try PAM(bytes: try runTool(PNGNetpbmReferenceTests.pngtopam!, ["-alphapam", path]))
        #expect(pam.maxval == 65535)
        let channels = format.channelCount
        let samples = (0..<image.width * image.height).flatMap { p in pam.samples[p * pam.depth..<p * pam.depth + channels] }
        #expect(samples == image.integerSamples)
    }

    @Test func paletteOutputIsIndexedWithTheSmallestDepth() throws {
        let three = try makeImage(.rgba8, colours: 3)
        let bytes = try PNGEncoder().encode(three, options: EncodeOptions().with(PNGEncodeOptions(palette: true)))
        let chunks = PNGChunks(bytes)
        #expect(chunks.colorType == 3)
        #expect(chunks.bitDepth == 2)
        #expect(chunks.first("PLTE")?.count == 9)
        #expect(chunks.types.contains("tRNS"))
        #expect(try PNGDecoder().decode(bytes, options: .default).image == three)
        let adam7 = try PNGEncoder().encode(three, options: EncodeOptions().with(PNGEncodeOptions(interlaced: true, palette: true)))
        #expect(PNGChunks(adam7).interlace == 1 && PNGChunks(adam7).colorType == 3)
        #expect(try PNGDecoder().decode(adam7, options: .default).image == three)

        let opaque = try makeImage(.rgb8, colours: 200)
        let indexed = try PNGEncoder().encode(opaque, options: EncodeOptions().with(PNGEncodeOptions(palette: true)))
        #expect(PNGChunks(indexed).bitDepth == 8)
        #expect(!PNGChunks(indexed).types.contains("tRNS"))
        #expect(try PNGDecoder().decode(indexed, options: .default).image == opaque)
    }

    @Test func compressionLevelReachesZlib() throws {
        let image = try makeImage(.rgb8, width: 200, height: 100, colours: 50)
        var sizes: [Int] = []
        for (level, flevel) in [(0, 0), (1, 0), (6, 2), (9, 3)] {
            let bytes = try PNGEncoder().encode(image, options: EncodeOptions(compressionLevel: level))
            #expect(PNGChunks(bytes).zlibLevelClass == flevel, "level \(level)")
            sizes.append(bytes.count)
        }
        #expect(sizes[0] > image.byteCount, "level 0 stores")
        #expect(sizes[3] < sizes[1])
        // The codec option wins over the generic one.
        let override = try PNGEncoder().encode(image, options: EncodeOptions(compressionLevel: 9).with(PNGEncodeOptions(compressionLevel: 0)))
        #expect(PNGChunks(override).zlibLevelClass == 0)
    }

    @Test func metadataIsWrittenAndReadBack() throws {
        let exif: [UInt8] = [0x4D, 0x4D, 0, 42, 0, 0, 0, 8, 0, 1, 0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, 6, 0, 0, 0, 0, 0, 0, 0, 0]
        var options = EncodeOptions(
            exif: exif,
            text: [TextEntry(key: "Title", value: "plain"), TextEntry(key: "Comment", value: "naïve ✓")],
            resolution: Resolution(x: 300, y: 150, unit: .inch))
        var bytes = try PNGEncoder().encode(try makeImage(.rgb8), options: options)
        var chunks = PNGChunks(bytes)
        #expect(chunks.types.contains("tEXt"))
        #expect(chunks.types.contains("iTXt"))
        #expect(chunks.types.contains("pHYs"))
        #expect(chunks.first("eXIf") == exif)
        let metadata = try PNGDecoder().decode(bytes, options: .default).metadata
        #expect(metadata.text == options.text)
        #expect(metadata.exif == exif)
        #expect(metadata.orientation == .rightTop)
        #expect(metadata.resolution == Resolution(x: 11811, y: 5906, unit: .meter))

        options.set(PNGEncodeOptions(compressText: true))
        bytes = try PNGEncoder().encode(try makeImage(.rgb8), options: options)
        chunks = PNGChunks(bytes)
        #expect(chunks.types.contains("zTXt"))
        #expect(try PNGDecoder().decode(bytes, options: .default).metadata.text == options.text)
    }

    @Test(.enabled(if: TestPaths.corpusAvailable, "shared corpus missing at \(TestPaths.corpus)"))
    func iccProfileIsEmbedded() throws {
        let profile = try #require(try PNGDecoder().decode(TestPaths.bytes(TestPaths.corpusFile("png/pillow/icc_profile.png")), options: .default).metadata.iccProfile)
        let bytes = try PNGEncoder().encode(try makeImage(.rgb8), options: EncodeOptions(iccProfile: profile))
        #expect(PNGChunks(bytes).types.contains("iCCP"))
        #expect(try PNGDecoder().decode(bytes, options: .default).metadata.iccProfile == profile)
    }

    @Test func refusesWhatItCannotWrite() throws {
        func kind(_ image: ImageBuffer, _ options: EncodeOptions = .default) -> ImageError.Kind? {
            do { _ = try PNGEncoder().encode(image, options: options); return nil } catch let e as ImageError { return e.kind } catch { return nil }
        }
        #expect(kind(try ImageBuffer(width: 4, height: 4, format: .cmyk8)) == .unsupported)
        #expect(kind(try ImageBuffer(width: 4, height: 4, format: .rgbF32)) == .unsupported)
        var manyColours = try ImageBuffer(width: 20, height: 20, format: .rgb8)
        for y in 0..<20 { for x in 0..<20 { manyColours[x: x, y: y, channel: 0] = Double(x); manyColours[x: x, y: y, channel: 1] = Double(y) } }
        #expect(kind(manyColours, EncodeOptions().with(PNGEncodeOptions(palette: true))) == .invalidArgument, "400 colours")
        #expect(kind(try makeImage(.gray8), EncodeOptions().with(PNGEncodeOptions(palette: true))) == .invalidArgument)
        #expect(kind(try makeImage(.rgb8), EncodeOptions(compressionLevel: 10)) == .invalidArgument)
        #expect(kind(try makeImage(.rgb8), EncodeOptions(text: [TextEntry(key: "", value: "x")])) == .invalidArgument)
        #expect(kind(try makeImage(.rgb8), EncodeOptions(iccProfile: [1, 2, 3, 4])) == .encodeFailed)
        #expect(kind(try ImageBuffer(width: 0, height: 0, format: .rgb8)) == .invalidArgument)
    }
}
