import Foundation
import Testing
import TestSupport

/// The cases written by `scripts/fixtures/gen_orientation.py`: files with every EXIF orientation (and bad blocks),
/// with Pillow's `exif_transpose` pixels and Keras's resize of them as references.
enum OrientationFixtures {
    struct Case: Decodable {
        var file: String
        var name: String
        var orientation: Int?
        var target: [Int]
    }
    private struct Manifest: Decodable { var cases: [Case] }

    static let area = "orientation"
    static let available = FileManager.default.fileExists(atPath: path("manifest.json"))
    static let missingReason: Comment = "orientation fixtures missing at \(TestPaths.fixture(area)): run `make fixtures`"

    static func path(_ relative: String) -> String { TestPaths.fixture(area + "/" + relative) }

    static let cases: [Case] = {
        guard let data = FileManager.default.contents(atPath: path("manifest.json")) else { return [] }
        do {
            return try JSONDecoder().decode(Manifest.self, from: data).cases
        } catch {
            fatalError("cannot parse \(path("manifest.json")): \(error)")
        }
    }()
}
