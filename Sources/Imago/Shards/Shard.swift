/// One part of a piece of work split into `count` deterministic, disjoint parts: `--shard K/N`.
///
/// Conventions (chosen to match Spark partition ids, Ray ranks and `tf.data.Dataset.shard`'s `index`, not Keras,
/// which has no sharding): `index` is 0-based, `0 <= index < count`; the text form is `K/N` (`0/4` ... `3/4`).
/// A shard is a contiguous block of the items in their order, and the blocks are balanced: the first
/// `total % count` shards get one item more than the others. So shards `0/N` ... `N-1/N`, concatenated in index
/// order, are exactly the items in their original order; a shard may be empty when there are fewer items than shards.
public struct Shard: Sendable, Hashable, CustomStringConvertible {
    /// The 0-based position of this shard, `0 ..< count`.
    public let index: Int
    /// How many shards the work is split into (at least 1).
    public let count: Int

    /// The whole work as one shard (`0/1`).
    public static let whole = Shard(uncheckedIndex: 0, count: 1)

    /// A shard; throws `ImageError/Kind/invalidArgument` unless `count >= 1` and `0 <= index < count`.
    public init(index: Int, count: Int) throws(ImageError) {
        guard count >= 1 else { throw .invalidArgument("a shard count must be at least 1, got \(count)") }
        guard (0..<count).contains(index) else {
            throw .invalidArgument("shard index \(index) is outside 0..<\(count) (shards are numbered from 0: 0/\(count) ... \(count - 1)/\(count))")
        }
        self.init(uncheckedIndex: index, count: count)
    }

    private init(uncheckedIndex index: Int, count: Int) {
        self.index = index
        self.count = count
    }

    /// Parses `K/N` (decimal, 0-based `K`), as `--shard` takes it.
    public init(parsing text: String) throws(ImageError) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let k = Int(parts[0]), let n = Int(parts[1]) else {
            throw .invalidArgument("a shard is written K/N with 0 <= K < N (e.g. 0/4), not '\(text)'")
        }
        try self.init(index: k, count: n)
    }

    /// `K/N`.
    public var description: String { "\(index)/\(count)" }

    /// The positions of this shard's items among `total` items: a contiguous block, balanced as described above.
    public func range(of total: Int) -> Range<Int> {
        precondition(total >= 0, "a negative item count")
        let base = total / count, extra = total % count
        let start = index * base + min(index, extra)
        return start..<(start + base + (index < extra ? 1 : 0))
    }

    /// This shard's items of `items`, in their order.
    public func select<C: RandomAccessCollection>(_ items: C) -> [C.Element] where C.Index == Int {
        let part = range(of: items.count)
        return Array(items[(items.startIndex + part.lowerBound)..<(items.startIndex + part.upperBound)])
    }

    /// Every shard of a split into `count` parts, in index order.
    public static func all(count: Int) throws(ImageError) -> [Shard] {
        var shards: [Shard] = []
        for index in 0..<max(count, 0) { shards.append(try Shard(index: index, count: count)) }
        if shards.isEmpty { _ = try Shard(index: 0, count: count) }
        return shards
    }
}
