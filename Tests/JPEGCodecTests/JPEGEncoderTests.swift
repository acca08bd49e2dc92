import Foundation
import ImageKernel
import JPEGCodec
import Testing
import TestSupport

/// The encoder against Pillow's encoder (same settings, same input) and the system `djpeg`.
@Suite struct JPEGEncoderTests {
    struct PillowEncoding: Decodable {
        /// Pillow's `get_sampling`: 0 = 4:4:4, 1 = 4:2:2, 2 = 4:2:0, -1 otherwise.
        var sampling: Int
        var progressive: Bool
        var mode: String
    }

    static let pillowEncodings: [String: PillowEncoding] = {
        guard let data = FileManager.default.contents(atPath: TestPaths.fixture("jpeg/encode.json")) else { return [:] }
        return (try? JSONDecoder().decode([String: PillowEncoding].self, from: data)) ?? [:]
    }()

    /// The variants of scripts/fixtures/gen_jpeg.py, as Imago options.
    static let variants: [String: EncodeOptions] = [
        "q75": EncodeOptions(),
        "q90_444": EncodeOptions(quality: 90).with(JPEGEncodeOptions(subsampling: .s444)),
        "q50_422": EncodeOptions(quality: 50).with(JPEGEncodeOptions(subsampling: .s422)),
        "q95_420_opt": EncodeOptions(quality: 95).with(JPEGEncodeOptions(subsampling: .s420, optimizeHuffman: true)),
        "q80_prog": EncodeOptions(quality: 80).with(JPEGEncodeOptions(progressive: true)),
    ]

    static func input(_ kind: String) throws -> ImageBuffer {
        let array = try NpyArray(path: TestPaths.fixture("jpeg/encode/\(kind).npy"))
        let format: PixelFormat = kind == "gray" ? .gray8 : kind == "rgb" ? .rgb8 : .cmyk8
        return try ImageBuffer(width: array.shape[1], height: array.shape[0], format: format, bytes: array.data)
    }

    static let cases = ["rgb", "gray", "cmyk"].flatMap { kind in variants.keys.sorted().map { "\(kind).\($0)" } }

    @Test(.enabled(if: JPEGFixtures.available, JPEGFixtures.reason), arguments: cases)
    func encodingMatchesPillow(_ name: String) throws {
        let parts = name.split(separator: ".").map(String.init)
        let ours = try JPEGEncoder().encode(try Self.input(parts[0]), options: Self.variants[parts[1]]!)
        let pillowFile = TestPaths.bytes(TestPaths.fixture("jpeg/encode/\(name).jpg"))
        // Pillow decodes our file to the same pixels as its own file (Pillow's decode of its file is the reference).
        let decodedOurs = try JPEGDecoder().decode(ours, options: .default)
        let pillowDecode = try JPEGFixtures.reference("jpeg/encode/\(name).decoded.npy")
        let difference = JPEGFixtures.difference(decodedOurs.image, pillowDecode)
        #expect(difference == nil, "\(name): \(difference ?? "")")
        #expect(ours == pillowFile, "\(name): \(ours.count) bytes, Pillow wrote \(pillowFile.count)")
        // What Pillow reports about its file holds for ours.
        let expected = try #require(Self.pillowEncodings[name])
        let frame = try StartOfFrame(ours)
        #expect(frame.progressive == expected.progressive)
        if expected.mode == "RGB" {
            #expect([[1, 1], [2, 1], [2, 2]].firstIndex(of: frame.sampling) == expected.sampling)
        }
    }

    @Test(.enabled(if: JPEGFixtures.available && FileManager.default.isExecutableFile(atPath: "/usr/bin/djpeg"), "needs fixtures and /usr/bin/djpeg"),
          arguments: ["rgb", "gray"])
    func decodeOfOurEncodeEqualsDjpeg(_ kind: String) throws {
        for (variant, options) in Self.variants {
            let ours = try JPEGEncoder().encode(try Self.input(kind), options: options)
            let decoded = try JPEGDecoder().decode(ours, options: .default)
            let reference = try djpeg(ours)
            #expect(decoded.image.packedBytes() == reference, "\(kind).\(variant)")
        }
    }

    /// Noise at quality 100 compresses worse than the first output block the shim allocates (a quarter of the samples
    /// plus 16 KiB), so the destination grows while libjpeg writes: the file is still whole, as `djpeg` reads it.
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/djpeg"), "needs /usr/bin/djpeg"))
    func outputLargerThanTheFirstBlockIsWhole() throws {
        let (width, height) = (512, 512)
        var generator = SystemRandomNumberGenerator()
        let noise = (0..<(width * height * 3)).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let image = try ImageBuffer(width: width, height: height, format: .rgb8, bytes: noise)
        let ours = try JPEGEncoder().encode(image, options: EncodeOptions(quality: 100))
        #expect(ours.count > width * height * 3 / 4 + 16384, "the test needs an output past the first block")
        #expect(ours.suffix(2) == [0xFF, 0xD9])
        let decoded = try JPEGDecoder().decode(ours, options: .default)
        #expect(decoded.image.packedBytes() == (try djpeg(ours)))
    }

