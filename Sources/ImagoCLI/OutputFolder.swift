import Foundation
import Imago

/// Output folders of the commands that write into one (`--out-dir`): created with their missing parents.
enum OutputFolder {
    /// Creates `path` and its missing parents; an existing folder is fine. Throws ``ImageError/Kind/io`` naming
    /// `path` otherwise.
    static func create(_ path: String) throws(ImageError) {
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) {
            guard isFolder.boolValue else { throw .io("cannot create the output folder: a file of that name exists", file: path) }
            return
        }
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            throw .io("cannot create the output folder", file: path)
        }
    }

    /// ``create(_:)``, or the failure printed as one `imago: PATH: reason` line and exit status 1.
    static func prepare(_ path: String) throws {
        do {
            try create(path)
        } catch {
            var failures = FailureReporter()
            failures.report(error, path: path)
            try failures.finish()
        }
    }
}
