import Foundation

/// The kitty and iTerm2 escape sequences that carry a PNG.
public enum InlineImageProtocols {
    /// kitty: `ESC _ G f=100,a=T,m=1 ; chunk ESC \` ... (base64 in chunks of 4096, the last with `m=0`).
    public static func kitty(png: [UInt8]) -> String {
        let encoded = Data(png).base64EncodedString()
        var out = ""
        var start = encoded.startIndex
        var first = true
        repeat {
            let end = encoded.index(start, offsetBy: 4096, limitedBy: encoded.endIndex) ?? encoded.endIndex
            let more = end < encoded.endIndex ? 1 : 0
            out += "\u{1B}_G" + (first ? "f=100,a=T,m=\(more)" : "m=\(more)") + ";" + encoded[start..<end] + "\u{1B}\\"
            first = false
            start = end
        } while start < encoded.endIndex
        return out + "\n"
    }

    /// iTerm2: `ESC ] 1337 ; File=inline=1;size=N;preserveAspectRatio=1 : base64 BEL`.
    public static func iterm2(png: [UInt8]) -> String {
        "\u{1B}]1337;File=inline=1;size=\(png.count);preserveAspectRatio=1:" + Data(png).base64EncodedString() + "\u{07}\n"
    }
}
