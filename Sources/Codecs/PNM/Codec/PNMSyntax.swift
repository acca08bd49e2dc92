import ImageKernel

/// Netpbm's lexical rules, shared by the header parsers and the ASCII raster readers.
enum PNMSyntax {
    /// Space, tab, LF, VT, FF, CR: Netpbm's (and Pillow's) whitespace.
    @inline(__always)
    static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || (byte >= 0x09 && byte <= 0x0D)
    }

    @inline(__always)
    static func isDigit(_ byte: UInt8) -> Bool {
        byte >= 0x30 && byte <= 0x39
    }

    /// More digits than this in one number is corrupt (Pillow allows 10 characters per token).
    static let maxDigits = 10

    /// A printable, single-line rendering of a byte for error messages.
    static func describe(_ byte: UInt8) -> String {
        if byte >= 0x21 && byte < 0x7F { return "'\(Character(Unicode.Scalar(byte)))'" }
        return "byte 0x" + String(byte, radix: 16, uppercase: true)
    }

    /// A printable, single-line, shortened rendering of header text for error messages.
    static func describe<C: Collection<UInt8>>(text: C) -> String {
        let shown = text.prefix(24).map { $0 >= 0x20 && $0 < 0x7F ? Character(Unicode.Scalar($0)) : "?" }
        return "'" + String(shown) + (text.count > 24 ? "...'" : "'")
    }
}

/// Reads the whitespace-separated decimal numbers of a PBM/PGM/PPM header, where `#` starts a comment
/// that runs to the end of the line (anywhere whitespace may appear, as in Netpbm's `pm_getc`).
struct PNMTokenScanner {
    let data: [UInt8]
    /// Index of the next unread byte.
    var position: Int

    /// Skips whitespace and comments. Returns false at the end of the data.
    mutating func skipSeparators() -> Bool {
        while position < data.count {
            let byte = data[position]
            if PNMSyntax.isWhitespace(byte) {
                position += 1
            } else if byte == UInt8(ascii: "#") {
                skipComment()
            } else {
                return true
            }
        }
        return false
    }

    /// Skips from `#` to the end of the line, leaving the line end unread.
    mutating func skipComment() {
        while position < data.count, data[position] != 0x0A, data[position] != 0x0D { position += 1 }
    }

    /// Reads one unsigned decimal number named `name`, then consumes exactly one separator after it
    /// (a whitespace byte, or a comment and its line end), so that a raster starts right after the last number.
    mutating func readNumber(_ name: String) throws(ImageError) -> Int {
        guard skipSeparators() else { throw .truncated("PNM header ends before the \(name)") }
        var value = 0
        var digits = 0
        while position < data.count, PNMSyntax.isDigit(data[position]) {
            digits += 1
            guard digits <= PNMSyntax.maxDigits else {
                throw .corrupt("PNM header: the \(name) has more than \(PNMSyntax.maxDigits) digits")
            }
            value = value * 10 + Int(data[position] - 0x30)
            position += 1
        }
        guard digits > 0 else {
            throw .corrupt("PNM header: expected the \(name), found \(PNMSyntax.describe(data[position]))")
        }
        guard position < data.count else { throw .truncated("PNM header ends after the \(name)") }
        let terminator = data[position]
        if PNMSyntax.isWhitespace(terminator) {
            position += 1
        } else if terminator == UInt8(ascii: "#") {
            skipComment()
            if position < data.count { position += 1 }
        } else {
            throw .corrupt("PNM header: the \(name) is followed by \(PNMSyntax.describe(terminator))")
        }
        return value
    }
}
