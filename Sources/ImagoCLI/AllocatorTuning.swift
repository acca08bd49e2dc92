import CAllocatorTuning

/// The C allocator's settings for the command-line tool, set once at start-up.
///
/// glibc hands every block above its mmap threshold (128 KiB at start, raised to the size of the largest mapped block
/// freed so far) to `mmap`, and gives freed memory at the top of a heap back to the kernel once more than twice that
/// threshold is free. A command that decodes one image after another on several threads (`imago to-array` over a
/// folder: a 0.8 MB decode and a 3.3 MB float32 array per 640x427 photo) then maps, faults in and zero-fills fresh
/// pages for most of its buffers: on 200 such photos the kernel spent 0.64-0.81 s of system time against 0.27-0.33 s
/// of Imago's own, and 0.26-0.32 s with the settings below (wall 0.88-1.00 s -> 0.69-0.78 s; idle machine, 2 cores).
/// Either setting alone changed little.
///
/// Set through a small C shim (`imago_tune_allocator`: Swift does not import `malloc.h`); a no-op on Darwin and musl.
/// A long-running library caller can make the same choice for its own process (`mallopt`, or the
/// `MALLOC_MMAP_THRESHOLD_` and `MALLOC_TRIM_THRESHOLD_` environment variables); the library itself leaves the
/// process's allocator alone.
enum AllocatorTuning {
    /// Blocks under 32 MiB (glibc's largest dynamic threshold: every image buffer up to about 4000x2800 RGB) come from
    /// the heap; up to 256 MiB of freed heap memory is kept for the next buffers rather than returned to the kernel.
    static func apply() {
        _ = imago_tune_allocator(32 << 20, 256 << 20)
    }
}
