import Foundation
import Testing
import TestSupport

/// The Keras references written by `scripts/fixtures/gen_dataset.py` (see its docstring).
enum DatasetFixtures {
    static let available = TestPaths.fixturesAvailable("dataset/index.json")
    static let reason: Comment = "dataset fixtures missing at \(TestPaths.fixture("dataset")): run `VENV=/work/venv make fixtures`"
    static let tree = TestPaths.fixture("dataset/tree")

    struct Listing: Decodable {
        var name: String
        var labels: LabelsArgument?
        var class_names_arg: [String]?
        var follow_links: Bool
        var tiff_webp: Bool
        var file_paths: [String]
        var labels_out: [Int]?
        var class_names: [String]?
    }

    /// `"inferred"`, `null` or a list of ints.
    enum LabelsArgument: Decodable {
        case inferred
        case explicit([Int])
        init(from decoder: any Decoder) throws {
            let c = try decoder.singleValueContainer()
            if let list = try? c.decode([Int].self) { self = .explicit(list) } else { self = .inferred }
        }
    }

    struct Split: Decodable {
        var split: Double
        var subset: String
        var file_paths: [String]
        var labels: [Int]
    }

    struct Shuffle: Decodable {
        var seed: UInt32
        var file_paths: [String]
        var labels: [Int]
        var splits: [Split]
    }

    struct Permutation: Decodable {
        var seed: UInt32
        var n: Int
        var permutation: [Int]
    }

    struct Raw: Decodable {
        var seed: UInt32
        var outputs: [UInt64]
    }

    struct Index: Decodable {
        var listings: [Listing]
        var shuffles: [Shuffle]
        var permutations: [Permutation]
        var mt19937: [Raw]
    }

    struct GrainConfig: Decodable {
        var name: String
        var height: Int
        var width: Int
        var interpolation: String
        var crop: Bool
        var pad: Bool
    }

    struct Grain: Decodable {
        var files: [String]
        var color_modes: [String]
        var configs: [GrainConfig]
    }

    static let index: Index = load("dataset/index.json")
    static let grain: Grain = load("dataset/grain/configs.json")

    static func load<T: Decodable>(_ relative: String) -> T {
        let path = TestPaths.fixture(relative)
        guard let data = FileManager.default.contents(atPath: path) else { fatalError("cannot read \(path)") }
        do { return try JSONDecoder().decode(T.self, from: data) } catch { fatalError("cannot parse \(path): \(error)") }
    }

    /// Strips the tree prefix from absolute paths, as the generator did.
    static func relative(_ paths: [String]) -> [String] {
        let prefix = tree + "/"
        return paths.map { $0.hasPrefix(prefix) ? String($0.dropFirst(prefix.count)) : $0 }
    }
}
