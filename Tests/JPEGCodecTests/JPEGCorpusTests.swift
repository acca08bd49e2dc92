import Foundation
import ImageKernel
import JPEGCodec
import Testing
import TestSupport

/// Every JPEG of the shared corpus decodes as the manifest says, to exactly Pillow's pixels.
@Suite struct JPEGCorpusTests {
    static let entries = JPEGFixtures.jpegEntries(under: "jpeg/") + JPEGFixtures.jpegEntries(under: "photos/")

    @Test(.enabled(if: TestPaths.corpusAvailable, JPEGFixtures.corpusReason))
    func corpusHasJPEGs() {
        #expect(Self.entries.count >= 90)
    }

    @Test(.enabled(if: TestPaths.corpusAvailable, JPEGFixtures.corpusReason), arguments: entries.map(\.path))
    func decodesAsManifestSays(_ path: String) throws {
        let entry = try #require(Self.entries.first { $0.path == path })
        let data = TestPaths.bytes(entry.absolutePath)
        if entry.pillow_ok == false {
            // 12-bit and lossless JPEGs: valid files this libjpeg build (8-bit only) cannot decode, as in Pillow.
            #expect(entry.native?.contains("12-bit") == true || entry.native?.contains("lossless") == true)
            let error = #expect(throws: ImageError.self) { try JPEGDecoder().decode(data, options: .default) }
            #expect(error?.kind == .unsupported, "\(path): \(String(describing: error))")
            #expect(error?.reason.contains("12-bit") == true || error?.reason.contains("lossless") == true, "\(String(describing: error))")
            return
        }
        #expect(entry.expect == "decode")
        let decoded = try JPEGDecoder().decode(data, options: .default)
        #expect(decoded.image.width == entry.width && decoded.image.height == entry.height)
        let expectedFormat: PixelFormat = switch entry.mode {
        case "L": .gray8
        case "CMYK": .cmyk8
        default: .rgb8
        }
        #expect(decoded.image.format == expectedFormat)
        let probed = try JPEGDecoder().probe(data, limits: .default)
        #expect(probed.width == entry.width && probed.height == entry.height && probed.pixelFormat == expectedFormat)
    }

    @Test(.enabled(if: TestPaths.corpusAvailable && JPEGFixtures.available, JPEGFixtures.reason), arguments: entries.map(\.path))
    func pixelsEqualPillow(_ path: String) throws {
        guard let record = JPEGFixtures.pillow[path], record.ok else { return }
        let data = TestPaths.bytes(TestPaths.corpusFile(path))
        let decoded = try JPEGDecoder().decode(data, options: .default)
        let reference = try JPEGFixtures.reference("jpeg/corpus/\(path).npy")
        let difference = JPEGFixtures.difference(decoded.image, reference)
        #expect(difference == nil, "\(path): \(difference ?? "")")
    }

    @Test(.enabled(if: TestPaths.corpusAvailable && JPEGFixtures.available, JPEGFixtures.reason), arguments: entries.map(\.path))
    func metadataEqualsPillow(_ path: String) throws {
        guard let record = JPEGFixtures.pillow[path], record.ok else { return }
        let info = try JPEGDecoder().probe(TestPaths.bytes(TestPaths.corpusFile(path)), limits: .default)
        #expect(info.iccProfile.map(JPEGFixtures.hex) == record.icc, "\(path): ICC profile differs from Pillow's")
        #expect(info.exif.map(JPEGFixtures.hex) == record.exif, "\(path): EXIF differs from Pillow's")
        #expect(info.orientation.rawValue == (record.orientation.flatMap { (1...8).contains($0) ? $0 : nil } ?? 1))
    }

    @Test(.enabled(if: TestPaths.corpusAvailable, JPEGFixtures.corpusReason))
    func orientationFilesReportTheirOrientation() throws {
        let files = Self.entries.filter { $0.path.contains("Landscape_") || $0.path.contains("hopper_orientation_") }
        #expect(files.count == 16)
        for entry in files {
            let digit = try #require(entry.path.dropLast(4).last?.wholeNumberValue)
            let info = try JPEGDecoder().probe(TestPaths.bytes(entry.absolutePath), limits: .default)
            #expect(info.orientation.rawValue == max(digit, 1), "\(entry.path)")
        }
    }

    @Test(.enabled(if: TestPaths.corpusAvailable, JPEGFixtures.corpusReason))
    func probeDescribesTheStream() throws {
        let progressive = try JPEGDecoder().probe(TestPaths.bytes(TestPaths.corpusFile("jpeg/libjpeg-turbo/testimgp.jpg")), limits: .default)
        #expect(progressive.properties["jpeg.progressive"] == "true")
        #expect(progressive.nativeDescription.hasPrefix("YCbCr"))
        #expect(progressive.nativeDescription.contains("progressive"))
        let arithmetic = try JPEGDecoder().probe(TestPaths.bytes(TestPaths.corpusFile("jpeg/libjpeg-turbo/testimgari.jpg")), limits: .default)
        #expect(arithmetic.properties["jpeg.arithmetic"] == "true")
        let gray = try JPEGDecoder().probe(TestPaths.bytes(TestPaths.corpusFile("jpeg/libjpeg-turbo/testimggray.jpg")), limits: .default)
        #expect(gray.pixelFormat == .gray8 && gray.properties["jpeg.colorSpace"] == "Gray")
        let ycck = try JPEGDecoder().probe(TestPaths.bytes(TestPaths.corpusFile("jpeg/jpeg-decoder/ycck.jpg")), limits: .default)
        #expect(ycck.pixelFormat == .cmyk8 && ycck.properties["jpeg.colorSpace"] == "YCCK")
        let restarts = try JPEGDecoder().probe(TestPaths.bytes(TestPaths.corpusFile("jpeg/jpeg-decoder/restarts.jpg")), limits: .default)
        #expect(restarts.properties["jpeg.restartInterval"] != nil)
    }
}
