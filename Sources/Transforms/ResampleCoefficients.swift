#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
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
        let axis = Axis(inSize: inSize, start: Double(in0), scale: scale, support: support, ss: 1.0 / filterscale, ksize: ksize)
        weights.withUnsafeMutableBufferPointer { w in
            first.withUnsafeMutableBufferPointer { f in
                count.withUnsafeMutableBufferPointer { n in
                    // One loop per filter, each with its kernel inlined.
                    switch filter {
                    case .nearest: axis.fill(w, f, n) { ResampleFilter.nearest.weight($0) }
                    case .box: axis.fill(w, f, n) { ResampleFilter.box.weight($0) }
                    case .bilinear: axis.fill(w, f, n) { ResampleFilter.bilinear.weight($0) }
                    case .hamming: axis.fill(w, f, n) { ResampleFilter.hamming.weight($0) }
                    case .bicubic: axis.fill(w, f, n) { ResampleFilter.bicubic.weight($0) }
                    case .lanczos: axis.fill(w, f, n) { ResampleFilter.lanczos.weight($0) }
                    }
                }
            }
        }
        self.stride = ksize
        self.first = first
        self.count = count
        self.weights = weights
    }

    /// The geometry of one axis, and Pillow's `precompute_coeffs` loop over it.
    private struct Axis {
        let inSize: Int
        let start: Double
        let scale: Double
        let support: Double
        let ss: Double
        let ksize: Int

        @inline(__always)
        func fill(_ weights: UnsafeMutableBufferPointer<Double>, _ first: UnsafeMutableBufferPointer<Int>,
                  _ count: UnsafeMutableBufferPointer<Int>, kernel: (Double) -> Double) {
            for i in 0..<first.count {
                let center = start + (Double(i) + 0.5) * scale
                // `Int(_:)` truncates toward zero, as Pillow's `(int)` cast does.
                let xmin = max(0, Int(center - support + 0.5))
                let xmax = min(inSize, Int(center + support + 0.5))
                let n = max(0, xmax - xmin)
                let w = weights.baseAddress! + i * ksize
                var sum = 0.0
                for j in 0..<n {
                    let v = kernel((Double(j + xmin) - center + 0.5) * ss)
                    w[j] = v
                    sum += v
                }
                if sum != 0 {
                    for j in 0..<n { w[j] /= sum }
                }
                first[i] = xmin
                count[i] = n
            }
        }
    }

    /// The weights in Pillow's 8-bit fixed point: `PRECISION_BITS` = 22, rounded half away from zero.
    var fixedPoint: [Int32] {
        // `Int(_:)` truncates toward zero, as C's cast does. Weights are at most a few times 1 in magnitude.
        [Int32](unsafeUninitializedCapacity: weights.count) { out, initialized in
            weights.withUnsafeBufferPointer { w in
                for i in 0..<w.count {
                    let scaled = w[i] * Double(1 << ResampleCoefficients.precisionBits)
                    out[i] = Int32(truncatingIfNeeded: Int(w[i] < 0 ? scaled - 0.5 : scaled + 0.5))
                }
            }
            initialized = weights.count
        }
    }

    /// Calls `body(weights, first, count)` with `weights` (``fixedPoint`` or ``weights``) and the tap ranges as C
    /// pointers, valid only during the call.
    func withTapPointers<W, R>(
        _ weights: [W], _ body: (UnsafePointer<W>?, UnsafePointer<Int>?, UnsafePointer<Int>?) -> R
    ) -> R {
        weights.withUnsafeBufferPointer { k in
            first.withUnsafeBufferPointer { first in
                count.withUnsafeBufferPointer { count in body(k.baseAddress, first.baseAddress, count.baseAddress) }
            }
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
