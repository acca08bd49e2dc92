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
        (0...255).map { UInt8(scaled($0, maxval: maxval, to: 255)) }
    }

    /// The 16-bit output of every possible stored 16-bit sample (values above maxval clamp to 65535).
    static func table16(maxval: Int) -> [UInt16] {
        (0...65535).map { UInt16(scaled($0, maxval: maxval, to: 65535)) }
    }
}
