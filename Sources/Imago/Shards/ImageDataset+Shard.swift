/// Sharding a dataset for several machines: each shard is a contiguous block of whole batches of the post-shuffle,
/// post-split Keras order (``ImageDataset/filePaths``), so every batch boundary, label and element position is the
/// one a single machine produces, and the shards `0/N` ... `N-1/N` concatenated are exactly the single-machine batches.
extension ImageDataset {
    /// The batch positions (0-based, in the epoch order) that `shard` holds: ``Shard/range(of:)`` of ``batchCount``.
    public func batchRange(of shard: Shard) -> Range<Int> {
        shard.range(of: batchCount)
    }

    /// The element positions (indices into the single-machine ``filePaths``) that `shard` holds.
    public func elementRange(of shard: Shard) -> Range<Int> {
        let batches = batchRange(of: shard)
        let size = batchSize ?? 1
        return Swift.min(batches.lowerBound * size, count)..<Swift.min(batches.upperBound * size, count)
    }

    /// The dataset holding only `shard`'s batches, in order. Its batches are the single-machine batches
    /// ``batchRange(of:)`` (their ``DatasetBatch/index`` counts from 0 within the shard).
    public func sharded(_ shard: Shard) -> ImageDataset {
        let elements = elementRange(of: shard)
        var copy = self
        copy.filePaths = Array(filePaths[elements])
        copy.labels = labels.map { Array($0[elements]) }
        return copy
    }
}
