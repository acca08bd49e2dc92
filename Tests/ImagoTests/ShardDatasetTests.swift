import Foundation
import Imago
import Testing
import TestSupport

/// Dataset shards on the Keras fixture tree: whole batches, the union of the shards is the single-machine
/// dataset (files, labels and batch boundaries), and `onlyFiles` equals Keras's listing of the kept files.
@Suite(.enabled(if: DatasetFixtures.available, DatasetFixtures.reason))
struct ShardDatasetTests {
    func dataset(batchSize: Int?) throws -> ImageDataset {
        try imageDatasetFromDirectory(DatasetFixtures.tree, batchSize: batchSize, imageSize: (8, 8), seed: 42,
                                      followLinks: true)
    }

    @Test(arguments: [1, 3, 5, 64])
    func shardsAreWholeBatchesWhoseUnionIsTheDataset(batchSize: Int) throws {
        let whole = try dataset(batchSize: batchSize)
        for count in [1, 2, 3, 5] {
            var paths: [String] = [], labels: [Int] = [], batches: [Int] = []
            for shard in try Shard.all(count: count) {
                let part = whole.sharded(shard)
                let elements = whole.elementRange(of: shard)
                #expect(elements.lowerBound % batchSize == 0 || elements.lowerBound == whole.count, "a shard starts on a batch boundary")
                #expect(part.filePaths == Array(whole.filePaths[elements]))
                #expect(part.batchCount == whole.batchRange(of: shard).count)
                paths += part.filePaths
                labels += part.labels ?? []
                batches += whole.batchRange(of: shard)
            }
            #expect(paths == whole.filePaths)
            #expect(labels == whole.labels)
            #expect(batches == Array(0..<whole.batchCount))
        }
    }

    @Test func onlyFilesKeepsKerasOrderAndLabelsBeforeTheShuffle() throws {
        let all = try imageDatasetFromDirectory(DatasetFixtures.tree, imageSize: (8, 8), shuffle: false, followLinks: true)
        let kept = stride(from: 0, to: all.count, by: 2).map { all.filePaths[$0] }
        let restricted = try imageDatasetFromDirectory(DatasetFixtures.tree, imageSize: (8, 8), shuffle: false,
                                                       followLinks: true, onlyFiles: kept.reversed())
        #expect(restricted.filePaths == kept)
        #expect(restricted.labels == stride(from: 0, to: all.count, by: 2).map { all.labels![$0] })
        #expect(restricted.classNames == all.classNames)
        #expect(throws: ImageError.self) {
            try imageDatasetFromDirectory(DatasetFixtures.tree, imageSize: (8, 8), onlyFiles: ["/nonexistent/a.png"])
        }
    }
}
