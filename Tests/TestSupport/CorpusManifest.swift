import Foundation

/// One entry of the shared corpus's `manifest.json` (see its README for the fields).
public struct CorpusEntry: Decodable, Sendable {
    public var path: String
    public var format: String
    public var expect: String?
    public var width: Int?
    public var height: Int?
    public var mode: String?
    public var native: String?
    public var notes: String?
    public var suite: String?
    public var role: String?
    public var strict: Bool?
    public var pillow_ok: Bool?

    /// The file's absolute path.
    public var absolutePath: String { TestPaths.corpusFile(path) }
    /// Whether the expectation is strict (from the source's own labelling).
    public var isStrict: Bool { strict ?? false }
}

/// The shared corpus manifest.
public enum CorpusManifest {
    private struct File: Decodable { var files: [CorpusEntry] }

    /// Every entry, or an empty list when the corpus is absent.
    public static let entries: [CorpusEntry] = {
        guard let data = FileManager.default.contents(atPath: TestPaths.corpus + "/manifest.json") else { return [] }
        do {
            return try JSONDecoder().decode(File.self, from: data).files
        } catch {
            fatalError("cannot parse \(TestPaths.corpus)/manifest.json: \(error)")
        }
    }()

    /// Entries whose path starts with `prefix` (e.g. `pngsuite/`).
    public static func entries(under prefix: String) -> [CorpusEntry] {
        entries.filter { $0.path.hasPrefix(prefix) }
    }
}
