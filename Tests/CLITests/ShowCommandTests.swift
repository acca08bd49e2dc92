import Foundation
import Testing
import TestSupport

/// `imago show`: the half-block picture drawn in a real terminal (a tmux pane, read back with capture-pane -e) has
/// the colours of Pillow's BOX downscale (`gen_show.py`); pipes get nothing without --force; --open calls the viewer
/// found first on PATH (a stub that records its argument); --frame picks the frame Pillow gives.
@Suite(.serialized) struct ShowCommandTests {
    static let fixtures = TestPaths.fixture("show")
    static let tmux = ["/usr/bin/tmux", "/usr/local/bin/tmux", "/opt/homebrew/bin/tmux"].first { FileManager.default.isExecutableFile(atPath: $0) }
    static let ready = CLIRunner.available && FileManager.default.fileExists(atPath: fixtures + "/picture.png")
    static let reason: Comment = "needs the imago binary and `make fixtures` (show)"

    /// One drawn cell: the 24-bit foreground (upper pixel) and background (lower pixel).
    struct Cell: Equatable { var upper: [Int]; var lower: [Int] }

    /// The `▀` cells of each line of text holding any, following SGR sequences (`38;2;r;g;b`, `48;2;r;g;b`, `0`,
    /// `39`, `49`) as a terminal would.
    static func cells(_ text: String) -> [[Cell]] {
        var lines: [[Cell]] = []
        var fg: [Int] = [], bg: [Int] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            var cells: [Cell] = []
            var scalars = Array(line.unicodeScalars)[...]
            while let first = scalars.first {
                scalars = scalars.dropFirst()
                if first == "\u{1B}", scalars.first == "[" {
                    let body = scalars.dropFirst().prefix { !("@"..."~").contains($0) }
                    scalars = scalars.dropFirst(1 + body.count + 1)
                    var params = String(String.UnicodeScalarView(body)).split(separator: ";", omittingEmptySubsequences: false).map { Int($0) ?? 0 }[...]
                    if params.isEmpty { params = [0] }
                    while let p = params.first {
                        params = params.dropFirst()
                        switch p {
                        case 0: fg = []; bg = []
                        case 39: fg = []
                        case 49: bg = []
                        case 38 where params.first == 2, 48 where params.first == 2:
                            let rgb = Array(params.dropFirst().prefix(3))
                            params = params.dropFirst(4)
                            if p == 38 { fg = rgb } else { bg = rgb }
                        default: break
                        }
                    }
                } else if first == "\u{2580}" {
                    cells.append(Cell(upper: fg, lower: bg))
                }
            }
            if !cells.isEmpty { lines.append(cells) }
        }
        return lines
    }

    /// Where two drawings first differ (`nil` when equal), short enough for a test report.
    static func firstDifference(_ drawn: [[Cell]], _ expected: [[Cell]]) -> String? {
        guard drawn.count == expected.count else { return "\(drawn.count) lines drawn, \(expected.count) expected" }
        for (line, (a, b)) in zip(drawn, expected).enumerated() {
            guard a.count == b.count else { return "line \(line): \(a.count) cells, \(b.count) expected" }
            if let x = a.indices.first(where: { a[$0] != b[$0] }) { return "line \(line) cell \(x): \(a[x]) != \(b[x])" }
        }
        return nil
    }

    /// The cells a reference `.npy` (H, W, 3) must draw.
    static func expectedCells(_ npy: String) throws -> [[Cell]] {
        let array = try NpyArray(path: fixtures + "/" + npy)
        let (h, w) = (array.shape[0], array.shape[1])
        func pixel(_ x: Int, _ y: Int) -> [Int] { (0..<3).map { Int(array.data[(y * w + x) * 3 + $0]) } }
        return stride(from: 0, to: h, by: 2).map { y in (0..<w).map { x in Cell(upper: pixel(x, y), lower: y + 1 < h ? pixel(x, y + 1) : []) } }
    }

    /// Draws `file` with `imago show` in a detached 32x40 tmux pane and returns the pane as `capture-pane -p -e`
    /// prints it. One `sh` script starts its own tmux server (a socket of its own, so no other server is touched),
    /// waits for the drawing, captures it and kills the server before it exits: the server must not outlive the
    /// process Foundation waits for, which would otherwise wait on the descriptors the server inherited.
    static func drawInTmux(_ file: String) throws -> String {
        let output = temporaryPath(".pane")
        defer { try? FileManager.default.removeItem(atPath: output) }
        let script = #"""
            T="$1"; S="$2"; BIN="$3"; FILE="$4"; OUT="$5"
            "$T" -L "$S" -f /dev/null new-session -d -s show -x 32 -y 40 sh
            "$T" -L "$S" send-keys -t show "clear; '$BIN' show '$FILE'; echo SHOW-\$((1+1))-DONE" Enter
            i=0
            while [ $i -lt 100 ]; do
              "$T" -L "$S" capture-pane -p -e -t show > "$OUT"
              grep -q SHOW-2-DONE "$OUT" && break
              sleep 0.2; i=$((i+1))
            done
            "$T" -L "$S" kill-server
            """#
        let socket = "imago-show-\(UUID().uuidString.prefix(8))"
        runTool("/bin/sh", ["-c", script, "sh", tmux!, socket, CLIRunner.binary, file, output])
        return (try? String(contentsOfFile: output, encoding: .utf8)) ?? ""
    }

    @Test(.enabled(if: ready && tmux != nil, "needs the imago binary, `make fixtures` (show) and tmux"))
    func halfBlocksInATmuxPaneMatchTheDownscaledPixels() throws {
        let screen = try Self.drawInTmux(Self.fixtures + "/picture.png")
        let drawn = Self.cells(screen)
        let expected = try Self.expectedCells("picture.cols32.npy")
        #expect(drawn.count == expected.count, "\(drawn.count) picture lines, expected \(expected.count); the pane:\n\(screen.prefix(2000))")
        #expect(Self.firstDifference(drawn, expected) == nil, "the pane's colours differ from Pillow's BOX downscale to 32 columns")
    }

    @Test(.enabled(if: ready, reason))
    func pipeGetsNothingWithoutForce() throws {
        let run = try CLIRunner.run(["show", Self.fixtures + "/picture.png"])
        #expect(run.status == 1)
        #expect(run.stdout.isEmpty)
        #expect(run.stderr.contains("not a terminal"))
    }

    @Test(.enabled(if: ready, reason))
    func forceWritesHalfBlocksToAPipe() throws {
        let narrow = try CLIRunner.run(["show", "--force", "--width", "32", Self.fixtures + "/picture.png"])
        #expect(narrow.status == 0)
        #expect(Self.firstDifference(Self.cells(narrow.stdout), try Self.expectedCells("picture.cols32.npy")) == nil)
        // Wider than the image: never enlarged.
        let wide = try CLIRunner.run(["show", "--force", "--width", "200", Self.fixtures + "/picture.png"])
        #expect(Self.firstDifference(Self.cells(wide.stdout), try Self.expectedCells("picture.cols64.npy")) == nil)
        // Only SGR sequences: no graphics protocol escape (APC, OSC, DCS) by surprise.
        #expect(!narrow.stdout.contains("\u{1B}_") && !narrow.stdout.contains("\u{1B}]") && !narrow.stdout.contains("\u{1B}P"))
    }

    @Test(.enabled(if: ready, reason), arguments: [0, 1, 2])
    func frameOptionShowsPillowsFrame(_ frame: Int) throws {
        let run = try CLIRunner.run(["show", "--force", "--frame", String(frame), Self.fixtures + "/animated.webp"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(Self.firstDifference(Self.cells(run.stdout), try Self.expectedCells("animated.frame\(frame).npy")) == nil)
    }

    @Test(.enabled(if: ready, reason))
    func openCallsTheViewerFoundOnPath() throws {
        let directory = try CLIRunner.temporaryDirectory()
        let record = directory + "/argument.txt"
        for name in ["xdg-open", "open"] {
            let stub = directory + "/" + name
            try "#!/bin/sh\nprintf '%s' \"$1\" > '\(record)'\n".write(toFile: stub, atomically: true, encoding: .utf8)
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: stub)
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: CLIRunner.binary)
        process.arguments = ["show", "--open", Self.fixtures + "/picture.png"]
        var environment = ProcessInfo.processInfo.environment
        environment["PATH"] = directory + ":" + (environment["PATH"] ?? "/usr/bin:/bin")
        process.environment = environment
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        let opened = try String(contentsOfFile: record, encoding: .utf8)
        #expect(opened.hasSuffix(".png"))
        // The temporary PNG holds the picture (read by the reference's own numbers: 64x48 from the PNG header).
        let bytes = TestPaths.bytes(opened)
        #expect(Array(bytes[16..<24]) == [0, 0, 0, 64, 0, 0, 0, 48])
        try? FileManager.default.removeItem(atPath: opened)
    }

    @Test(.enabled(if: ready, reason))
    func badInputsFailCleanly() throws {
        let directory = try CLIRunner.temporaryDirectory()
        try Data([0x89, 0x50, 0x4E, 0x47, 1, 2, 3]).write(to: URL(fileURLWithPath: directory + "/bad.png"))
        let run = try CLIRunner.run(["show", "--force", directory + "/bad.png", Self.fixtures + "/animated.webp", "--frame", "7"])
        #expect(run.status == 1 && !run.signalled)
        #expect(run.stderrLines.count == 2 && run.stderrLines.allSatisfy { $0.hasPrefix("imago: ") }, "\(run.stderr)")
    }
}
