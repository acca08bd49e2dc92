import Foundation

/// Where tests find the package, the shared corpus and the generated fixtures.
public enum TestPaths {
    /// The package root (the folder holding Package.swift).
    public static let packageRoot: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path
    }()

    /// The shared conformance corpus: `$IMAGO_CORPUS`, or `../shared/corpus` beside the package.
    public static let corpus: String = {
        if let env = ProcessInfo.processInfo.environment["IMAGO_CORPUS"], !env.isEmpty { return env }
        return URL(fileURLWithPath: packageRoot).deletingLastPathComponent().appendingPathComponent("shared/corpus").path
    }()

    /// Whether the corpus is present. Tests that need it are disabled, with this path in the reason, when it is not.
    public static let corpusAvailable = FileManager.default.fileExists(atPath: corpus + "/manifest.json")

    /// Generated fixtures and Pillow/Keras references: `$IMAGO_FIXTURES`, or `.build-fixtures` in the package
    /// (written by `make fixtures`, which `make test` runs first).
    public static let fixtures: String = {
        if let env = ProcessInfo.processInfo.environment["IMAGO_FIXTURES"], !env.isEmpty { return env }
        return packageRoot + "/.build-fixtures"
    }()

    /// The Python of the reference venv, for checks run at test time: `$IMAGO_PYTHON`, or `.venv/bin/python` in the package.
    public static let python: String = {
        if let env = ProcessInfo.processInfo.environment["IMAGO_PYTHON"], !env.isEmpty { return env }
        return packageRoot + "/.venv/bin/python"
    }()

    /// Whether the fixtures of `area` (a sub-folder of ``fixtures``) were generated.
    public static func fixturesAvailable(_ area: String) -> Bool {
        FileManager.default.fileExists(atPath: fixtures + "/" + area)
    }

    /// A corpus file's absolute path.
    public static func corpusFile(_ relative: String) -> String { corpus + "/" + relative }

    /// A fixture's absolute path.
    public static func fixture(_ relative: String) -> String { fixtures + "/" + relative }

    /// Reads a file's bytes (tests only: traps with the path on failure).
    public static func bytes(_ path: String) -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: path) else { fatalError("cannot read \(path)") }
        return [UInt8](data)
    }
}
