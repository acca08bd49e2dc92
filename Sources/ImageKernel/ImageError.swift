#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The one error type every Imago decoder, encoder, transform and registry call throws.
///
/// Each error has a typed ``Kind`` to match on, a human-readable reason, and (once known) the file it concerns.
/// Its description reads `PATH: reason` so that command-line tools can print it as is.
public struct ImageError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong, as a case to match on.
    public enum Kind: String, Sendable, Equatable, CaseIterable {
        /// No registered codec recognises the content (decode) or the name/extension (encode).
        case unknownFormat
        /// The format is recognised but this feature of it is not implemented or not supported by the C library.
        case unsupported
        /// The data violates the format: bad header, bad checksum, broken compressed stream.
        case corrupt
        /// The data ends before the image does.
        case truncated
        /// A size from the header exceeds a configured ``Limits`` value; nothing was allocated.
        case limitExceeded
        /// The encoder could not produce output for this image and these options.
        case encodeFailed
        /// Reading or writing a file failed.
        case io
        /// An argument is outside its allowed range (a bad option, a mismatched shape).
        case invalidArgument
        /// Memory could not be allocated (by Imago or by a codec's C library), although every size was within the
        /// ``Limits``: the machine or the process's own limit ran out. Nothing is left half-written.
        case outOfMemory
    }

    /// The typed category of the error.
    public var kind: Kind
    /// Why it failed, in one sentence without a trailing period.
    public var reason: String
    /// The file the error concerns, when known.
    public var file: String?

    /// Creates an error of `kind` with a reason and, optionally, the file it concerns.
    public init(_ kind: Kind, _ reason: String, file: String? = nil) {
        self.kind = kind
        self.reason = reason
        self.file = file
    }

    /// The same error, naming `file` unless it already names one.
    public func naming(file: String) -> ImageError {
        var copy = self
        if copy.file == nil { copy.file = file }
        return copy
    }

    /// `PATH: reason` when the file is known, otherwise the reason.
    public var description: String {
        if let file { return "\(file): \(reason)" }
        return reason
    }

    // MARK: Convenience constructors

    /// No codec recognises the data.
    public static func unknownFormat(_ reason: String = "cannot identify image format", file: String? = nil) -> ImageError {
        ImageError(.unknownFormat, reason, file: file)
    }
    /// A feature that is recognised but not supported.
    public static func unsupported(_ reason: String, file: String? = nil) -> ImageError {
        ImageError(.unsupported, reason, file: file)
    }
    /// Malformed data.
    public static func corrupt(_ reason: String, file: String? = nil) -> ImageError {
        ImageError(.corrupt, reason, file: file)
    }
    /// Data that ends too early.
    public static func truncated(_ reason: String = "image data is truncated", file: String? = nil) -> ImageError {
        ImageError(.truncated, reason, file: file)
    }
    /// A limit exceeded: names the limit, the value found and the maximum allowed.
    public static func limitExceeded(_ limit: String, value: Int, maximum: Int, file: String? = nil) -> ImageError {
        ImageError(.limitExceeded, "\(limit) \(value) exceeds the limit of \(maximum)", file: file)
    }
    /// An encoder failure.
    public static func encodeFailed(_ reason: String, file: String? = nil) -> ImageError {
        ImageError(.encodeFailed, reason, file: file)
    }
    /// An I/O failure.
    public static func io(_ reason: String, file: String? = nil) -> ImageError {
        ImageError(.io, reason, file: file)
    }
    /// An invalid argument.
    public static func invalidArgument(_ reason: String) -> ImageError {
        ImageError(.invalidArgument, reason)
    }
    /// An allocation that failed: `what` was being done, needing `bytes` when that is known.
    public static func outOfMemory(_ what: String, bytes: Int? = nil, file: String? = nil) -> ImageError {
        let size = bytes.map { " (\($0) bytes)" } ?? ""
        return ImageError(.outOfMemory, "out of memory \(what)\(size)", file: file)
    }
}

extension ImageError: LocalizedError {
    /// The same one line the `imago` tool prints: `PATH: reason`.
    public var errorDescription: String? { description }
}
