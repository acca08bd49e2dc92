import Foundation

/// Whether this test run is `make sanitize`'s, which sets `IMAGO_SANITIZE=1`: tests that check something the
/// sanitizer runtime changes (packaging builds, the allocator's reuse of freed memory) skip themselves then, each
/// saying why.
public enum SanitizerRun {
    /// True under `make sanitize` (`IMAGO_SANITIZE=1`).
    public static let active = ProcessInfo.processInfo.environment["IMAGO_SANITIZE"] == "1"
}
