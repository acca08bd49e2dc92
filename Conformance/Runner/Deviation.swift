import FoundationEssentials

/// A known, documented deviation from a strict corpus expectation (`Conformance/deviations.json`):
/// files under `prefix` that a codec rejects with error kind `kind` for a stated reason.
struct Deviation: Decodable, Sendable {
    var prefix: String
    var kind: String
    var issue: Int?
    var reason: String

    private struct File: Decodable { var deviations: [Deviation] }

    /// The deviations listed in `path`, or none when the file is absent.
    static func load(_ path: String) throws -> [Deviation] {
        guard let data = FileManager.default.contents(atPath: path) else { return [] }
        return try JSONDecoder().decode(File.self, from: data).deviations
    }

    /// The first deviation covering `entry`.
    static func matching(_ entry: ManifestEntry, in deviations: [Deviation]) -> Deviation? {
        deviations.first { entry.path.hasPrefix($0.prefix) }
    }
}
