import Foundation
import Imago
import Testing
import TestSupport

/// The named structs of the dataset API (`DatasetSplit`, `SkippedFile`) against Keras's split of the fixture tree, and
/// their deprecated tuple spellings forwarding to them.
@Suite(.enabled(if: DatasetFixtures.available, DatasetFixtures.reason))
struct DatasetSplitAPITests {

    /// The options struct's single entry point gives Keras's files and labels: one subset, the pair for `.both`, and
    /// the keyword function's datasets for the same arguments.
    @Test func optionsEntryPointGivesKerasSubsets() throws {
        let keras = DatasetFixtures.index.shuffles.first { $0.seed == 42 }!
        let kerasTraining = keras.splits.first { $0.split == 0.25 && $0.subset == "training" }!
        let kerasValidation = keras.splits.first { $0.split == 0.25 && $0.subset == "validation" }!
        var options = DatasetOptions(imageSize: ImageSize(height: 12, width: 16), seed: 42, validationSplit: 0.25,
                                     subset: .training, followLinks: true)
        let training = try #require(try imageDatasetFromDirectory(DatasetFixtures.tree, options: options).dataset)
        #expect(DatasetFixtures.relative(training.filePaths) == kerasTraining.file_paths)
        #expect(training.labels == kerasTraining.labels)
        options.subset = .both
        let split = try #require(try imageDatasetFromDirectory(URL(fileURLWithPath: DatasetFixtures.tree), options: options).split)
        #expect(DatasetFixtures.relative(split.validation.filePaths) == kerasValidation.file_paths)
        #expect(split.training.filePaths == training.filePaths)
        let keyword = try imageDatasetFromDirectory(DatasetFixtures.tree, imageSize: (12, 16), seed: 42, validationSplit: 0.25,
                                                    subset: .validation, followLinks: true)
        #expect(keyword.filePaths == split.validation.filePaths && keyword.labels == split.validation.labels)
        #expect(DatasetOptions() == DatasetOptions(imageSize: ImageSize(height: 256, width: 256)))
        options.subset = nil
        #expect(throws: ImageError.self) { try imageDatasetFromDirectory(DatasetFixtures.tree, options: options) }
    }

    @Test func splitIsKerasSubsetBothAndTheTupleFormForwards() throws {
        let split = try imageDatasetsFromDirectory(DatasetFixtures.tree, seed: 42, validationSplit: 0.25, followLinks: true)
        let keras = DatasetFixtures.index.shuffles.first { $0.seed == 42 }!
        let kerasTraining = keras.splits.first { $0.split == 0.25 && $0.subset == "training" }!.file_paths
        let kerasValidation = keras.splits.first { $0.split == 0.25 && $0.subset == "validation" }!.file_paths
        #expect(DatasetFixtures.relative(split.training.filePaths) == kerasTraining)
        #expect(DatasetFixtures.relative(split.validation.filePaths) == kerasValidation)
        let tuple = try (DeprecatedSpellings.self as any TupleSplitting.Type).tupleSplit(DatasetFixtures.tree)
        #expect(tuple.training.filePaths == split.training.filePaths && tuple.training.labels == split.training.labels)
        #expect(tuple.validation.filePaths == split.validation.filePaths && tuple.validation.labels == split.validation.labels)
    }

    @Test func skippedFilesNameEachUnreadableFileAndMatchTheTupleForm() async throws {
        let dataset = try imageDatasetFromDirectory(DatasetFixtures.tree, batchSize: 4, imageSize: (8, 8), shuffle: false)
            .decodingWith { path in
                if path.hasSuffix(".gif") || path.hasSuffix("2.jpg") { throw ImageError.corrupt("broken on purpose") }
                return ([Float](repeating: 0, count: 8 * 8 * 3), 8, 8, 3)  // the pixels do not matter here
            }
        var skipped: [SkippedFile] = []
        for try await batch in dataset.batches(jobs: 2, skipUnreadable: true) {
            #expect(batch.skippedFiles == (batch as any TupleSkipping).skipped.map { SkippedFile(path: $0.path, error: $0.error) })
            skipped += batch.skippedFiles
        }
        #expect(DatasetFixtures.relative(skipped.map(\.path)) == ["cats/2.jpg", "cats/e.gif"])
        #expect(skipped.allSatisfy { $0.error.kind == .corrupt && $0.error.reason.contains("broken on purpose") })
    }
}


/// The deprecated tuple form, reached through a protocol so that the test exercising it does not warn.
private protocol TupleSplitting {
    static func tupleSplit(_ tree: String) throws -> (training: ImageDataset, validation: ImageDataset)
}

private enum DeprecatedSpellings: TupleSplitting {
    @available(*, deprecated)
    static func tupleSplit(_ tree: String) throws -> (training: ImageDataset, validation: ImageDataset) {
        let (training, validation) = try imageDatasetsFromDirectory(tree, seed: 42, validationSplit: 0.25, followLinks: true)
        return (training, validation)
    }
}

/// The deprecated `skipped` tuples, reached through a protocol so that the test exercising them does not warn.
private protocol TupleSkipping {
    var skipped: [(path: String, error: ImageError)] { get }
}

extension DatasetBatch: TupleSkipping {}
