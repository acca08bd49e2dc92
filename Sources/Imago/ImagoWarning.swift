/// A non-fatal notice where Keras would issue a Python `UserWarning` (for example, alpha dropped when saving RGBA
/// as JPEG). Returned to the caller, never printed by the library; the `imago` CLI prints them to stderr.
public struct ImagoWarning: Sendable, Hashable, CustomStringConvertible {
    /// The message, worded as Keras words it where Keras has one.
    public var message: String

    public init(_ message: String) { self.message = message }

    public var description: String { "warning: \(message)" }
}
