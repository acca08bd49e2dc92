import CTransformsKernels

/// The instruction sets Imago's transform kernels (resize, RGB to L) may use, chosen at run time.
///
/// Every level gives exactly the same bits (Pillow's); only the speed differs. Transforms use the best level the CPU
/// runs unless a task caps it, for example to measure what a machine without AVX-512 would see:
///
/// ```swift
/// let small = try SIMDLevel.$maximum.withValue(.avx2) { try Resize(width: 224, height: 224, filter: .bilinear).apply(image) }
/// ```
public enum SIMDLevel: Int, Comparable, Sendable, CaseIterable {
    /// No x86 vector extensions: portable Swift SIMD and plain C loops (any CPU, any architecture).
    case portable = 0
    /// AVX2 (x86-64, Haswell / Zen 1 and later).
    case avx2 = 1
    /// AVX-512 with F, BW, VL, VNNI and VBMI (Ice Lake, Zen 4 and later).
    case avx512 = 2

    /// The best level this CPU runs.
    public static let cpu = SIMDLevel(rawValue: Int(ctk_cpu_level())) ?? .portable

    /// The most that transforms started in the current task may use (default: no cap).
    @TaskLocal public static var maximum: SIMDLevel = .avx512

    /// The level transforms started now use: the lower of ``cpu`` and ``maximum``.
    public static var current: SIMDLevel { min(cpu, maximum) }

    /// Levels order by capability: `portable < avx2 < avx512`.
    public static func < (a: SIMDLevel, b: SIMDLevel) -> Bool { a.rawValue < b.rawValue }

    /// ``current`` as a `CTK_LEVEL_*` value, further capped at `cap`.
    static func kernelLevel(cappedAt cap: Int32 = Int32(CTK_LEVEL_AVX512)) -> Int32 {
        min(Int32(current.rawValue), cap)
    }
}
