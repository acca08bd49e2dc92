/// NumPy's legacy `np.random.RandomState`: the MT19937 generator seeded with `init_genrand(seed)`, and the
/// `shuffle` that Keras uses to order a dataset's files before the validation split.
///
/// With the same seed, ``shuffle(_:)`` permutes a collection exactly as `np.random.RandomState(seed).shuffle`
/// permutes a list or a 1-D array of the same length, so a Python and a Swift program split a folder the same way.
public struct NumPyRandomState: Sendable {
    private var state: [UInt32]
    private var position: Int

    private static let stateLength = 624
    private static let shift = 397

    /// `np.random.RandomState(seed)` for an integer seed in `0 ..< 2^32` (legacy `init_genrand` seeding).
    public init(seed: UInt32) {
        var key = [UInt32](repeating: 0, count: Self.stateLength)
        var s = seed
        for i in 0..<Self.stateLength {
            key[i] = s
            s = 1_812_433_253 &* (s ^ (s >> 30)) &+ UInt32(i + 1)
        }
        state = key
        position = Self.stateLength
    }

    /// The next 32-bit output (`mt19937_next32`, i.e. `genrand_int32`).
    public mutating func nextUInt32() -> UInt32 {
        if position == Self.stateLength { regenerate() }
        var y = state[position]
        position += 1
        y ^= y >> 11
        y ^= (y << 7) & 0x9D2C_5680
        y ^= (y << 15) & 0xEFC6_0000
        y ^= y >> 18
        return y
    }

    /// The next 64-bit output: two 32-bit outputs, the first as the high half (`mt19937_next64`).
    public mutating func nextUInt64() -> UInt64 {
        let high = UInt64(nextUInt32())
        return high << 32 | UInt64(nextUInt32())
    }

    /// A uniform integer in `0 ... max` by masked rejection (NumPy's `random_interval`): draws 32-bit outputs
    /// when `max` fits in 32 bits and 64-bit outputs otherwise, masked to the smallest all-ones mask >= `max`,
    /// until one is <= `max`.
    public mutating func interval(_ max: UInt64) -> UInt64 {
        if max == 0 { return 0 }
        var mask = max
        mask |= mask >> 1
        mask |= mask >> 2
        mask |= mask >> 4
        mask |= mask >> 8
        mask |= mask >> 16
        mask |= mask >> 32
        if max <= 0xFFFF_FFFF {
            while true {
                let value = UInt64(nextUInt32()) & mask
                if value <= max { return value }
            }
        }
        while true {
            let value = nextUInt64() & mask
            if value <= max { return value }
        }
    }

    /// Shuffles `elements` in place as `RandomState.shuffle` does: for i from n-1 down to 1, swap element i
    /// with element `interval(i)`.
    public mutating func shuffle<C: MutableCollection & RandomAccessCollection>(_ elements: inout C) where C.Index == Int {
        let n = elements.count
        guard n > 1 else { return }
        let start = elements.startIndex
        for i in stride(from: n - 1, through: 1, by: -1) {
            let j = Int(interval(UInt64(i)))
            elements.swapAt(start + i, start + j)
        }
    }

    private mutating func regenerate() {
        let n = Self.stateLength, m = Self.shift
        let upper: UInt32 = 0x8000_0000, lower: UInt32 = 0x7FFF_FFFF
        let matrixA: UInt32 = 0x9908_B0DF
        for k in 0..<n {
            let y = (state[k] & upper) | (state[(k + 1) % n] & lower)
            state[k] = state[(k + m) % n] ^ (y >> 1) ^ ((y & 1) == 0 ? 0 : matrixA)
        }
        position = 0
    }
}
