/// The file formats a dataset shard is written in, one file per shard (see ``ImageDataset/writeShard(_:format:to:jobs:onBatch:)``).
public enum ShardFormat: String, Sendable, Hashable, CaseIterable {
    /// TFRecord of `tf.train.Example`s, read by `tf.data.TFRecordDataset` and `tf.io.parse_single_example`.
    /// Features: `image` (bytes: the element's raw little-endian float32 samples, C order), `shape` (int64 list,
    /// (H, W, C) or (C, H, W)), `dtype` (bytes, `float32`), `path` (bytes), `index` (int64: the element's position
    /// in the single-machine epoch order), `batch` (int64: its batch's position), and with labels `class_index`
    /// (int64) and `label` (the batch's label row: int64 for `int`, float list of 1 for `binary`, one-hot float list
    /// of the class count for `categorical`).
    case tfrecord
    /// A WebDataset tar shard: per element `KEY.npy` (the image as a `.npy` array), `KEY.cls` (the class index as
    /// decimal text, when there are labels) and `KEY.json` (`path`, `index`, `batch`, and `label` as above). `KEY`
    /// is the element's position in the epoch order, nine digits, so keys are unique across shards.
    case tar

    /// The shard file's extension (without the dot).
    public var fileExtension: String { rawValue }

    /// The shard file name `shard-KKKKK-of-NNNNN.EXT` (the pattern `tf.data` and WebDataset users glob).
    public func fileName(for shard: Shard) -> String {
        "shard-\(Self.padded(shard.index))-of-\(Self.padded(shard.count)).\(fileExtension)"
    }

    /// `value` in decimal, zero-padded to at least `digits` digits.
    static func padded(_ value: Int, digits: Int = 5) -> String {
        let text = String(value)
        return String(repeating: "0", count: max(digits - text.count, 0)) + text
    }
}
