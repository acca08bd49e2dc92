import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A one-line progress bar on stderr for batch work: count, rate, time left.
///
/// Silent when stderr is not a terminal or when `quiet` is set, so logs and pipes stay clean.
struct BatchProgress {
    let total: Int
    let unit: String
    let steps: String
    let enabled: Bool
    private let start = Date()
    private var lastDraw = Date.distantPast
    private(set) var done = 0
    private(set) var items = 0

    /// A bar over `total` steps (named `steps`, e.g. batches or files), reporting the rate in `unit` per second.
    init(total: Int, unit: String, steps: String = "batches", quiet: Bool) {
        self.total = total
        self.unit = unit
        self.steps = steps
        self.enabled = !quiet && isatty(2) == 1
    }

    /// Records one finished step of `items` units and redraws (at most ten times a second, and at the end).
    mutating func advance(items count: Int) {
        done += 1
        items += count
        guard enabled else { return }
        let now = Date()
        if done < total && now.timeIntervalSince(lastDraw) < 0.1 { return }
        lastDraw = now
        let elapsed = max(now.timeIntervalSince(start), 1e-6)
        let rate = Double(items) / elapsed
        let fraction = total > 0 ? Double(done) / Double(total) : 1
        let remaining = fraction > 0 ? elapsed / fraction - elapsed : 0
        let width = 24
        let filled = Int(fraction * Double(width))
        let bar = String(repeating: "=", count: filled) + (filled < width ? ">" : "") + String(repeating: " ", count: max(width - filled - 1, 0))
        let line = String(format: "\r[%@] %d/%d %@  %@ %@/s  %@ left ", bar, done, total, steps,
                                  String(format: rate < 10 ? "%.1f" : "%.0f", rate), unit, Self.clock(remaining))
        Self.write(line + (done == total ? "\n" : ""))
    }

    /// `m:ss` or `h:mm:ss`.
    static func clock(_ seconds: Double) -> String {
        let s = Int(seconds.rounded())
        return s >= 3600 ? String(format: "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60) : String(format: "%d:%02d", s / 60, s % 60)
    }

    static func write(_ text: String) { FileHandleOutput.standardError(text) }
}
