import Foundation

/// The manifest a fixture generator writes beside its files (`<fixtures>/<area>/manifest.json`), with the
/// same fields as the shared corpus's manifest; paths are relative to ``TestPaths/fixtures``.
public enum FixtureManifest {
    private struct File: Decodable { var files: [CorpusEntry] }

    /// The entries of `area`, or an empty list when its fixtures were not generated.
    public static func entries(_ area: String) -> [CorpusEntry] {
        guard let data = FileManager.default.contents(atPath: TestPaths.fixture("\(area)/manifest.json")) else { return [] }
        do {
            return try JSONDecoder().decode(File.self, from: data).files
        } catch {
            fatalError("cannot parse \(TestPaths.fixture("\(area)/manifest.json")): \(error)")
        }
    }
}
