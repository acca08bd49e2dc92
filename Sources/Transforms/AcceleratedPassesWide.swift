import CTransformsKernels

/// Which implementation runs the double-precision separable passes (16-bit and float samples). All give Pillow's
/// bits; the choice only changes speed.
enum ResampleWideBackend: Sendable, Equatable {
    /// The C kernels (`CTransformsKernels`) at the best level the CPU runs: AVX-512, AVX2, else portable vector C.
    case automatic
    /// The C kernels at most at `level` (`CTK_LEVEL_*`; tests force each level to check it on every case).
    case kernels(level: Int32)
    /// The Swift scalar passes (``SeparablePassesWide``'s own loops). Tests force it to check that path too.
    case portable

    /// The backend for resizes started in the current task (`.automatic` unless a test overrides it).
    @TaskLocal static var current: ResampleWideBackend = .automatic

    /// The kernel level a pass started now uses (``SIMDLevel/current``, capped by the backend), or nil for the Swift
    /// passes.
    static var kernelLevel: Int32? {
        switch current {
        case .automatic: return SIMDLevel.kernelLevel()
        case .kernels(let level): return SIMDLevel.kernelLevel(cappedAt: level)
        case .portable: return nil
        }
    }
}

/// The double-precision passes through the C kernels, rows split over threads as in the Swift passes.
enum AcceleratedPassesWide {
    /// Horizontal pass (see ``SeparablePassesWide/horizontal``); false, having written nothing, when the kernels are
    /// not to be used.
    static func horizontal<S: WideSample>(_: S.Type, source: UnsafeRawPointer, sourceStride: Int, rowOffset: Int,
                                          destination: UnsafeMutableRawPointer, destinationStride: Int, rows: Int,
                                          channels: Int, coefficients c: ResampleCoefficients) -> Bool {
        guard S.kernelType >= 0, let level = ResampleWideBackend.kernelLevel else { return false }
        let src = source + rowOffset * sourceStride
        let work = rows * c.first.count * c.stride * channels
        return withTaps(c) { taps in
            ParallelRows.run(count: rows, work: work) { range in
                ctk_resample_wide_horizontal(taps, S.kernelType, Int32(channels), src, sourceStride, destination,
                                             destinationStride, range.lowerBound, range.upperBound, level)
            }
            return true
        }
    }

    /// Vertical pass (see ``SeparablePassesWide/vertical``); false when the kernels are not to be used.
    static func vertical<S: WideSample>(_: S.Type, source: UnsafeRawPointer, sourceStride: Int,
                                        destination: UnsafeMutableRawPointer, destinationStride: Int, samplesPerRow: Int,
                                        coefficients c: ResampleCoefficients) -> Bool {
        guard S.kernelType >= 0, let level = ResampleWideBackend.kernelLevel else { return false }
        let outHeight = c.first.count
        let work = outHeight * samplesPerRow * c.stride
        return withTaps(c) { taps in
            ParallelRows.run(count: outHeight, work: work) { range in
                ctk_resample_wide_vertical(taps, S.kernelType, source, sourceStride, destination, destinationStride,
                                           samplesPerRow, range.lowerBound, range.upperBound, level)
            }
            return true
        }
    }

    /// Calls `body` with the C view of `c` (valid only during the call).
    private static func withTaps<R>(_ c: ResampleCoefficients, _ body: (UnsafePointer<ctk_wide_taps>) -> R) -> R {
        c.withTapPointers(c.weights) { k, first, count in
            var taps = ctk_wide_taps(k: k, kstride: c.stride, first: first, count: count, outputs: c.first.count)
            return withUnsafePointer(to: &taps) { body($0) }
        }
    }
}
