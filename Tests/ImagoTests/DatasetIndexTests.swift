import Foundation
import Imago
import Testing
import TestSupport

/// Listing order, labels, class names, shuffle and split compared with real Keras 3.15.1 bookkeeping.
@Suite(.enabled(if: DatasetFixtures.available, DatasetFixtures.reason))
struct DatasetIndexTests {
    @Test func listingsMatchKerasIndexDirectory() throws {
        for listing in DatasetFixtures.index.listings {
            let labels: DirectoryIndex.Labels
            switch listing.labels {
            case nil: labels = .none
            case .inferred?: labels = .inferred
            case .explicit(let list)?: labels = .explicit(list)
            }
            let extensions = DirectoryIndex.kerasExtensions + (listing.tiff_webp ? DirectoryIndex.tiffAndWebPExtensions : [])
            let index = try DirectoryIndex(
                directory: DatasetFixtures.tree, labels: labels, extensions: extensions,
                classNames: listing.class_names_arg, followLinks: listing.follow_links)
            #expect(DatasetFixtures.relative(index.filePaths) == listing.file_paths, "listing \(listing.name)")
            #expect(index.labels == listing.labels_out, "labels of \(listing.name)")
            #expect(index.classNames == listing.class_names, "class names of \(listing.name)")
        }
    }

    @Test func pathsAreJoinedAsOsPathJoin() throws {
        let slash = try DirectoryIndex(directory: DatasetFixtures.tree + "/", labels: .none)
        #expect(slash.filePaths.first == DatasetFixtures.tree + "/Top2.PNG")
        let plain = try DirectoryIndex(directory: DatasetFixtures.tree, labels: .inferred)
        #expect(plain.filePaths.first == DatasetFixtures.tree + "/Cats/B.JPG")
    }

    @Test func mt19937MatchesNumPyLegacySeeding() {
        for raw in DatasetFixtures.index.mt19937 {
            var rng = NumPyRandomState(seed: raw.seed)
            let ours = (0..<raw.outputs.count).map { _ in UInt64(rng.nextUInt32()) }
            #expect(ours == raw.outputs, "seed \(raw.seed)")
        }
    }

    @Test func shuffleMatchesRandomStateShuffle() {
        for p in DatasetFixtures.index.permutations {
            var values = Array(0..<p.n)
            var rng = NumPyRandomState(seed: p.seed)
            rng.shuffle(&values)
            #expect(values == p.permutation, "seed \(p.seed), n \(p.n)")
        }
    }

    @Test func shuffledListingAndSplitsMatchKeras() throws {
        for s in DatasetFixtures.index.shuffles {
            var index = try DirectoryIndex(directory: DatasetFixtures.tree, labels: .inferred, followLinks: true)
            index.shuffle(seed: s.seed)
            #expect(DatasetFixtures.relative(index.filePaths) == s.file_paths, "seed \(s.seed)")
            #expect(index.labels == s.labels, "labels, seed \(s.seed)")
            for split in s.splits {
                let subset = ValidationSplit.Subset(rawValue: split.subset)!
                let range = try ValidationSplit(fraction: split.split).range(of: subset, count: index.filePaths.count)
                #expect(DatasetFixtures.relative(Array(index.filePaths[range])) == split.file_paths, "seed \(s.seed) \(split.split) \(split.subset)")
                #expect(Array(index.labels![range]) == split.labels)
            }
        }
    }

    @Test func emptyTrainingSplitIsAnError() throws {
        let split = try ValidationSplit(fraction: 0.01)
        #expect(throws: ImageError.self) { try split.range(of: .training, count: 50) }
        #expect(throws: ImageError.self) { try ValidationSplit(fraction: 1) }
        #expect(throws: ImageError.self) { try ValidationSplit(fraction: 0) }
        #expect(try split.range(of: .validation, count: 100) == 99..<100)
    }

    @Test func classNamesMustBeSubdirectories() {
        #expect(throws: ImageError.self) {
            try DirectoryIndex(directory: DatasetFixtures.tree, labels: .inferred, classNames: ["cats", "horses"])
        }
        #expect(throws: ImageError.self) {
            try DirectoryIndex(directory: DatasetFixtures.tree, labels: .none, classNames: ["cats"])
        }
        #expect(throws: ImageError.self) {
            try DirectoryIndex(directory: DatasetFixtures.tree, labels: .explicit([1, 2]))
        }
    }
}
