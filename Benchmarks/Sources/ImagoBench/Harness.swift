// The one timing rule of the benchmark, shared by every Imago and C row (peers.py implements the same rule for Python):
// warm-ups, then timed runs until both a minimum count and a minimum time are reached (capped by a maximum count and a
// maximum time), each run doing the whole operation including the file read; medians of wall-clock
// (CLOCK_MONOTONIC) and process CPU time (CLOCK_PROCESS_CPUTIME_ID), in milliseconds. An Imago row and its C baseline
// are measured interleaved (`pairedRows`), so their ratio does not depend on when each ran.
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import ImageKernel

/// The parameters of the timing rule; `QUICK=1` in the environment selects the smoke-test values.
struct TimingRule: Sendable {
    var warmUps: Int
    var minRuns: Int
    var minSeconds: Double
    var maxRuns: Int
    var maxSeconds: Double

    /// Full: 2 warm-ups, at least 15 runs and 0.5 s, at most 200 runs or 10 s (but never fewer than 3 runs).
    static let full = TimingRule(warmUps: 2, minRuns: 15, minSeconds: 0.5, maxRuns: 200, maxSeconds: 10)
    /// Quick: 1 warm-up, at least 3 runs and 0.05 s, at most 20 runs or 1 s.
    static let quick = TimingRule(warmUps: 1, minRuns: 3, minSeconds: 0.05, maxRuns: 20, maxSeconds: 1)

    static var current: TimingRule {
        guard let value = getenv("QUICK"), String(cString: value) == "1" else { return .full }
        return .quick
    }
}

/// Milliseconds on `clock`.
func milliseconds(_ clock: clockid_t) -> Double {
    var t = timespec()
    clock_gettime(clock, &t)
    return Double(t.tv_sec) * 1e3 + Double(t.tv_nsec) / 1e6
}

/// The medians of one measured row.
struct Timing {
    var wall: Double
    var cpu: Double
    var runs: Int
}

func median(_ values: [Double]) -> Double {
    let v = values.sorted()
    return v.count % 2 == 1 ? v[v.count / 2] : (v[v.count / 2 - 1] + v[v.count / 2]) / 2
}

/// Times `body` under `rule`.
func measure(rule: TimingRule = .current, _ body: () throws -> Void) rethrows -> Timing {
    for _ in 0..<rule.warmUps { try body() }
    var wall: [Double] = [], cpu: [Double] = []
    let start = milliseconds(CLOCK_MONOTONIC)
    while wall.count < rule.maxRuns {
        let w0 = milliseconds(CLOCK_MONOTONIC), c0 = milliseconds(CLOCK_PROCESS_CPUTIME_ID)
        try body()
        cpu.append(milliseconds(CLOCK_PROCESS_CPUTIME_ID) - c0)
        wall.append(milliseconds(CLOCK_MONOTONIC) - w0)
        let elapsed = (milliseconds(CLOCK_MONOTONIC) - start) / 1e3
        if wall.count >= rule.minRuns && elapsed >= rule.minSeconds { break }
        if wall.count >= 3 && elapsed >= rule.maxSeconds { break }
    }
    return Timing(wall: median(wall), cpu: median(cpu), runs: wall.count)
}

