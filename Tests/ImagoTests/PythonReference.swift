import Foundation
import TestSupport

/// Runs a Python script of the reference venv (`$IMAGO_PYTHON`, default `<package>/.venv/bin/python`) over files
/// a test wrote, and decodes the JSON it prints: the independent readers (TensorFlow, tarfile) the shard writers
/// are checked against at test time.
enum PythonReference {
    static let python = TestPaths.python

    /// Whether `python` runs and can import `modules`.
    static func available(_ modules: String) -> Bool {
        runToolCapturing(python, ["-c", "import \(modules)"])?.status == 0
    }

    /// Runs `script` with `arguments` and decodes its standard output as `T`.
    static func run<T: Decodable>(_ script: String, _ arguments: [String], as type: T.Type) throws -> T {
        guard let result = runToolCapturing(python, ["-c", script] + arguments) else {
            throw CocoaError(.executableLoad, userInfo: [NSLocalizedDescriptionKey: "cannot start \(python)"])
        }
        guard result.status == 0 else {
            throw CocoaError(.executableLoad, userInfo: [NSLocalizedDescriptionKey: "\(python) exited with \(result.status): \(result.output)"])
        }
        return try JSONDecoder().decode(T.self, from: Data(result.output.utf8))
    }
}
