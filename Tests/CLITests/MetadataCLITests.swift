import Foundation
import Testing
import TestSupport

/// `imago convert` keeps the ICC profile, EXIF and XMP (or drops them with `--strip`), `--auto-orient` writes
/// orientation 1, and `imago info` prints the EXIF fields: all checked with exiftool, never with Imago, on the files
/// of `scripts/fixtures/gen_metadata.py` (whose `expected.json` is what Pillow reads from the source photo).
@Suite struct MetadataCLITests {
    static let exiftool = "/usr/bin/exiftool"
    static let fixtures = TestPaths.fixture("metadata")
    static let ready = CLIRunner.available && FileManager.default.fileExists(atPath: fixtures + "/expected.json")
        && FileManager.default.isExecutableFile(atPath: exiftool)
    static let reason: Comment = "needs the imago binary, `make fixtures` (metadata) and exiftool (libimage-exiftool-perl)"

    /// exiftool's `-j -n -G1` tags of a file.
    static func tags(_ path: String) throws -> [String: Any] {
        let run = try #require(runToolCapturing(exiftool, ["-j", "-n", "-G1", path]))
        let list = try #require(try JSONSerialization.jsonObject(with: Data(run.output.utf8)) as? [[String: Any]])
        return try #require(list.first)
    }

    static func expected() throws -> [String: Any] {
        let data = try #require(FileManager.default.contents(atPath: fixtures + "/expected.json"))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    @Test(.enabled(if: ready, reason), arguments: ["jpg", "png", "webp", "tif"])
    func convertKeepsProfileExifAndXmp(_ ext: String) throws {
        let directory = try CLIRunner.temporaryDirectory()
        let output = directory + "/out." + ext
        let run = try CLIRunner.run(["convert", Self.fixtures + "/photo.jpg", output])
        #expect(run.status == 0, "\(run.stderr)")
        let tags = try Self.tags(output), expected = try Self.expected()
        #expect(tags["ICC_Profile:ProfileDescription"] as? String == expected["icc_description"] as? String)
        #expect(tags["XMP-tiff:Orientation"] as? Int == 6)
        #expect(tags["IFD0:Make"] as? String == expected["make"] as? String)
        #expect(tags["IFD0:Model"] as? String == expected["model"] as? String)
        #expect(tags["IFD0:Orientation"] as? Int == 6)
        #expect(tags["ExifIFD:DateTimeOriginal"] as? String == expected["taken"] as? String)
        // Every Exif and GPS sub-IFD entry as exiftool reads it in the source (TIFF writes them as native tags).
        let source = try Self.tags(Self.fixtures + "/photo.jpg")
        for key in source.keys where key.hasPrefix("ExifIFD:") || key.hasPrefix("GPS:") {
            #expect(tags[key].map { "\($0)" } == source[key].map { "\($0)" }, "\(key) in the .\(ext) output")
        }
        #expect(tags["GPS:GPSLatitude"] != nil)
        #expect(run.stderr.isEmpty, "\(run.stderr)")
    }

    @Test(.enabled(if: ready, reason), arguments: ["jpg", "png", "webp", "tif"])
    func stripDropsEverything(_ ext: String) throws {
        let output = try CLIRunner.temporaryDirectory() + "/out." + ext
        let run = try CLIRunner.run(["convert", "--strip", Self.fixtures + "/photo.jpg", output])
        #expect(run.status == 0 && run.stderr.isEmpty, "\(run.stderr)")
        let tags = try Self.tags(output)
        for key in ["ICC_Profile:ProfileDescription", "IFD0:Make", "XMP-tiff:Orientation", "ExifIFD:DateTimeOriginal"] {
            #expect(tags[key] == nil, "\(key) left in the .\(ext) output")
        }
    }

    @Test(.enabled(if: ready, reason), arguments: ["jpg", "png", "webp", "tif"])
    func autoOrientWritesOrientationOne(_ ext: String) throws {
        let output = try CLIRunner.temporaryDirectory() + "/out." + ext
        let run = try CLIRunner.run(["convert", "--auto-orient", Self.fixtures + "/photo.jpg", output])
        #expect(run.status == 0, "\(run.stderr)")
        let tags = try Self.tags(output)
        // 60x40 stored, orientation 6: 40 wide and 60 high once upright.
        let width = tags.first { $0.key.hasSuffix(":ImageWidth") }?.value as? Int
        let height = tags.first { $0.key.hasSuffix(":ImageHeight") }?.value as? Int
        #expect(width == 40 && height == 60, "\(tags)")
        #expect((tags["IFD0:Orientation"] as? Int ?? 1) == 1)
        #expect(tags["XMP-tiff:Orientation"] as? Int == 1)
    }

    @Test(.enabled(if: ready, reason))
    func infoPrintsTheMainExifFields() throws {
        let expected = try Self.expected()
        let run = try CLIRunner.run(["info", Self.fixtures + "/photo.jpg"])
        #expect(run.status == 0)
        let exifLine = try #require(run.stdoutLines.first { $0.hasPrefix("  EXIF: ") })
        for part in ["make \(expected["make"]!)", "model \(expected["model"]!)", "taken \(expected["taken"]!)",
                     "orientation \(expected["orientation"]!)", "exposure 1/60 s", "f/2.8", "ISO 100", "GPS yes"] {
            #expect(exifLine.contains(part), "\(part) missing in \(exifLine)")
        }
        #expect(run.stdoutLines.contains("  ICC: \(expected["icc_description"]!)"))
    }

    @Test(.enabled(if: ready, reason))
    func infoJsonListsEveryEntryAndTheProfileDescription() throws {
        let run = try CLIRunner.run(["info", "--json", Self.fixtures + "/photo.jpg"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        #expect(object["icc_description"] as? String == (try Self.expected())["icc_description"] as? String)
        let entries = try #require(object["exif"] as? [[String: Any]])
        // exiftool's count of the same directories' tags (pointer tags included, as both list them).
        let tool = try #require(runToolCapturing(Self.exiftool, ["-j", "-n", "-G1", "-IFD0:all", "-ExifIFD:all", "-GPS:all",
                                                                 "-ExifOffset", "-GPSInfo", Self.fixtures + "/photo.jpg"]))
        let counted = try #require(try JSONSerialization.jsonObject(with: Data(tool.output.utf8)) as? [[String: Any]]).first
        let names = Set(entries.compactMap { $0["name"] as? String })
        for key in (counted ?? [:]).keys where key != "SourceFile" {
            let name = String(key.split(separator: ":").last!)
            let aliases = ["ISO": "ISOSpeedRatings", "ExifOffset": "ExifOffset", "GPSInfo": "GPSInfo"]
            #expect(names.contains(aliases[name] ?? name), "\(name) missing from --json")
        }
    }

