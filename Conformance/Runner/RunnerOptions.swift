#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The runner's command line:
///
/// ```
/// imago-conformance [--corpus DIR] [--fixtures DIR] [--manifests DIR] [--format ID] [--filter PREFIX]
///                   [--jobs N] [--timeout SECONDS] [--memory-limit MIB] [--verbose]
/// imago-conformance --single PATH      (internal: decode one file, print one result line)
/// ```
struct RunnerOptions {
    var corpus: String
    var fixtures: String
    var manifests: String
    var format: String?
    var filter: String?
    var jobs: Int
    var timeout: Double = 10
    var memoryLimitMiB = 4096
    var verbose = false
    var single: String?

    static let usage = """
        usage: imago-conformance [--corpus DIR] [--fixtures DIR] [--manifests DIR] [--format ID] [--filter PREFIX]
                                 [--jobs N] [--timeout SECONDS] [--memory-limit MIB] [--verbose]
          --corpus DIR        the shared corpus (default $IMAGO_CORPUS, else ../shared/corpus beside the package)
          --fixtures DIR      generated fixtures for Conformance/manifests/*.json (default $IMAGO_FIXTURES, else .build-fixtures)
          --manifests DIR     the project's own manifests (default Conformance/manifests in the package)
          --format ID         only entries of this format (png, jpeg, tiff, webp, gif, pnm, bmp)
          --filter PREFIX     only entries whose path starts with PREFIX
          --jobs N            children run in parallel (default: all cores)
          --timeout SECONDS   per-file watchdog (default 10); a file that takes longer counts as a hang
          --memory-limit MIB  address-space cap of each child (default 4096, as the corpus's Pillow reference run)
          --verbose           list every unexpected outcome with its reason
        """

    /// Parses `arguments` (without the program name). Throws a message for usage errors.
    static func parse(_ arguments: [String], packageRoot: String, environment: (String) -> String?) throws(UsageError) -> RunnerOptions {
        let parent = packageRoot.split(separator: "/").dropLast().joined(separator: "/")
        var options = RunnerOptions(
            corpus: environment("IMAGO_CORPUS").flatMap { $0.isEmpty ? nil : $0 } ?? "/" + parent + "/shared/corpus",
            fixtures: environment("IMAGO_FIXTURES").flatMap { $0.isEmpty ? nil : $0 } ?? packageRoot + "/.build-fixtures",
            manifests: packageRoot + "/Conformance/manifests",
            jobs: max(1, sysconf(Int32(_SC_NPROCESSORS_ONLN)))
        )
        var rest = arguments[...]
        func value(_ flag: String) throws(UsageError) -> String {
            guard let next = rest.popFirst() else { throw UsageError("\(flag) needs a value") }
            return next
        }
        func number(_ flag: String) throws(UsageError) -> Double {
            let text = try value(flag)
            guard let n = Double(text), n > 0 else { throw UsageError("\(flag) needs a positive number, not '\(text)'") }
            return n
        }
        while let flag = rest.popFirst() {
            switch flag {
            case "--corpus": options.corpus = try value(flag)
            case "--fixtures": options.fixtures = try value(flag)
            case "--manifests": options.manifests = try value(flag)
            case "--format": options.format = try value(flag).lowercased()
            case "--filter": options.filter = try value(flag)
            case "--jobs": options.jobs = Int(try number(flag))
            case "--timeout": options.timeout = try number(flag)
            case "--memory-limit": options.memoryLimitMiB = Int(try number(flag))
            case "--verbose", "-v": options.verbose = true
            case "--single": options.single = try value(flag)
            case "--help", "-h": throw UsageError(nil)
            default: throw UsageError("unknown argument '\(flag)'")
            }
        }
        return options
    }
}

/// A command-line mistake; `message` is nil for `--help`.
struct UsageError: Error {
    var message: String?
    init(_ message: String?) { self.message = message }
}
