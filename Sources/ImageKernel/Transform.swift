/// An image-to-image operation: colour conversion, resize, crop, orientation.
///
/// Transforms are values with a stable ``identifier`` (for example `resize(224x224,bilinear)`), so that a
/// pipeline can be logged, compared and cached by name. Compose them with ``then(_:)``.
public protocol Transform: Sendable {
    /// A stable, human-readable name including the parameters.
    var identifier: String { get }
    /// Applies the transform. Throws ``ImageError`` for inputs it cannot handle.
    func apply(_ image: ImageBuffer) throws -> ImageBuffer
}

/// Transforms applied one after another.
public struct TransformPipeline: Transform {
    /// The steps, in order.
    public var steps: [any Transform]

    /// A pipeline of `steps`, applied in order.
    public init(_ steps: [any Transform]) { self.steps = steps }

    /// The steps' identifiers joined by ` | `.
    public var identifier: String { steps.map(\.identifier).joined(separator: " | ") }

    /// Applies every step in order.
    public func apply(_ image: ImageBuffer) throws -> ImageBuffer {
        var current = image
        for step in steps { current = try step.apply(current) }
        return current
    }
}

extension Transform {
    /// This transform followed by `next`.
    public func then(_ next: any Transform) -> TransformPipeline {
        if let pipeline = self as? TransformPipeline {
            return TransformPipeline(pipeline.steps + [next])
        }
        return TransformPipeline([self, next])
    }
}
