import Foundation
import Imago
import Testing
import TestSupport

/// A TIFF's EXIF carried by `saveImage(_:_:keepingMetadataOf:)`, read back by Pillow 13 (never by Imago). `loadImage`
/// turns a TIFF's pixels by its Orientation tag as Pillow does when it loads one, so the EXIF written with them says
/// orientation 1 (Pillow's loaded TIFF has no Orientation in `getexif()` any more), everything else as in the TIFF.
@Suite struct TIFFExifKeepTests {
    static let tiff = TestPaths.fixture("tiff_exif/photo-le.tif")
    static let ready = PillowExifView.available && FileManager.default.fileExists(atPath: tiff)
    static let reason: Comment = "needs the Python venv (Pillow 13) and `make fixtures` (tiff_exif)"

    @Test(.enabled(if: ready, reason), arguments: ["jpg", "png", "webp"])
    func loadedTIFFIsSavedWithItsExifAndOrientationOne(_ ext: String) throws {
        let image = try loadImage(Self.tiff)
        #expect(image.width == 20 && image.height == 30, "30x20 stored, orientation 6")
        let path = temporaryPath("." + ext)
        defer { try? FileManager.default.removeItem(atPath: path) }
        try saveImage(path, image, keepingMetadataOf: image)
        var expected = try #require(PillowExifView.parsed(PillowExifView.ofImage(Self.tiff)))
        #expect(expected["ifd0"]?["274"] as? String == "6")
        expected["ifd0"]?["274"] = "1"
        let written = try #require(PillowExifView.parsed(PillowExifView.ofImage(path)))
        #expect(NSDictionary(dictionary: written) == NSDictionary(dictionary: expected), "\(written)")
    }
}
