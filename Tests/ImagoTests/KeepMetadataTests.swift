import Foundation
import Imago
import Testing
import TestSupport

/// `saveImage(_:_:keepingMetadataOf:)` and `loadImage(options: .upright)`: what the written file holds, read by
/// exiftool (not by Imago), from `gen_metadata.py`'s photo.
@Suite struct KeepMetadataTests {
    static let exiftool = "/usr/bin/exiftool"
    static let photo = TestPaths.fixture("metadata/photo.jpg")
    static let ready = FileManager.default.fileExists(atPath: photo) && FileManager.default.isExecutableFile(atPath: exiftool)

    static func tags(_ path: String) throws -> [String: Any] {
        let run = try #require(runToolCapturing(exiftool, ["-j", "-n", "-G1", path]))
        return try #require((try JSONSerialization.jsonObject(with: Data(run.output.utf8)) as? [[String: Any]])?.first)
    }

    @Test(.enabled(if: ready, "needs `make fixtures` (metadata) and exiftool"), arguments: ["jpg", "png", "webp", "tif"])
    func savedImageCarriesTheSourcesMetadata(_ ext: String) throws {
        let image = try loadImage(Self.photo)
        let path = temporaryPath("." + ext)
        defer { try? FileManager.default.removeItem(atPath: path) }
        try saveImage(path, image, keepingMetadataOf: image)
        let tags = try Self.tags(path)
        #expect(tags["IFD0:Make"] as? String == "Canon")
        #expect(tags["IFD0:Orientation"] as? Int == 6)
        #expect(tags["ICC_Profile:ProfileDescription"] as? String == "sRGB built-in")
        #expect(tags["XMP-tiff:Orientation"] as? Int == 6)
        #expect(tags["ExifIFD:DateTimeOriginal"] as? String == "2021:05:06 07:08:09")
    }

    /// A TIFF stores the EXIF block as tags parsed from it: a block with no TIFF header is dropped with a warning,
    /// which the other formats (carrying the bytes as they are) do not give.
    @Test func unreadableExifIsDroppedFromTIFFWithAWarning() throws {
        let options = EncodeOptions(exif: Array("not a TIFF header".utf8))
        #expect(options.keptMetadataWarnings(for: .tiff).count == 1)
        #expect(options.keptMetadataWarnings(for: .png).isEmpty)
        let image = try KerasImage(buffer: try ImageBuffer(width: 4, height: 3, format: .rgb8), mode: .rgb)
        var source = image
        source.metadata = ImageMetadata(format: .jpeg, width: 4, height: 3, pixelFormat: .rgb8, exif: options.exif)
        let path = temporaryPath(".tif")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let warnings = try saveImage(path, image, keepingMetadataOf: source)
        #expect(warnings.contains { $0.message.contains("EXIF block is unreadable") }, "\(warnings)")
    }

    @Test(.enabled(if: ready, "needs `make fixtures` (metadata) and exiftool"))
    func uprightImageIsSavedWithOrientationOne() throws {
        let image = try loadImage(Self.photo, options: .upright)
        let path = temporaryPath(".png")
        defer { try? FileManager.default.removeItem(atPath: path) }
        try saveImage(path, image, keepingMetadataOf: image)
        let tags = try Self.tags(path)
        #expect(tags["IFD0:Orientation"] as? Int == 1)
        #expect(tags["XMP-tiff:Orientation"] as? Int == 1)
        #expect(tags["PNG:ImageWidth"] as? Int == 40 && tags["PNG:ImageHeight"] as? Int == 60)
    }

    @Test func iccDescriptionOfHostileProfilesIsBounded() {
        var random = SeededRandom(seed: 7)
        for size in [0, 1, 127, 128, 131, 132, 200, 4000] {
            for _ in 0..<200 {
                var bytes = (0..<size).map { _ in UInt8(random.below(256)) }
                if size >= 144 {
                    // A tag table of one 'desc' entry pointing anywhere.
                    bytes.replaceSubrange(128..<144, with: [0, 0, 0, 1, 0x64, 0x65, 0x73, 0x63] + (0..<8).map { _ in UInt8(random.below(256)) })
                }
                if let text = ICCProfile.description(bytes) { #expect(text.unicodeScalars.count <= ICCProfile.maxDescriptionLength) }
                _ = ICCProfile.colorSpace(bytes)
            }
        }
    }
}
