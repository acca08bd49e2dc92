/// Reusable storage for the scale-and-translate and TensorFlow resize cores, so that a worker resizing many images
/// allocates its buffers and computes each coefficient table once (keep one per worker thread).
public struct ResizeScratch: Sendable {
    /// Row buffers of the passes (widened input rows, one row between two passes).
    var rows: [Float] = []
    /// A padded or converted copy of the input, for callers that need one.
    public var staging: [Float] = []
    /// Scale-and-translate coefficient tables by (input, output, kernel).
    var scaleAndTranslate = ScaleAndTranslateCache()
    /// TensorFlow resize index and weight tables by (input, output, method).
    var tensorFlow = TensorFlowAxisCache()

    /// Empty storage; it grows to what the first images need and is reused after that.
    public init() {}

    /// Grows `buffer` to at least `count` elements (never shrinks it).
    static func reserve(_ buffer: inout [Float], _ count: Int) {
        if buffer.count < count { buffer = [Float](repeating: 0, count: count) }
    }
}
