import Imago
import Testing

/// `Shard`: parsing `K/N`, and the partition of any item count into contiguous, balanced, disjoint blocks whose
/// union (in index order) is the whole.
struct ShardPartitionTests {
    @Test(arguments: [0, 1, 2, 3, 7, 10, 31, 32, 33, 100, 1001])
    func shardsPartitionEveryCountInOrder(total: Int) throws {
        for count in [1, 2, 3, 4, 7, 16, 40] {
            let shards = try Shard.all(count: count)
            let ranges = shards.map { $0.range(of: total) }
            // Disjoint and contiguous: each block starts where the previous one ended; the union is 0..<total.
            var next = 0
            for range in ranges {
                #expect(range.lowerBound == next)
                next = range.upperBound
            }
            #expect(next == total)
            // Balanced: sizes differ by at most one, larger blocks first.
            let sizes = ranges.map(\.count)
            #expect(sizes.max()! - sizes.min()! <= 1)
            #expect(sizes == sizes.sorted(by: >))
            // select() concatenated is the input, in order.
            let items = Array(0..<total)
            #expect(shards.flatMap { $0.select(items) } == items)
        }
    }

    @Test func parsesZeroBasedKOverN() throws {
        #expect(try Shard(parsing: "0/1") == .whole)
        let shard = try Shard(parsing: "3/4")
        #expect(shard.index == 3 && shard.count == 4 && shard.description == "3/4")
        for bad in ["4/4", "-1/4", "1/0", "1", "1/2/3", "a/b", "", "1/", "/2", " 1/2"] {
            #expect(throws: ImageError.self, "\(bad)") { try Shard(parsing: bad) }
        }
        #expect(throws: ImageError.self) { try Shard(index: 0, count: 0) }
    }

    @Test func shardFileNamesSortInShardOrder() throws {
        #expect(ShardFormat.tfrecord.fileName(for: try Shard(index: 2, count: 16)) == "shard-00002-of-00016.tfrecord")
        #expect(ShardFormat.tar.fileName(for: .whole) == "shard-00000-of-00001.tar")
    }
}