/// Times several ways of doing one operation side by side: their runs interleaved (A B, B A, A B, ...), so that a
/// change of the machine's state during the measurement (another process, the CPU's clock) weighs on each alike and
/// their ratio stays fair. Each gets the rule's warm-ups, at least its minimum runs, and together the rule's times
/// multiplied by their number. Returns one timing per body, or the first error.
func measureInterleaved(rule: TimingRule = .current, _ bodies: [() throws -> Void]) throws -> [Timing] {
    for body in bodies { for _ in 0..<rule.warmUps { try body() } }
    var wall = [[Double]](repeating: [], count: bodies.count), cpu = wall
    let start = milliseconds(CLOCK_MONOTONIC), scale = Double(bodies.count)
    var round = 0
    while wall[0].count < rule.maxRuns {
        let order = round % 2 == 0 ? Array(bodies.indices) : bodies.indices.reversed()
        for index in order {
            let w0 = milliseconds(CLOCK_MONOTONIC), c0 = milliseconds(CLOCK_PROCESS_CPUTIME_ID)
            try bodies[index]()
            cpu[index].append(milliseconds(CLOCK_PROCESS_CPUTIME_ID) - c0)
            wall[index].append(milliseconds(CLOCK_MONOTONIC) - w0)
        }
        round += 1
        let elapsed = (milliseconds(CLOCK_MONOTONIC) - start) / 1e3
        if round >= rule.minRuns && elapsed >= rule.minSeconds * scale { break }
        if round >= 3 && elapsed >= rule.maxSeconds * scale { break }
    }
    return bodies.indices.map { Timing(wall: median(wall[$0]), cpu: median(cpu[$0]), runs: wall[$0].count) }
}

/// Measures the C baseline and Imago's row of one operation interleaved (``measureInterleaved(rule:_:)``) and prints
/// both as ``row(_:_:_:extra:_:)`` does; without a baseline, Imago's row alone.
func pairedRows(_ op: String, _ size: String, c baseline: (() throws -> Void)?, imagoTool: String = "imago",
                extra: String = "", imago: @escaping () throws -> Void) {
    guard let baseline else { return row(op, size, imagoTool, extra: extra, imago) }
    let tools = [("c", ""), (imagoTool, extra)]
    do {
        let timings = try measureInterleaved([baseline, imago])
        for ((tool, more), t) in zip(tools, timings) {
            print("{\"op\": \(json(op)), \"size\": \(json(size)), \"tool\": \(json(tool)), \"ms\": \(t.wall), \"cpu_ms\": \(t.cpu), \"runs\": \(t.runs)\(more)}")
        }
    } catch {
        // Measured apart, so that the row that works keeps its figure and the other says why it cannot run.
        row(op, size, "c", baseline)
        row(op, size, imagoTool, extra: extra, imago)
    }
    fflush(nil)
}

/// A C baseline failed: its status code.
struct BaselineFailure: Error, CustomStringConvertible {
    var status: Int32
    var description: String { "C baseline returned \(status)" }
}

/// Runs a C baseline, turning its non-zero status into an error.
func check(_ status: Int32) throws {
    if status != 0 { throw BaselineFailure(status: status) }
}

/// Escapes a string for a JSON value.
func json(_ s: String) -> String {
    var out = "\""
    for c in s.unicodeScalars {
        switch c {
        case "\"": out += "\\\""
        case "\\": out += "\\\\"
        case "\n": out += "\\n"
        default: out.unicodeScalars.append(c)
        }
    }
    return out + "\""
}

/// Measures one row and prints it as a JSON line: `{"op", "size", "tool", "ms", "cpu_ms", "runs"}`, or with `"error"`
/// when the row cannot run (e.g. `unsupported` for a format the registry does not have yet).
func row(_ op: String, _ size: String, _ tool: String, extra: String = "", _ body: () throws -> Void) {
    let head = "{\"op\": \(json(op)), \"size\": \(json(size)), \"tool\": \(json(tool))"
    do {
        let t = try measure(body)
        print("\(head), \"ms\": \(t.wall), \"cpu_ms\": \(t.cpu), \"runs\": \(t.runs)\(extra)}")
    } catch {
        print("\(head), \"error\": \(json(String(describing: error)))}")
    }
    fflush(nil)  // all streams: the lines reach a pipe as they are measured
}

/// The peak resident set size of this process, in KiB.
func peakRSSKiB() -> Int {
    var usage = rusage()
    #if canImport(Glibc) || canImport(Musl)
    getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
    return usage.ru_maxrss
    #else
    getrusage(RUSAGE_SELF, &usage)
    return usage.ru_maxrss / 1024  // bytes on Darwin
    #endif
}
