#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// Measures how much memory a call makes resident at its peak, from `/proc/self/status`.
///
/// Before the call the kernel's high-water mark (`VmHWM`) is reset to the current resident size by writing `5`
/// to `/proc/self/clear_refs`; after it, `VmHWM` minus the resident size before is the peak growth. Suites run
/// in parallel in the same process, so another test can raise the mark: `make test` therefore runs the suites that
/// use this probe in a test process of their own (`ISOLATED_SUITES` in the Makefile), and
/// ``peakGrowth(attempts:_:)`` still keeps the smallest of a few attempts, which another allocation could inflate, never hide.
/// Freed heap memory is returned to the kernel first (`malloc_trim`), so a decode that reuses it still shows.
/// Only touched pages count: this measures what a decode makes resident, which is what hurts.
enum MemoryProbe {
    static let available: Bool = FileManager.default.isWritableFile(atPath: "/proc/self/clear_refs")
        && statusField("VmHWM") != nil

    /// The peak resident growth (bytes) over the smallest of `attempts` runs of `body`.
    static func peakGrowth(attempts: Int = 3, _ body: () -> Void) -> Int {
        var best = Int.max
        for _ in 0..<attempts {
            resetHighWaterMark()
            let before = statusField("VmRSS") ?? 0
            body()
            let peak = statusField("VmHWM") ?? .max
            best = min(best, max(0, peak - before))
            if best < 1 << 20 { break }
        }
        return best
    }

    /// glibc's `malloc_trim(0)`, looked up at run time (malloc.h is not part of the Glibc module): returns freed
    /// heap memory to the kernel, so that memory a decode reuses must be faulted in again and shows in `VmHWM`.
    private static let mallocTrim: (@convention(c) (Int) -> Int32)? = {
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "malloc_trim") else { return nil }
        return unsafeBitCast(symbol, to: (@convention(c) (Int) -> Int32).self)
    }()

    private static func resetHighWaterMark() {
        _ = mallocTrim?(0)
        let fd = open("/proc/self/clear_refs", O_WRONLY)
        guard fd >= 0 else { return }
        _ = write(fd, "5", 1)
        close(fd)
    }

    /// A `kB` field of `/proc/self/status`, in bytes.
    static func statusField(_ name: String) -> Int? {
        guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return nil }
        for line in text.split(separator: "\n") where line.hasPrefix(name + ":") {
            let digits = line.dropFirst(name.count + 1).filter(\.isNumber)
            return Int(digits).map { $0 * 1024 }
        }
        return nil
    }
}
