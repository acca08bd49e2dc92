/// Maps stored samples `0...maxval` to the full range of the output type, exactly as Pillow 13 does:
/// `min(max, round(v / maxval * max))` in double precision, ties to even (Python's `round`).
enum PNMSampleScale {
    /// The scaled value of one sample.
    @inline(__always)
    static func scaled(_ value: Int, maxval: Int, to outputMax: Int) -> Int {
        min(outputMax, Int((Double(value) / Double(maxval) * Double(outputMax)).rounded(.toNearestOrEven)))
    }

    /// The 8-bit output of every possible stored byte (values above maxval clamp to 255).
    static func table8(maxval: Int) -> [UInt8] {
        table(maxval: maxval, count: 256, outputMax: UInt8.max)
    }

    /// The 16-bit output of every possible stored 16-bit sample (values above maxval clamp to 65535).
    static func table16(maxval: Int) -> [UInt16] {
        table(maxval: maxval, count: 65536, outputMax: UInt16.max)
    }

    /// `count` entries: the scaled values of `0...maxval`, then `outputMax` for everything above maxval.
    private static func table<Sample: FixedWidthInteger>(maxval: Int, count: Int, outputMax: Sample) -> [Sample] {
        var table = [Sample](repeating: outputMax, count: count)
        for value in 0...min(maxval, count - 1) {
            table[value] = Sample(scaled(value, maxval: maxval, to: Int(outputMax)))
        }
        return table
    }
}
