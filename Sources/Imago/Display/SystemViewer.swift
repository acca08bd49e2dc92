import Foundation

/// Opens a file in the system's image viewer, as PIL's `Image.show()` does: `open` on macOS, `xdg-open` elsewhere,
/// found on `PATH`.
public enum SystemViewer {
    /// The viewer command of this platform.
    public static var command: String {
        #if canImport(Darwin)
        "open"
        #else
        "xdg-open"
        #endif
    }

    /// The first executable `name` in the `PATH` of `environment`.
    public static func find(_ name: String, environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        for directory in (environment["PATH"] ?? "").split(separator: ":") where !directory.isEmpty {
            let candidate = "\(directory)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    /// Writes `image` to a temporary PNG (left for the viewer to read) and opens it; returns the PNG's path.
    /// - Throws: `unsupported` when no viewer is on `PATH`, `io` when it fails to start or exits with an error.
    @discardableResult
    public static func open(_ image: ImageBuffer) throws -> String {
        guard let viewer = find(command) else {
            throw ImageError.unsupported("no image viewer: \(command) was not found on PATH")
        }
        let path = NSTemporaryDirectory() + "imago-show-\(UUID().uuidString).png"
        try FileIO.writeAtomically(try PNGEncoder().encode(image, options: .default), to: path)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: viewer)
        process.arguments = [path]
        do {
            try process.run()
        } catch {
            throw ImageError.io("cannot start \(viewer): \(error.localizedDescription)")
        }
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw ImageError.io("\(viewer) exited with status \(process.terminationStatus)")
        }
        return path
    }
}
