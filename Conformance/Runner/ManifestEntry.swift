import FoundationEssentials

/// One file to check: an entry of the corpus manifest or of one of the project's manifests.
struct ManifestEntry: Decodable, Sendable {
    /// Relative to the manifest's root folder.
    var path: String
    /// The manifest's format name (png, jpeg, tiff, webp, bmp, pnm, text).
    var format: String
    /// `decode`, `reject`, or nil for data files that are not images.
    var expect: String?
    var strict: Bool?
    var width: Int?
    var height: Int?
    /// Where `path` is relative to (set after loading).
    var root: String = ""

    enum CodingKeys: String, CodingKey { case path, format, expect, strict, width, height }

    var absolutePath: String { root + "/" + path }
    var isStrict: Bool { strict ?? false }
    var expectsDecode: Bool { expect == "decode" }

    private struct File: Decodable { var files: [ManifestEntry] }

    /// The entries of the manifest at `manifestPath`, their paths relative to `root`.
    static func load(_ manifestPath: String, root: String) throws -> [ManifestEntry] {
        guard let data = FileManager.default.contents(atPath: manifestPath) else {
            throw ManifestError(message: "cannot read \(manifestPath)")
        }
        return try JSONDecoder().decode(File.self, from: data).files.map { entry in
            var copy = entry
            copy.root = root
            return copy
        }
    }
}

struct ManifestError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}