    @Test func subsamplingAndQualityAreWritten() throws {
        let image = try ImageBuffer(width: 16, height: 16, format: .rgb8)
        for (subsampling, factors) in [(JPEGEncodeOptions.Subsampling.s444, [1, 1]), (.s422, [2, 1]), (.s420, [2, 2])] {
            let file = try JPEGEncoder().encode(image, options: EncodeOptions(quality: 90).with(JPEGEncodeOptions(subsampling: subsampling)))
            let frame = try StartOfFrame(file)
            #expect(frame.sampling == factors && frame.components == 3, "\(subsampling)")
        }
        let gray = try JPEGEncoder().encode(image, options: EncodeOptions().with(JPEGEncodeOptions(subsampling: .gray)))
        #expect(try StartOfFrame(gray).components == 1)
        // Quality 100 gives all-ones luminance quantisation (libjpeg's scaling of the standard table).
        let best = try JPEGEncoder().encode(image, options: EncodeOptions(quality: 100))
        #expect(try StartOfFrame(best).firstQuantTable.allSatisfy { $0 == 1 })
        let default75 = try StartOfFrame(try JPEGEncoder().encode(image, options: .default))
        #expect(default75.firstQuantTable.first == 8) // 16 * 50% = 8: the standard table at quality 75
        #expect(default75.sampling == [2, 2])
    }

    @Test func iccAndExifRoundTrip() throws {
        var image = try ImageBuffer(width: 20, height: 10, format: .rgb8)
        image.withUnsafeMutableBytes { for i in 0..<$0.count { $0[i] = UInt8(i % 251) } }
        let icc = (0..<150_000).map { UInt8(truncatingIfNeeded: $0 * 7 + 3) } // needs 3 APP2 chunks
        let exif: [UInt8] = [0x4D, 0x4D, 0, 42, 0, 0, 0, 8, 0, 1, 0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, 6, 0, 0, 0, 0, 0, 0, 0, 0]
        let file = try JPEGEncoder().encode(image, options: EncodeOptions(iccProfile: icc, exif: exif))
        let info = try JPEGDecoder().probe(file, limits: .default)
        #expect(info.iccProfile == icc)
        #expect(info.exif == exif)
        #expect(info.orientation == .rightTop)
        // The prefixed form is accepted too.
        let prefixed = try JPEGEncoder().encode(image, options: EncodeOptions(exif: Array("Exif".utf8) + [0, 0] + exif))
        #expect(try JPEGDecoder().probe(prefixed, limits: .default).exif == exif)
    }

    @Test func cmykRoundTripsThroughAdobeInversion() throws {
        var image = try ImageBuffer(width: 16, height: 8, format: .cmyk8)
        image.withUnsafeMutableBytes { for i in 0..<$0.count { $0[i] = i % 4 == 3 ? 0 : 200 } }
        let file = try JPEGEncoder().encode(image, options: EncodeOptions(quality: 100))
        let decoded = try JPEGDecoder().decode(file, options: .default)
        #expect(decoded.image.format == .cmyk8)
        #expect(decoded.metadata.properties["jpeg.adobeTransform"] == "0")
        let bytes = decoded.image.packedBytes()
        #expect(bytes.enumerated().allSatisfy { abs(Int($0.element) - ($0.offset % 4 == 3 ? 0 : 200)) <= 2 })
    }

    @Test func refusesWhatItCannotWrite() throws {
        let rgba = try ImageBuffer(width: 4, height: 4, format: .rgba8)
        let error = #expect(throws: ImageError.self) { try JPEGEncoder().encode(rgba, options: .default) }
        #expect(error?.kind == .unsupported)
        let rgb = try ImageBuffer(width: 4, height: 4, format: .rgb8)
        let quality = #expect(throws: ImageError.self) { try JPEGEncoder().encode(rgb, options: EncodeOptions(quality: 101)) }
        #expect(quality?.kind == .invalidArgument)
        let hugeExif = #expect(throws: ImageError.self) {
            try JPEGEncoder().encode(rgb, options: EncodeOptions(exif: [UInt8](repeating: 0, count: 70_000)))
        }
        #expect(hugeExif?.kind == .invalidArgument)
    }

    /// Runs the system `djpeg` on `jpeg` and returns the PNM's pixel bytes.
    func djpeg(_ jpeg: [UInt8]) throws -> [UInt8] {
        let path = NSTemporaryDirectory() + "imago-jpeg-\(UUID().uuidString).jpg"
        try Data(jpeg).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/djpeg")
        process.arguments = ["-pnm", path]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let output = [UInt8](pipe.fileHandleForReading.readDataToEndOfFile())
        process.waitUntilExit()
        // A binary PNM header is three whitespace-separated fields after the magic, then one whitespace byte.
        var fields = 0, index = 2
        while fields < 3 {
            while output[index] == 0x20 || output[index] == 0x0A { index += 1 }
            while output[index] != 0x20 && output[index] != 0x0A { index += 1 }
            fields += 1
        }
        return Array(output[(index + 1)...])
    }
}

/// The frame header of a JPEG file, parsed independently of libjpeg.
struct StartOfFrame {
    var progressive = false
    var components = 0
    /// Luma sampling factors (h, v).
    var sampling: [Int] = []
    /// The first DQT table, in zigzag order.
    var firstQuantTable: [UInt8] = []

    init(_ data: [UInt8]) throws {
        var i = 2
        while i + 4 <= data.count {
            guard data[i] == 0xFF else { throw ImageError.corrupt("no marker at \(i)") }
            let marker = data[i + 1]
            let length = Int(data[i + 2]) << 8 | Int(data[i + 3])
            let body = Array(data[(i + 4)..<min(data.count, i + 2 + length)])
            if marker == 0xDB, firstQuantTable.isEmpty { firstQuantTable = Array(body[1..<65]) }
            if marker == 0xC0 || marker == 0xC1 || marker == 0xC2 {
                progressive = marker == 0xC2
                components = Int(body[5])
                sampling = [Int(body[7] >> 4), Int(body[7] & 15)]
                return
            }
            i += 2 + length
        }
        throw ImageError.corrupt("no SOF")
    }
}
