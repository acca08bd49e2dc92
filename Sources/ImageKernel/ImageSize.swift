/// A size in pixels with named sides, so that the order never has to be remembered: Keras's `target_size` is
/// `(height, width)`, Pillow's `img.size` is `(width, height)`.
public struct ImageSize: Sendable, Hashable, Codable, CustomStringConvertible {
    /// Rows.
    public var height: Int
    /// Columns.
    public var width: Int

    /// A size of `height` rows and `width` columns.
    public init(height: Int, width: Int) {
        self.height = height
        self.width = width
    }

    /// `WIDTHxHEIGHT`, as image sizes are usually written (e.g. `640x480`).
    public var description: String { "\(width)x\(height)" }
}