    @Test(.enabled(if: ready, reason), arguments: ["truncated-exif.jpg", "orientation-0.jpg", "orientation-9.jpg", "loop-exif.jpg",
                                                   "random-icc.jpg", "huge-icc.jpg"])
    func badMetadataNeverCrashes(_ name: String) throws {
        let input = Self.fixtures + "/" + name
        let directory = try CLIRunner.temporaryDirectory()
        for arguments in [["info", input], ["info", "--json", input], ["convert", "--auto-orient", input, directory + "/o.png"],
                          ["convert", input, directory + "/o.jpg"], ["convert", input, directory + "/o.webp"],
                          ["convert", input, directory + "/o.tif"],
                          ["to-array", "--auto-orient", input, "--out", directory + "/o.npy"]] {
            let run = try CLIRunner.run(arguments)
            #expect(!run.signalled && run.status == 0, "\(arguments): \(run.stderr)")
            // Only Imago's own warning lines, never a library's.
            #expect(run.stderrLines.allSatisfy { $0.hasPrefix("imago: warning: ") }, "\(arguments): \(run.stderr)")
        }
    }

    @Test(.enabled(if: ready, reason))
    func orientationZeroAndNineTurnNothing() throws {
        let directory = try CLIRunner.temporaryDirectory()
        for name in ["orientation-0.jpg", "orientation-9.jpg"] {
            let run = try CLIRunner.run(["convert", "--auto-orient", Self.fixtures + "/" + name, directory + "/o.png"])
            #expect(run.status == 0)
            let tags = try Self.tags(directory + "/o.png")
            #expect(tags["PNG:ImageWidth"] as? Int == 16 && tags["PNG:ImageHeight"] as? Int == 12)
        }
    }
}
