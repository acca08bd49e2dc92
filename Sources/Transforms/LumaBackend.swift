import CTransformsKernels

/// Which implementation converts RGB/RGBA rows to L (``PillowConversion``). Every choice gives Pillow's bits; the
/// choice only changes speed.
enum LumaBackend: Sendable {
    /// The best C kernel this CPU runs (AVX-512 with VBMI and VNNI, else AVX2), else the portable Swift loop
    /// (which beats the kernels' plain C loop).
    case automatic
    /// The AVX2 C kernel even where AVX-512 is available (the portable loop without AVX2). Tests force it to check
    /// that kernel on AVX-512 machines too.
    case avx2
    /// Always the portable Swift loop. Tests force it to check that path too.
    case portable

    /// The backend for conversions started in the current task (`.automatic` unless a test overrides it).
    @TaskLocal static var current: LumaBackend = .automatic

    /// The C kernel level a conversion started now runs at (``SIMDLevel/current``, capped by the backend), nil for
    /// the portable Swift loop.
    static var kernelLevel: Int32? {
        let level: Int32
        switch current {
        case .automatic: level = SIMDLevel.kernelLevel()
        case .avx2: level = SIMDLevel.kernelLevel(cappedAt: Int32(CTK_LEVEL_AVX2))
        case .portable: return nil
        }
        return level >= Int32(CTK_LEVEL_AVX2) ? level : nil
    }

    /// Converts `rows` rows of `width` RGB (`bytesPerPixel` 3) or RGBA (4) pixels to L with the C kernel. Returns
    /// false, having written nothing, when the portable loop is to run instead.
    ///
    /// One thread on purpose: the kernel streams at memory speed (4000x3000 RGB in ~1.1 ms), and splitting its
    /// rows over two threads (``ParallelRows``) measured 0.65-0.75 ms wall for 1.2-1.4 ms CPU with the second core
    /// free, and no gain at all with it busy: more CPU for a wall-time gain that shared machines rarely see.
    static func convertWithKernel(source: UnsafePointer<UInt8>, sourceStride: Int, bytesPerPixel: Int,
                                  destination: UnsafeMutablePointer<UInt8>, destinationStride: Int,
                                  width: Int, rows: Int) -> Bool {
        guard let level = kernelLevel else { return false }
        ctk_luma8_rows(source, sourceStride, Int32(bytesPerPixel), destination, destinationStride, width, rows, level)
        return true
    }
}

