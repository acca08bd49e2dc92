/// Per-format counts, printed as a table.
struct FormatTally {
    var files = 0
    var noCodec = false
    var expectedDecodes = 0
    var decoded = 0
    var expectedRejects = 0
    var rejected = 0
    var crashes = 0
    var hangs = 0
    var sizeMismatches = 0
    var noisy = 0
    var unexpectedStrict = 0
    var unexpectedLenient = 0
    var knownDeviations = 0

    mutating func add(_ verdict: FileVerdict) {
        files += 1
        if verdict.entry.expectsDecode {
            expectedDecodes += 1
            if case .decoded = verdict.outcome { decoded += 1 }
        } else {
            expectedRejects += 1
            if case .rejected = verdict.outcome { rejected += 1 }
        }
        if verdict.isCrash { crashes += 1 }
        if verdict.isHang { hangs += 1 }
        if verdict.sizeMismatch != nil { sizeMismatches += 1 }
        if verdict.isNoisy { noisy += 1 }
        if verdict.isKnownDeviation { knownDeviations += 1 }
        if verdict.unexpected != nil {
            if verdict.entry.isStrict { unexpectedStrict += 1 } else { unexpectedLenient += 1 }
        }
    }
}

enum Report {
    static let columns = ["format", "files", "decoded/expected", "rejected/expected", "crashes", "hangs",
                          "size mismatches", "noisy", "unexpected strict", "unexpected lenient", "known deviations"]

    /// The markdown table of all formats, sorted by name.
    static func table(_ tallies: [String: FormatTally]) -> String {
        var rows = [columns]
        for (format, t) in tallies.sorted(by: { $0.key < $1.key }) {
            if t.noCodec {
                rows.append([format, "\(t.files)", "no codec", "", "", "", "", "", "", "", ""])
            } else {
                rows.append([format, "\(t.files)", "\(t.decoded)/\(t.expectedDecodes)", "\(t.rejected)/\(t.expectedRejects)",
                             "\(t.crashes)", "\(t.hangs)", "\(t.sizeMismatches)", "\(t.noisy)",
                             "\(t.unexpectedStrict)", "\(t.unexpectedLenient)", "\(t.knownDeviations)"])
            }
        }
        let widths = columns.indices.map { column in rows.map { $0[column].count }.max() ?? 0 }
        func line(_ cells: [String]) -> String {
            "| " + zip(cells, widths).map { $0 + String(repeating: " ", count: $1 - $0.count) }.joined(separator: " | ") + " |"
        }
        var lines = [line(rows[0]), "|" + widths.map { String(repeating: "-", count: $0 + 2) }.joined(separator: "|") + "|"]
        lines += rows.dropFirst().map(line)
        return lines.joined(separator: "\n")
    }

    /// One line per file that is not as expected (`--verbose`), or that fails the run.
    static func describe(_ verdict: FileVerdict) -> String {
        var parts: [String] = []
        if let unexpected = verdict.unexpected { parts.append(unexpected) }
        if verdict.isNoisy {
            let noise = verdict.noise.split(separator: "\n").prefix(2).joined(separator: " / ")
            parts.append("noisy stderr: \(noise.prefix(200))")
        }
        let strictness = verdict.entry.isStrict ? "strict" : "lenient"
        return "  \(verdict.entry.path) [\(verdict.entry.format), expect \(verdict.entry.expect ?? "-"), \(strictness)]: "
            + parts.joined(separator: "; ")
    }
}
