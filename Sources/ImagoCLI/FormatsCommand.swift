import ArgumentParser
import Foundation
import Imago

/// `imago formats [--json]`: the codecs of the standard registry, their extensions and what each can do.
struct FormatsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "formats",
        abstract: "List the registered codecs: id, extensions, MIME types, and whether each can decode and encode.",
        discussion: """
            Read from the registry the other commands use, in detection order. The first extension is the one \
            `convert --out-dir --format ID` writes.
            """
    )

    @Flag(name: .long, help: "Print one JSON object per line.")
    var json = false

    /// One codec, as printed.
    struct Entry: Encodable {
        var id: String
        var name: String
        var extensions: [String]
        var mimeTypes: [String]
        var decode: Bool
        var encode: Bool

        enum CodingKeys: String, CodingKey {
            case id, name, extensions, decode, encode
            case mimeTypes = "mime_types"
        }

        init(_ format: ImageFormat) {
            id = format.id.rawValue
            name = format.name
            extensions = format.extensions
            mimeTypes = format.mimeTypes
            decode = format.decoder != nil
            encode = format.encoder != nil
        }
    }

    func run() throws {
        let entries = FormatRegistry.standard.formats.map(Entry.init)
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            for entry in entries {
                FileHandleOutput.standardOutput(String(decoding: try encoder.encode(entry), as: UTF8.self) + "\n")
            }
            return
        }
        let idWidth = max(6, entries.map(\.id.count).max() ?? 0)
        let extensionsWidth = max(10, entries.map { $0.extensions.joined(separator: ",").count }.max() ?? 0)
        func row(_ columns: [String]) -> String {
            let padded = [pad(columns[0], idWidth), pad(columns[1], 6), pad(columns[2], 6), pad(columns[3], extensionsWidth)]
            return (padded + [columns[4]]).joined(separator: "  ") + "\n"
        }
        var text = row(["FORMAT", "DECODE", "ENCODE", "EXTENSIONS", "NAME"])
        for entry in entries {
            text += row([entry.id, entry.decode ? "yes" : "no", entry.encode ? "yes" : "no",
                         entry.extensions.joined(separator: ","), entry.name])
        }
        FileHandleOutput.standardOutput(text)
    }

    private func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
    }
}
