import Foundation
import BMPCodec
import ImageKernel
import Testing
import TestSupport

/// The BMP writer against Pillow 13's `save(..., "BMP")` of the same pixels (scripts/fixtures/gen_bmp.py).
@Suite(.enabled(if: TestPaths.fixturesAvailable("bmp"), "BMP fixtures missing at \(TestPaths.fixture("bmp")): run `make fixtures`"))
struct BMPEncoderTests {
    static func input(_ mode: String) throws -> ImageBuffer {
        let array = try NpyArray(path: TestPaths.fixture("bmp/encode/\(mode).npy"))
        let format: PixelFormat = switch array.shape[2] {
        case 1: .gray8
        case 3: .rgb8
        default: .rgba8
        }
        return try ImageBuffer(width: array.shape[1], height: array.shape[0], format: format, bytes: array.data)
    }

    @Test(arguments: ["1", "L", "P", "RGB", "RGBA"])
    func byteIdenticalToPillow(_ mode: String) throws {
        let image = try Self.input(mode)
        var options = EncodeOptions()
        switch mode {
        case "1": options.set(BMPEncodeOptions(mode: .bilevel))
        case "P":
            let palette = try NpyArray(path: TestPaths.fixture("bmp/encode/P.palette.npy"))
            options.set(BMPEncodeOptions(mode: .palette(palette.data)))
        default: break
        }
        let ours = try BMPEncoder().encode(image, options: options)
        let pillow = TestPaths.bytes(TestPaths.fixture("bmp/encode/\(mode).bmp"))
        #expect(ours == pillow, "\(mode): \(ours.count) bytes, Pillow \(pillow.count); first difference at \((0..<min(ours.count, pillow.count)).first { ours[$0] != pillow[$0] } ?? -1)")
    }

    @Test(arguments: ["L", "P", "RGB"])
    func headerlessDIBIsByteIdenticalToPillow(_ mode: String) throws {
        var options = EncodeOptions()
        if mode == "P" {
            let palette = try NpyArray(path: TestPaths.fixture("bmp/encode/P.palette.npy"))
            options.set(BMPEncodeOptions(mode: .palette(palette.data)))
        }
        let path = TestPaths.fixture("bmp/encode/\(mode).dib")
        let ours = try BMPEncoder(fileHeader: false).encode(try Self.input(mode), options: options)
        #expect(ours == TestPaths.bytes(path))
        #expect(BMP.dibFormat.matches(ours) && !BMP.format.matches(ours))
        let decoded = try BMPDecoder().decode(ours, options: .default)
        #expect(decoded.metadata.format == BMP.dibID)
        let reference = try BMPDecoder().decode(TestPaths.bytes(TestPaths.fixture("bmp/encode/\(mode).bmp")), options: .default)
        #expect(decoded.image == reference.image)
    }

    @Test func resolutionIsWrittenAsPillowWritesDPI() throws {
        let ours = try BMPEncoder().encode(try Self.input("RGB"), options: EncodeOptions(resolution: Resolution(x: 72, y: 150, unit: .inch)))
        #expect(ours == TestPaths.bytes(TestPaths.fixture("bmp/encode/rgb_dpi.bmp")))
    }

    /// Each file Pillow wrote decodes back to the pixels it was given (mode P through its palette).
    @Test(arguments: ["1", "L", "RGB"])
    func pillowsFilesDecodeToTheirPixels(_ mode: String) throws {
        let decoded = try BMPDecoder().decode(TestPaths.bytes(TestPaths.fixture("bmp/encode/\(mode).bmp")), options: .default)
        #expect(decoded.image == (try Self.input(mode)))
        #expect(decoded.metadata.properties["bmp.pillowMode"] == mode)
    }
}
