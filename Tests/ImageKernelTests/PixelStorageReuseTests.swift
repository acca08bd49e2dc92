#if canImport(Glibc)
import Glibc
#endif
import ImageKernel
import Testing
import TestSupport

/// Large pixel buffers made one after another reuse the memory freed before them (glibc's heap), rather than being
/// mapped and faulted in page by page each time.
struct PixelStorageReuseTests {
    #if canImport(Glibc)
    /// Minor page faults of the calling thread so far.
    private func threadPageFaults() -> Int {
        var usage = rusage()
        // RUSAGE_THREAD (1, Linux; the header hides it without _GNU_SOURCE): other tests' threads do not count.
        getrusage(__rusage_who_t(1), &usage)
        return usage.ru_minflt
    }

    /// Skipped under `make sanitize`: AddressSanitizer's allocator keeps freed blocks in quarantine and never hands
    /// them back at once, so reuse cannot be seen there (it fails this test by design, not Imago).
    @Test(.disabled(if: SanitizerRun.active, "IMAGO_SANITIZE=1 (make sanitize): AddressSanitizer's allocator quarantines freed blocks, so heap reuse cannot be observed"),
          arguments: [640 * 427, 1920 * 1080, 2000 * 1500])
    func aLoopOfPageAlignedBuffersStopsFaultingAfterTheFirst(pixels: Int) throws {
        // 3 bytes per pixel: 0.8, 6.2 and 9 MB, all below the 32 MiB mapping threshold and the larger two page-aligned.
        var faultsPerRound: [Int] = []
        for _ in 0..<6 {
            let before = threadPageFaults()
            var image = try ImageBuffer(width: pixels, height: 1, format: .rgb8)
            image.withUnsafeMutableBytes { bytes in
                for offset in stride(from: 0, to: bytes.count, by: 4096) { bytes[offset] = 1 }
            }
            faultsPerRound.append(threadPageFaults() - before)
        }
        let pages = pixels * 3 / 4096
        // The first round may fault in every page; once glibc has seen a block this size freed, later ones come from
        // the heap it kept. (posix_memalign's larger requests were mapped afresh every round: `pages` faults each.)
        #expect(faultsPerRound.dropFirst(2).allSatisfy { $0 < pages / 4 }, "page faults per round: \(faultsPerRound), \(pages) pages")
    }
    #endif
}
