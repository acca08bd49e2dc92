import Foundation
import Testing
import TestSupport

/// Builds `Examples/PNGOnlyApp` (which depends on `PNGCodec` and `Registry` only) and checks with `ldd` that the
/// binary links libpng and none of libjpeg, libtiff or libwebp: one product per codec really keeps the others out.
@Test(.timeLimit(.minutes(10)), .disabled(if: SanitizerRun.active, ExamplePackageBuild.sanitizerReason))
func pngOnlyAppLinksOnlyLibpng() throws {
    let root = TestPaths.packageRoot
    let scratch = root + "/.build-examples"
    let build = try run("/usr/bin/env", ["swift", "build", "--package-path", root + "/Examples/PNGOnlyApp", "--scratch-path", scratch])
    #expect(build.status == 0, "swift build failed:\n\(build.output)")
    guard build.status == 0 else { return }
    let binary = scratch + "/debug/PNGOnlyApp"
    let ldd = try run("/usr/bin/ldd", [binary])
    #expect(ldd.status == 0)
    #expect(ldd.output.contains("libpng"), "expected libpng in:\n\(ldd.output)")
    for other in ["libjpeg", "libturbojpeg", "libtiff", "libwebp"] {
        #expect(!ldd.output.contains(other), "\(other) is linked:\n\(ldd.output)")
    }
    let app = try run(binary, [])
    #expect(app.status == 0, "PNGOnlyApp failed:\n\(app.output)")
    #expect(app.output.contains("identical: true"), "\(app.output)")
}

/// When the example-package builds are left out: under `make sanitize` (`SanitizerRun.active`). Each is a separate,
/// uninstrumented `swift build` of part of the package from scratch, which checks linking and packaging, not memory or
/// thread safety. About 25 s alone, but beside the whole ASan suite in a fresh clone on 2 cores they ran past their
/// 600 s limit. `make test` builds and runs them.
enum ExamplePackageBuild {
    /// The skip reason printed by Swift Testing.
    static let sanitizerReason: Comment = """
        IMAGO_SANITIZE=1 (make sanitize): the example packages are plain swift builds that check linking, not memory \
        or thread safety, and ran past 600 s beside the ASan suite in a fresh clone; make test builds and runs them
        """
}

private func run(_ executable: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = pipe
    try process.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: data, as: UTF8.self))
}

/// Builds the third-party codec package `Examples/FarbfeldCodec` against this checkout, runs its own tests and its
/// demo: a codec written outside the package registers and decodes by its magic bytes.
@Test(.timeLimit(.minutes(10)), .disabled(if: SanitizerRun.active, ExamplePackageBuild.sanitizerReason))
func thirdPartyCodecPackageWorks() throws {
    let root = TestPaths.packageRoot
    let package = root + "/Examples/FarbfeldCodec"
    let scratch = root + "/.build-examples-farbfeld"
    let test = try run("/usr/bin/env", ["swift", "test", "--package-path", package, "--scratch-path", scratch])
    #expect(test.status == 0, "swift test failed:\n\(test.output)")
    let demo = try run("/usr/bin/env", ["swift", "run", "--package-path", package, "--scratch-path", scratch, "farbfeld-demo"])
    #expect(demo.status == 0, "farbfeld-demo failed:\n\(demo.output)")
    #expect(demo.output.contains("identical: true"), "\(demo.output)")
}
