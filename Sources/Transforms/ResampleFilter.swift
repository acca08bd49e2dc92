import ImageKernel

/// The resampling filters of Pillow's `Image.resize`, with Pillow's kernels and supports.
public enum ResampleFilter: String, Sendable, Hashable, CaseIterable, Codable {
    case nearest
    case box
    case bilinear
    case hamming
    case bicubic
    case lanczos
}

/// A source rectangle for a resize, in source pixel coordinates (Pillow's `box` argument).
///
/// Coordinates are stored as C `float`, as Pillow does; taps may read outside the box but never outside the image.
public struct ResizeBox: Sendable, Hashable {
    public var x0: Float
    public var y0: Float
    public var x1: Float
    public var y1: Float

    public init(x0: Float, y0: Float, x1: Float, y1: Float) {
        self.x0 = x0
        self.y0 = y0
        self.x1 = x1
        self.y1 = y1
    }
}
