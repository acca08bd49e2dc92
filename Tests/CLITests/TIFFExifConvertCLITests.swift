import Foundation
import Testing
import TestSupport

/// `imago convert x.tif y.EXT` keeps the TIFF's EXIF (IFD0's descriptive tags, the Exif and GPS sub-IFDs) and
/// `--strip` drops it: the output read by Pillow 13's `getexif()` (never by Imago) against Pillow's reading of the TIFF,
/// a Pillow-written file of `scripts/fixtures/gen_tiff_exif_decode.py`.
@Suite struct TIFFExifConvertCLITests {
    static let fixtures = TestPaths.fixture("tiff_exif")
    static let ready = CLIRunner.available && PillowExifView.available && TestPaths.fixturesAvailable("tiff_exif")
    static let reason: Comment = "needs the imago binary, the Python venv (Pillow 13) and `make fixtures` (tiff_exif)"

    @Test(.enabled(if: ready, reason),
          arguments: ["photo-le.tif", "photo-be.tif", "photo-bigtiff.tif"], ["jpg", "png", "webp", "tif"])
    func convertKeepsTheTIFFsExif(_ name: String, _ ext: String) throws {
        let source = Self.fixtures + "/" + name
        let output = try CLIRunner.temporaryDirectory() + "/out." + ext
        let run = try CLIRunner.run(["convert", source, output])
        // Only the 16-bit to 8-bit conversion of the MM (I;16B) source is worth a warning.
        #expect(run.status == 0 && run.stderrLines.allSatisfy { $0.contains("warning:") && $0.contains("16-bit") },
                "\(run.stderr)")
        let expected = try #require(PillowExifView.parsed(PillowExifView.ofImage(source)))
        #expect(expected["gps"]?["2"] != nil && expected["exif"]?["33434"] as? String == "1/60", "\(expected)")
        let written = try #require(PillowExifView.parsed(PillowExifView.ofImage(output)))
        #expect(NSDictionary(dictionary: written) == NSDictionary(dictionary: expected), "\(written)")
    }

    @Test(.enabled(if: ready, reason), arguments: ["jpg", "png", "webp", "tif"])
    func stripDropsTheTIFFsExif(_ ext: String) throws {
        let output = try CLIRunner.temporaryDirectory() + "/out." + ext
        let run = try CLIRunner.run(["convert", "--strip", Self.fixtures + "/photo-le.tif", output])
        #expect(run.status == 0 && run.stderr.isEmpty, "\(run.stderr)")
        let written = try #require(PillowExifView.parsed(PillowExifView.ofImage(output)))
        #expect(written["exif"]?.isEmpty == true && written["gps"]?.isEmpty == true, "\(written)")
        // A TIFF always has its Orientation tag (1, written by the encoder); the others have none.
        #expect(written["ifd0"]?["271"] == nil && (written["ifd0"]?["274"] as? String ?? "1") == "1", "\(written)")
    }

    /// A looping or out-of-range Exif sub-IFD: the image is converted without EXIF, with one warning line naming the
    /// EXIF and no line from libtiff.
    @Test(.enabled(if: ready, reason), arguments: ["exif-loop.tif", "exif-out-of-range.tif", "gps-is-exif.tif"])
    func hostileSubIFDsConvertWithAWarning(_ name: String) throws {
        let output = try CLIRunner.temporaryDirectory() + "/out.jpg"
        let run = try CLIRunner.run(["convert", Self.fixtures + "/" + name, output])
        #expect(run.status == 0 && !run.signalled)
        #expect(run.stderrLines.count == 1 && run.stderrLines.first?.contains("warning:") == true
                && run.stderrLines.first?.contains("EXIF") == true, "\(run.stderr)")
        let written = try #require(PillowExifView.parsed(PillowExifView.ofImage(output)))
        #expect(written["exif"]?.isEmpty == true && written["ifd0"]?.isEmpty == true, "\(written)")
    }

    /// `imago info` of a TIFF prints the EXIF line with Pillow's make, model, date taken and exposure of the file.
    @Test(.enabled(if: ready, reason))
    func infoPrintsTheTIFFsExifFields() throws {
        let source = Self.fixtures + "/photo-le.tif"
        let expected = try #require(PillowExifView.parsed(PillowExifView.ofImage(source)))
        let run = try CLIRunner.run(["info", source])
        #expect(run.status == 0)
        let line = try #require(run.stdoutLines.first { $0.hasPrefix("  EXIF: ") }, "\(run.stdout)")
        for part in ["make \(expected["ifd0"]!["271"]!)", "model \(expected["ifd0"]!["272"]!)",
                     "taken \(expected["exif"]!["36867"]!)", "orientation \(expected["ifd0"]!["274"]!)",
                     "exposure \(expected["exif"]!["33434"]!) s", "GPS yes"] {
            #expect(line.contains(part), "\(part) in \(line)")
        }
    }
}
