import CTransformsKernels

/// Which implementation runs the 8-bit separable passes. Both give Pillow's bits; the choice only changes speed.
enum Resample8Backend: Sendable, Equatable {
    /// The best C kernels (`CTransformsKernels`) the CPU runs — AVX-512, else AVX2 — when a plan can be made,
    /// else the portable Swift passes (SSE2-level SIMD, faster than the kernels' plain C loops).
    case automatic
    /// The AVX-512 kernels with at least `minimumParts` (2 or 4) vectors per horizontal window block, the layouts
    /// of larger downscales (tests force them to check those layouts on every case too).
    case avx512(minimumParts: Int)
    /// The AVX2 C kernels even on a CPU with AVX-512 (tests force it to check that path too).
    case avx2
    /// Always the portable Swift passes (``SeparablePasses8``'s own loops). Tests force it to check that path too.
    case portable

    /// The backend for resizes started in the current task (`.automatic` unless a test overrides it).
    @TaskLocal static var current: Resample8Backend = .automatic

    /// Whether the CPU runs the AVX2 kernels.
    static var hasAVX2: Bool { SIMDLevel.cpu >= .avx2 }

    /// Whether the CPU runs the AVX-512 kernels.
    static var hasAVX512: Bool { SIMDLevel.cpu >= .avx512 }

    /// The level a pass started now may use in the C kernels (``SIMDLevel/current``, capped by the backend), or nil
    /// for the Swift passes.
    static var kernelLevel: Int32? {
        let level: Int32
        switch current {
        case .automatic: level = SIMDLevel.kernelLevel()
        case .avx512(let parts): return SIMDLevel.current == .avx512 ? SIMDLevel.kernelLevel() | Int32(parts << 8) : nil
        case .avx2: level = SIMDLevel.kernelLevel(cappedAt: Int32(CTK_LEVEL_AVX2))
        case .portable: return nil
        }
        return level >= Int32(CTK_LEVEL_AVX2) ? level : nil
    }
}

/// The 8-bit passes through the C kernels, rows split over threads as in the Swift passes.
enum AcceleratedPasses8 {
    /// Horizontal pass (see ``SeparablePasses8/horizontal``). Returns false, having written nothing, when the kernels
    /// are not to be used or the C plan cannot be made (a channel count outside 1...4, weights beyond the 16-bit split,
    /// out of memory).
    static func horizontal(source: UnsafeRawPointer, sourceStride: Int, sourceBytes: Int, rowOffset: Int,
                           destination: UnsafeMutableRawPointer, destinationStride: Int, rows: Int,
                           channels: Int, coefficients c: ResampleCoefficients) -> Bool {
        guard let level = Resample8Backend.kernelLevel, (1...4).contains(channels) else { return false }
        let plan = c.withTapPointers(c.fixedPoint) { k, first, count in
            ctk_hplan_create(k, c.stride, first, count, c.first.count, Int32(channels), level)
        }
        guard let plan else { return false }
        defer { ctk_hplan_free(plan) }
        let src = (source + rowOffset * sourceStride).assumingMemoryBound(to: UInt8.self)
        let readable = sourceBytes - rowOffset * sourceStride
        let dst = destination.assumingMemoryBound(to: UInt8.self)
        let work = rows * c.first.count * c.stride * channels
        ParallelRows.run(count: rows, work: work, threshold: threshold) { range in
            ctk_resample8_horizontal(plan, src, sourceStride, readable, dst, destinationStride, range.lowerBound, range.upperBound)
        }
        return true
    }

    /// Vertical pass (see ``SeparablePasses8/vertical``); false when no plan could be made.
    static func vertical(source: UnsafeRawPointer, sourceStride: Int,
                         destination: UnsafeMutableRawPointer, destinationStride: Int, rowBytes: Int,
                         coefficients c: ResampleCoefficients) -> Bool {
        guard let level = Resample8Backend.kernelLevel else { return false }
        let plan = c.withTapPointers(c.fixedPoint) { k, first, count in
            ctk_vplan_create(k, c.stride, first, count, c.first.count, level)
        }
        guard let plan else { return false }
        defer { ctk_vplan_free(plan) }
        let src = source.assumingMemoryBound(to: UInt8.self)
        let dst = destination.assumingMemoryBound(to: UInt8.self)
        let outHeight = c.first.count
        let work = outHeight * rowBytes * c.stride
        ParallelRows.run(count: outHeight, work: work, threshold: threshold) { range in
            ctk_resample8_vertical(plan, src, sourceStride, dst, destinationStride, rowBytes, range.lowerBound, range.upperBound)
        }
        return true
    }

    /// Multiply-adds per pass below which the kernels stay on the calling thread. They do about 8-16 byte products
    /// per instruction, so a pass under this takes well under a millisecond and threads would not pay off.
    static let threshold = 8_000_000
}
