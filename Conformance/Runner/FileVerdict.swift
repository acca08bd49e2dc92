/// What happened to one file, judged against its manifest entry.
struct FileVerdict: Sendable {
    enum Outcome: Sendable, Equatable {
        case decoded(width: Int, height: Int, pixelFormat: String, orientation: Int)
        case rejected(kind: String, reason: String)
        case crashed(String)
        case hung
    }

    var entry: ManifestEntry
    var outcome: Outcome
    /// What the child printed on stderr (a C library talking): counts as a failure.
    var noise: String
    /// The documented deviation covering this file, if any.
    var deviation: Deviation?

    /// Reads a child's outcome: its one result line, or how it died.
    init(entry: ManifestEntry, child: ChildOutcome, deviation: Deviation? = nil) {
        self.entry = entry
        self.deviation = deviation
        noise = String(decoding: child.stderr, as: UTF8.self).trimmingSuffix()
        let line = String(decoding: child.stdout, as: UTF8.self).split(separator: "\n").first.map(String.init) ?? ""
        if child.timedOut {
            outcome = .hung
        } else if let error = child.spawnError {
            outcome = .crashed("could not start: \(error)")
        } else if let signal = child.signal {
            outcome = .crashed("killed by signal \(signal)")
        } else if child.status != 0 {
            outcome = .crashed("exit status \(child.status ?? -1)")
        } else if line.hasPrefix("OK ") {
            let fields = line.split(separator: " ")
            outcome = fields.count >= 5
                ? .decoded(width: Int(fields[1]) ?? -1, height: Int(fields[2]) ?? -1, pixelFormat: String(fields[3]),
                           orientation: Int(fields[4]) ?? 1)
                : .crashed("malformed result '\(line)'")
        } else if line.hasPrefix("ERR ") {
            let fields = line.split(separator: " ", maxSplits: 2)
            outcome = .rejected(kind: fields.count > 1 ? String(fields[1]) : "", reason: fields.count > 2 ? String(fields[2]) : "")
        } else {
            outcome = .crashed("no result line")
        }
    }

    var isCrash: Bool { if case .crashed = outcome { true } else { false } }
    var isHang: Bool { outcome == .hung }
    var isNoisy: Bool { !noise.isEmpty }

    /// Decoded with a size other than the manifest's. The manifest's sizes are Pillow's, and Pillow turns a TIFF
    /// upright by its Orientation tag while loading it, so a TIFF with orientation 5...8 is compared transposed.
    var sizeMismatch: String? {
        guard case let .decoded(width, height, _, orientation) = outcome, let w = entry.width, let h = entry.height else { return nil }
        let upright = entry.format == "tiff" && (5...8).contains(orientation) ? (height, width) : (width, height)
        return (w, h) == upright ? nil : "decoded \(width)x\(height), manifest says \(w)x\(h)"
    }

    /// Why the outcome differs from the expectation (decode vs reject, or size), or nil when it matches.
    var unexpected: String? {
        switch outcome {
        case let .decoded(width, height, format, _):
            if !entry.expectsDecode { return "decoded (\(width)x\(height) \(format)) but should be rejected" }
            return sizeMismatch
        case let .rejected(kind, reason):
            if isKnownDeviation { return nil }
            return entry.expectsDecode ? "rejected (\(kind): \(reason)) but should decode" : nil
        case let .crashed(how):
            return "crashed: \(how)"
        case .hung:
            return "hung (killed by the watchdog)"
        }
    }

    /// Rejected with exactly the error kind a documented deviation names.
    var isKnownDeviation: Bool {
        guard let deviation, case let .rejected(kind, _) = outcome else { return false }
        return kind == deviation.kind
    }

    /// Whether this file makes the run fail: a crash, hang or noise anywhere; an unexpected outcome on a strict entry.
    var failsRun: Bool {
        isCrash || isHang || isNoisy || (entry.isStrict && unexpected != nil)
    }
}

extension String {
    func trimmingSuffix() -> String {
        var copy = self
        while let last = copy.last, last.isWhitespace { copy.removeLast() }
        return copy
    }
}
