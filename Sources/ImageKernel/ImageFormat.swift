/// A byte pattern at a fixed offset that identifies a format; `nil` bytes are wildcards.
public struct MagicSignature: Sendable, Hashable {
    /// Offset of the first byte from the start of the file.
    public var offset: Int
    /// The bytes to match; `nil` matches anything.
    public var pattern: [UInt8?]

    /// A signature from raw bytes, `nil` for wildcards.
    public init(bytes: [UInt8?], offset: Int = 0) {
        self.pattern = bytes
        self.offset = offset
    }

    /// A signature from ASCII text where `?` is a wildcard, as in `"RIFF????WEBP"`.
    public init(_ ascii: String, offset: Int = 0) {
        self.pattern = ascii.utf8.map { $0 == UInt8(ascii: "?") ? nil : $0 }
        self.offset = offset
    }

    /// Number of bytes needed to test this signature.
    public var length: Int { offset + pattern.count }

    /// Whether `data` starts with this signature.
    public func matches(_ data: [UInt8]) -> Bool {
        guard data.count >= length else { return false }
        for (i, byte) in pattern.enumerated() {
            if let byte, data[offset + i] != byte { return false }
        }
        return true
    }
}

/// The descriptor of a format a registry can detect, decode and encode.
public struct ImageFormat: Sendable {
    /// Stable identifier, e.g. `png`.
    public var id: FormatID
    /// Display name, e.g. `Portable Network Graphics`.
    public var name: String
    /// File extensions without the dot, lower case; the first is the preferred one.
    public var extensions: [String]
    /// MIME types; the first is the preferred one.
    public var mimeTypes: [String]
    /// Any one of these identifies the format.
    public var signatures: [MagicSignature]
    /// An optional refinement run after a signature matched (for weak signatures such as PNM's `P5`).
    public var contentCheck: (@Sendable ([UInt8]) -> Bool)?
    /// The decoder, when the format can be read.
    public var decoder: (any ImageDecoder)?
    /// The encoder, when the format can be written.
    public var encoder: (any ImageEncoder)?

    /// A format descriptor; extensions and MIME types are lower-cased.
    public init(
        id: FormatID,
        name: String,
        extensions: [String],
        mimeTypes: [String],
        signatures: [MagicSignature],
        contentCheck: (@Sendable ([UInt8]) -> Bool)? = nil,
        decoder: (any ImageDecoder)?,
        encoder: (any ImageEncoder)?
    ) {
        self.id = id
        self.name = name
        self.extensions = extensions.map { $0.lowercased() }
        self.mimeTypes = mimeTypes.map { $0.lowercased() }
        self.signatures = signatures
        self.contentCheck = contentCheck
        self.decoder = decoder
        self.encoder = encoder
    }

    /// Whether `data` is of this format, judged by content only.
    public func matches(_ data: [UInt8]) -> Bool {
        guard signatures.contains(where: { $0.matches(data) }) else { return false }
        return contentCheck?(data) ?? true
    }
}
