import Testing
import Transforms

/// `PixelConversion.widenToFloat32` gives `Float(v) * scale` for every byte at every SIMD level, for lengths that end
/// inside and outside a vector.
@Suite struct WidenLevelTests {
    @Test(arguments: [Float(1), Float(1.0 / 255), Float(0.5)])
    func everyLevelGivesFloatTimesScale(scale: Float) {
        for count in [0, 1, 15, 16, 17, 63, 64, 65, 1000, 4099] {
            let bytes = (0..<count).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) }
            let expected = bytes.map { (Float($0) * scale).bitPattern }
            for level in SIMDLevel.allCases {
                var out = [Float](repeating: .nan, count: count + 1)
                SIMDLevel.$maximum.withValue(level) {
                    bytes.withUnsafeBytes { raw in
                        out.withUnsafeMutableBufferPointer { PixelConversion.widenToFloat32(raw, into: $0.baseAddress!, scale: scale) }
                    }
                }
                #expect(Array(out.prefix(count)).map(\.bitPattern) == expected, "\(count) bytes at \(level)")
                #expect(out[count].isNaN, "wrote past \(count) bytes at \(level)")
            }
        }
    }
}
