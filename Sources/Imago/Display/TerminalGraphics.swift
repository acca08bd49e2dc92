/// How an image is drawn in a terminal.
public enum TerminalGraphics: String, Sendable, Hashable, CaseIterable {
    /// The kitty graphics protocol (kitty, Ghostty): a PNG sent in base64 chunks.
    case kitty
    /// iTerm2's inline images (iTerm2, WezTerm): `ESC ] 1337 ; File=inline=1 : base64 PNG BEL`.
    case iterm2
    /// DEC sixel graphics (foot, mlterm, xterm built with sixel), 216-colour palette.
    case sixel
    /// Upper half blocks `▀` with a 24-bit foreground (top pixel) and background (bottom pixel): works in any
    /// terminal with true colour, over SSH and inside tmux.
    case halfBlocks

    /// The protocol a terminal announces in its environment: `KITTY_WINDOW_ID` or `TERM=xterm-kitty` or
    /// `TERM_PROGRAM=ghostty` give kitty; `TERM_PROGRAM=iTerm.app`/`WezTerm` or `LC_TERMINAL=iTerm2` give iTerm2;
    /// `TERM` naming sixel (`*-sixel`, `foot*`, `mlterm*`) gives sixel; anything else, and any terminal inside tmux or
    /// screen (`TMUX` set, `TERM=screen*`/`tmux*`, which do not pass graphics through), gives half blocks.
    public static func detect(environment: [String: String]) -> TerminalGraphics {
        let term = environment["TERM"] ?? ""
        if environment["TMUX"] != nil || term.hasPrefix("screen") || term.hasPrefix("tmux") { return .halfBlocks }
        let program = environment["TERM_PROGRAM"] ?? ""
        if environment["KITTY_WINDOW_ID"] != nil || term == "xterm-kitty" || program == "ghostty" { return .kitty }
        if program == "iTerm.app" || program == "WezTerm" || environment["LC_TERMINAL"] == "iTerm2" { return .iterm2 }
        if term.contains("sixel") || term.hasPrefix("foot") || term.hasPrefix("mlterm") { return .sixel }
        return .halfBlocks
    }
}
