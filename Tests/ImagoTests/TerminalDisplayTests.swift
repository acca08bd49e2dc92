import Foundation
import Imago
import Testing
import TestSupport

/// The terminal renderers' choices and framing (the half-block colours are checked end to end, in a tmux pane,
/// by `ShowCommandTests`).
@Suite struct TerminalDisplayTests {
    @Test func protocolFollowsWhatTheTerminalAnnounces() {
        #expect(TerminalGraphics.detect(environment: ["KITTY_WINDOW_ID": "1", "TERM": "xterm-kitty"]) == .kitty)
        #expect(TerminalGraphics.detect(environment: ["TERM_PROGRAM": "iTerm.app"]) == .iterm2)
        #expect(TerminalGraphics.detect(environment: ["TERM_PROGRAM": "WezTerm", "TERM": "xterm-256color"]) == .iterm2)
        #expect(TerminalGraphics.detect(environment: ["TERM": "foot"]) == .sixel)
        #expect(TerminalGraphics.detect(environment: ["TERM": "xterm-256color"]) == .halfBlocks)
        #expect(TerminalGraphics.detect(environment: [:]) == .halfBlocks)
        // tmux passes no graphics through.
        #expect(TerminalGraphics.detect(environment: ["TERM": "tmux-256color", "KITTY_WINDOW_ID": "1"]) == .halfBlocks)
        #expect(TerminalGraphics.detect(environment: ["TMUX": "/tmp/x", "TERM_PROGRAM": "iTerm.app"]) == .halfBlocks)
    }

    static func picture(width: Int = 10, height: Int = 7) throws -> ImageBuffer {
        var image = try ImageBuffer(width: width, height: height, format: .rgb8)
        for y in 0..<height {
            image.withUnsafeMutableRow(y) { row in
                for x in 0..<width { row[3 * x] = UInt8(x * 20); row[3 * x + 1] = UInt8(y * 30); row[3 * x + 2] = 200 }
            }
        }
        return image
    }

    @Test func sixelIsOneDeviceControlStringWithItsRasterSize() throws {
        let text = try TerminalDisplay.render(Self.picture(), graphics: .sixel, columns: 80)
        #expect(text.hasPrefix("\u{1B}P0;1;0q\"1;1;10;7"))
        #expect(text.hasSuffix("\u{1B}\\\n"))
        // 7 rows are two bands of six: two '-' band ends.
        #expect(text.filter { $0 == "-" }.count == 2)
    }

    @Test func kittyAndITermCarryAPNG() throws {
        let kitty = try TerminalDisplay.render(Self.picture(), graphics: .kitty, columns: 80)
        #expect(kitty.hasPrefix("\u{1B}_Gf=100,a=T,m=0;"))
        let payload = kitty.dropFirst("\u{1B}_Gf=100,a=T,m=0;".count).prefix { $0 != "\u{1B}" }
        let png = try #require(Data(base64Encoded: String(payload)))
        #expect(Array(png.prefix(8)) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        let iterm = try TerminalDisplay.render(Self.picture(), graphics: .iterm2, columns: 80)
        #expect(iterm.hasPrefix("\u{1B}]1337;File=inline=1;size=\(png.count);"))
    }

    @Test func halfBlocksNeverEnlargeAndKeepTheAspectRatio() {
        #expect(HalfBlockRenderer.scaledSize(width: 64, height: 48, columns: 200) == (64, 48))
        #expect(HalfBlockRenderer.scaledSize(width: 64, height: 48, columns: 32) == (32, 24))
        #expect(HalfBlockRenderer.scaledSize(width: 1000, height: 1, columns: 10) == (10, 1))
    }

    @Test func oddHeightEndsWithTheDefaultBackground() throws {
        let text = try TerminalDisplay.render(Self.picture(), graphics: .halfBlocks, columns: 80)
        let lines = text.split(separator: "\n")
        #expect(lines.count == 4)
        #expect(lines.last?.contains(";49m\u{2580}") == true)
    }
}
