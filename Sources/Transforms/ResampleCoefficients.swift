#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import ImageKernel

/// The per-output-index taps of one axis of a separable resize, as Pillow's `precompute_coeffs` computes them.
///
/// Output index `i` reads `count[i]` source samples starting at `first[i]`, with weights
/// `weights[i * stride ..< i * stride + count[i]]` (doubles, normalised to sum 1 unless the sum is 0).
struct ResampleCoefficients {
    /// Number of weight slots per output index (Pillow's `ksize`).
    let stride: Int
    /// First source index of each output index (Pillow's `xmin`).
    var first: [Int]
    /// Number of taps of each output index (Pillow's `xmax - xmin`).
    var count: [Int]
    /// Normalised weights in double.
    let weights: [Double]

    /// Computes the taps for `outSize` outputs over `[in0, in1)` of an axis of `inSize` samples.
    init(inSize: Int, in0: Float, in1: Float, outSize: Int, filter: ResampleFilter) throws(ImageError) {
        let scale = Double(in1 - in0) / Double(outSize)  // the subtraction is in float, as in Pillow
        let filterscale = max(scale, 1.0)
        let support = filter.support * filterscale
        let ksizeDouble = ceil(support) * 2 + 1
        guard ksizeDouble.isFinite, ksizeDouble < Double(Int32.max / 8) else {
            throw .invalidArgument("resize kernel of \(ksizeDouble) taps is too large")
        }
        let ksize = Int(ksizeDouble)
        let (total, overflow) = ksize.multipliedReportingOverflow(by: outSize)
        guard !overflow, total < (1 << 31) else { throw .invalidArgument("resize coefficient table is too large") }
        var weights = [Double](repeating: 0, count: total)
        var first = [Int](repeating: 0, count: outSize)
        var count = [Int](repeating: 0, count: outSize)
        let ss = 1.0 / filterscale
        let start = Double(in0)
        for i in 0..<outSize {
            let center = start + (Double(i) + 0.5) * scale
            let xmin = max(0, Int((center - support + 0.5).rounded(.towardZero)))
            let xmax = min(inSize, Int((center + support + 0.5).rounded(.towardZero)))
            let n = max(0, xmax - xmin)
            var sum = 0.0
            let base = i * ksize
            for j in 0..<n {
                let w = filter.weight((Double(j + xmin) - center + 0.5) * ss)
                weights[base + j] = w
                sum += w
            }
            if sum != 0 {
                for j in 0..<n { weights[base + j] /= sum }
            }
            first[i] = xmin
            count[i] = n
        }
        self.stride = ksize
        self.first = first
        self.count = count
        self.weights = weights
    }

    /// The weights in Pillow's 8-bit fixed point: `PRECISION_BITS` = 22, rounded half away from zero.
    var fixedPoint: [Int32] {
        // `Int(_:)` truncates toward zero, as C's cast does. Weights are at most a few times 1 in magnitude.
        weights.map { w in
            let scaled = w * Double(1 << ResampleCoefficients.precisionBits)
            return Int32(truncatingIfNeeded: Int(w < 0 ? scaled - 0.5 : scaled + 0.5))
        }
    }

    /// Pillow's `PRECISION_BITS` for 8-bit images.
    static let precisionBits = 22

    /// The first source index any output reads, and one past the last.
    var sourceRange: Range<Int> {
        guard !first.isEmpty else { return 0..<0 }
        let lo = first[0]
        let hi = first[first.count - 1] + count[count.count - 1]
        return lo..<max(lo, hi)
    }

    /// Shifts every first index by `-offset` (after a pass computed only the rows from `offset` on).
    mutating func shift(by offset: Int) {
        for i in first.indices { first[i] -= offset }
    }
}
