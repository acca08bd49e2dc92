/// A non-fatal notice where Keras would issue a Python `UserWarning` (for example, alpha dropped when saving RGBA
/// as JPEG), or where Imago made a lossy choice for the caller (a pixel format converted so that an encoder can store
/// it). Returned to the caller, never printed by the library; the `imago` CLI prints them to stderr.
///
/// It lives in the kernel so that the registry's encoding negotiation can return it; `import Imago` re-exports it.
public struct ImagoWarning: Sendable, Hashable, CustomStringConvertible {
    /// The message, worded as Keras words it where Keras has one.
    public var message: String

    /// A warning with this message.
    public init(_ message: String) { self.message = message }

    /// `warning: MESSAGE`.
    public var description: String { "warning: \(message)" }
}
