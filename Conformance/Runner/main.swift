// imago-conformance: decodes every file of the shared corpus and of the project's own manifests through
// `FormatRegistry.standard`, each in a child process with a watchdog, and prints a table per format.
// Exits 1 on a crash, hang or noisy stderr anywhere, or an unexpected outcome on a strict entry; 64 on usage errors.
import Dispatch
import FoundationEssentials
import Imago
import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

func fail(_ message: String, status: Int32) -> Never {
    let bytes = Array((message + "\n").utf8)
    bytes.withUnsafeBytes { _ = write(2, $0.baseAddress, $0.count) }
    exit(status)
}

/// The path of this executable, for re-executing it in `--single` mode.
func executablePath() -> String {
    var buffer = [CChar](repeating: 0, count: 4096)
    let n = readlink("/proc/self/exe", &buffer, buffer.count - 1)
    return n > 0 ? String(decoding: buffer[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self) : CommandLine.arguments[0]
}

/// The package root: the nearest folder above the executable holding Package.swift, else the working directory.
func packageRoot(executable: String) -> String {
    var parts = executable.split(separator: "/").map(String.init)
    while !parts.isEmpty {
        parts.removeLast()
        let candidate = "/" + parts.joined(separator: "/")
        if access(candidate + "/Package.swift", F_OK) == 0 && access(candidate + "/Conformance", F_OK) == 0 { return candidate }
    }
    return FileManager.default.currentDirectoryPath
}

let executable = executablePath()
let options: RunnerOptions
do {
    options = try RunnerOptions.parse(Array(CommandLine.arguments.dropFirst()), packageRoot: packageRoot(executable: executable)) { name in
        getenv(name).map { String(cString: $0) }
    }
} catch {
    if let message = error.message { fail("imago-conformance: \(message)\n\(RunnerOptions.usage)", status: 64) }
    print(RunnerOptions.usage)
    exit(0)
}

if let single = options.single { SingleDecode.run(path: single, memoryLimitMiB: options.memoryLimitMiB) }

// Load the manifests. A missing corpus or fixture folder is reported loudly and skipped.
var entries: [ManifestEntry] = []
var warnings: [String] = []
if access(options.corpus + "/manifest.json", R_OK) == 0 {
    do { entries += try ManifestEntry.load(options.corpus + "/manifest.json", root: options.corpus) } catch {
        fail("imago-conformance: cannot read the corpus manifest: \(error)", status: 2)
    }
} else {
    warnings.append("SKIPPED: shared corpus missing at \(options.corpus) (set IMAGO_CORPUS or --corpus)")
}
let projectManifests = ((try? FileManager.default.contentsOfDirectory(atPath: options.manifests)) ?? [])
    .filter { $0.hasSuffix(".json") }.sorted()
for name in projectManifests {
    let loaded: [ManifestEntry]
    do { loaded = try ManifestEntry.load(options.manifests + "/" + name, root: options.fixtures) } catch {
        fail("imago-conformance: cannot read \(options.manifests)/\(name): \(error)", status: 2)
    }
    if let first = loaded.first, access(first.absolutePath, F_OK) != 0 {
        warnings.append("SKIPPED: \(name): fixtures missing under \(options.fixtures) (run `make fixtures`)")
        continue
    }
    entries += loaded
}
entries = entries.filter { entry in
    entry.expect != nil
        && (options.format == nil || entry.format == options.format)
        && (options.filter == nil || entry.path.hasPrefix(options.filter!))
}

let deviations: [Deviation]
do { deviations = try Deviation.load(options.manifests + "/../deviations.json") } catch {
    fail("imago-conformance: cannot read Conformance/deviations.json: \(error)", status: 2)
}

// Formats without a decoder are counted, not run.
var tallies: [String: FormatTally] = [:]
var toRun: [ManifestEntry] = []
for entry in entries {
    if FormatRegistry.standard.format(id: FormatID(entry.format))?.decoder == nil {
        tallies[entry.format, default: FormatTally()].files += 1
        tallies[entry.format]!.noCodec = true
    } else {
        toRun.append(entry)
    }
}

// Run the children, `jobs` at a time.
final class Work: Sendable {
    let next = Atomic<Int>(0)
    let verdicts: Mutex<[Int: FileVerdict]> = Mutex([:])
}
let work = Work()
let started = ChildProcess.now()
let jobs = min(options.jobs, max(1, toRun.count))
let runList = toRun
let childArguments = ["--memory-limit", String(options.memoryLimitMiB), "--single"]
let timeout = options.timeout
DispatchQueue.concurrentPerform(iterations: jobs) { _ in
    while true {
        let index = work.next.wrappingAdd(1, ordering: .relaxed).oldValue
        guard index < runList.count else { return }
        let entry = runList[index]
        let child = ChildProcess.run(executable, childArguments + [entry.absolutePath], timeout: timeout)
        let verdict = FileVerdict(entry: entry, child: child, deviation: Deviation.matching(entry, in: deviations))
        work.verdicts.withLock { $0[index] = verdict }
    }
}
let verdicts = work.verdicts.withLock { dictionary in (0..<runList.count).compactMap { dictionary[$0] } }
let elapsed = ChildProcess.now() - started

for verdict in verdicts { tallies[verdict.entry.format, default: FormatTally()].add(verdict) }
for warning in warnings { print(warning) }
print(Report.table(tallies))
let failing = verdicts.filter(\.failsRun)
let known = verdicts.filter(\.isKnownDeviation)
if !known.isEmpty {
    print("\nKnown deviations (\(known.count), see Conformance/deviations.json):")
    for verdict in known { print("  \(verdict.entry.path): \(verdict.deviation!.kind): \(verdict.deviation!.reason)") }
}
let listed = options.verbose ? verdicts.filter { $0.unexpected != nil || $0.isNoisy } : failing
if !listed.isEmpty {
    print(options.verbose ? "\nUnexpected outcomes (\(listed.count)):" : "\nFailures (\(listed.count)):")
    for verdict in listed { print(Report.describe(verdict)) }
}
let seconds = (elapsed * 10).rounded() / 10
print("\n\(verdicts.count) files decoded in child processes in \(seconds) s with \(jobs) jobs; "
      + "\(failing.count) failure\(failing.count == 1 ? "" : "s").")
exit(failing.isEmpty ? 0 : 1)
