import ImageKernel

/// Resizes an image exactly as Pillow 13's `Image.resize(size, filter, box)` does.
public struct Resize: Transform {
    public var width: Int
    public var height: Int
    public var filter: ResampleFilter
    public var box: ResizeBox?

    public init(width: Int, height: Int, filter: ResampleFilter, box: ResizeBox? = nil) {
        self.width = width
        self.height = height
        self.filter = filter
        self.box = box
    }

    public var identifier: String { "resize(\(width)x\(height),\(filter.rawValue))" }

    public func apply(_ image: ImageBuffer) throws -> ImageBuffer {
        throw ImageError.unsupported("resize is not implemented yet")
    }
}
