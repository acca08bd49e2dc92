import ArgumentParser
import Foundation
import Imago

/// `imago info [--json] FILE...`: what each file's header says, without decoding pixels.
struct InfoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "info",
        abstract: "Print format, size, pixel format, frames, orientation and ICC size of each file (header only)."
    )

    @Flag(name: .long, help: "Print one JSON object per line.")
    var json = false

    @Argument(help: "Image files.")
    var files: [String]

    /// One file's facts, as printed.
    struct Summary: Encodable {
        var path: String
        var format: String
        var width: Int
        var height: Int
        var pixelFormat: String
        var frames: Int
        var orientation: Int
        var iccBytes: Int
        var description: String

        enum CodingKeys: String, CodingKey {
            case path, format, width, height, frames, orientation, description
            case pixelFormat = "pixel_format"
            case iccBytes = "icc_bytes"
        }

        init(path: String, metadata: ImageMetadata) {
            self.path = path
            format = metadata.format.rawValue
            width = metadata.width
            height = metadata.height
            pixelFormat = metadata.pixelFormat.description
            frames = metadata.frameCount
            orientation = metadata.orientation.rawValue
            iccBytes = metadata.iccProfile?.count ?? 0
            description = metadata.nativeDescription
        }

        var text: String {
            "\(path): \(format) \(width)x\(height) \(pixelFormat), \(frames) frame\(frames == 1 ? "" : "s"), "
                + "orientation \(orientation), ICC \(iccBytes) bytes" + (description.isEmpty ? "" : " (\(description))")
        }
    }

    func run() throws {
        var failures = FailureReporter()
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        for path in files {
            do {
                let summary = Summary(path: path, metadata: try FormatRegistry.standard.probe(path: path))
                if json {
                    FileHandleOutput.standardOutput(String(decoding: try encoder.encode(summary), as: UTF8.self) + "\n")
                } else {
                    FileHandleOutput.standardOutput(summary.text + "\n")
                }
            } catch {
                failures.report(error, path: path)
            }
        }
        try failures.finish()
    }
}
