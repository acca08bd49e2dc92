import ArgumentParser
import Foundation
import Imago

/// `imago info [--json] FILE...`: what each file's header says, without decoding pixels.
struct InfoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "info",
        abstract: "Print format, size, pixel format, frames, orientation and ICC size of each file (header only).",
        discussion: """
            A second line gives the main EXIF fields when the file has EXIF (camera make and model, date taken, \
            orientation, exposure time, f-number, ISO, focal length, whether GPS data is present), a third the ICC \
            profile's description. With --json, "exif" lists every readable EXIF entry (IFD, tag, name, value) and \
            "icc_description" the profile's description.
            """
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
        var exif: [ExifField]?
        var iccDescription: String?
        var xmpBytes: Int

        enum CodingKeys: String, CodingKey {
            case path, format, width, height, frames, orientation, description, exif
            case pixelFormat = "pixel_format"
            case iccBytes = "icc_bytes"
            case iccDescription = "icc_description"
            case xmpBytes = "xmp_bytes"
        }

        /// One EXIF entry as printed by `--json`.
        struct ExifField: Encodable {
            var ifd: String
            var tag: Int
            var name: String?
            var value: String
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
            xmpBytes = metadata.xmp?.count ?? 0
            iccDescription = metadata.iccProfile.flatMap(ICCProfile.description)
            directory = metadata.exif.flatMap(ExifDirectory.init)
            exif = directory?.entries.map {
                ExifField(ifd: $0.ifd.rawValue, tag: $0.tag, name: ExifTagNames.name($0.tag, in: $0.ifd), value: ExifTagNames.text($0.value))
            }
        }

        private var directory: ExifDirectory?

        /// `EXIF: make M, model M, taken D, orientation N, exposure 1/60 s, f/2.8, ISO 100, focal 4.2 mm, GPS yes`.
        var exifLine: String? {
            guard let directory else { return nil }
            func field(_ tag: Int, _ ifd: ExifIFD = .primary) -> String? {
                directory.entry(tag, in: ifd).map { ExifTagNames.text($0.value) }
            }
            func number(_ tag: Int) -> Double? {
                guard case .rationals(let values)? = directory.entry(tag, in: .exif)?.value else { return nil }
                return values.first?.doubleValue
            }
            var parts: [String] = []
            if let make = field(0x010F) { parts.append("make \(make)") }
            if let model = field(0x0110) { parts.append("model \(model)") }
            if let taken = field(0x9003, .exif) ?? field(0x0132) { parts.append("taken \(taken)") }
            parts.append("orientation " + (directory.orientationValue.map(String.init) ?? "none"))
            if case .rationals(let values)? = directory.entry(0x829A, in: .exif)?.value, let time = values.first {
                parts.append("exposure \(time.numerator)/\(time.denominator) s")
            }
            if let f = number(0x829D) { parts.append("f/\(f.formatted(decimals: 1))") }
            if let iso = field(0x8827, .exif) { parts.append("ISO \(iso)") }
            if let focal = number(0x920A) { parts.append("focal \(focal.formatted(decimals: 1)) mm") }
            let gps = directory.entry(0x8825) != nil || directory.entries.contains { $0.ifd == .gps }
            parts.append("GPS " + (gps ? "yes" : "no"))
            return "  EXIF: " + parts.joined(separator: ", ")
        }

        var text: String {
            "\(path): \(format) \(width)x\(height) \(pixelFormat), \(frames) frame\(frames == 1 ? "" : "s"), "
                + "orientation \(orientation), ICC \(iccBytes) bytes" + (description.isEmpty ? "" : " (\(description))")
                + (exifLine.map { "\n" + $0 } ?? "")
                + (iccDescription.map { "\n  ICC: \($0)" } ?? "")
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

private extension Double {
    /// The value with at most `decimals` decimals, without trailing zeros (`2.8`, `4`).
    func formatted(decimals: Int) -> String {
        var scale = 1.0
        for _ in 0..<decimals { scale *= 10 }
        let rounded = (self * scale).rounded() / scale
        return rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)
    }
}
