/// Keras's validation split (`dataset_utils.get_training_or_validation_split`), applied after the shuffle.
///
/// `k = int(fraction * n)`; training is `paths[:-k]` and validation is `paths[-k:]`. Where Keras silently
/// gives an empty training set (k == 0, because `[:-0]` is `[]`) and then fails with "No images found",
/// Imago throws a clear `ImageError/Kind/invalidArgument` naming the fraction and the file count.
public struct ValidationSplit: Sendable, Equatable {
    /// Which part of the split a dataset holds.
    public enum Subset: String, Sendable, Equatable, CaseIterable {
        /// The first `n - k` files of the shuffled listing (Keras's `subset="training"`).
        case training
        /// The last `k = int(fraction * n)` files (Keras's `subset="validation"`).
        case validation
        /// Both parts, as two datasets (training first).
        case both
    }

    /// The fraction reserved for validation, strictly between 0 and 1.
    public let fraction: Double

    /// A split reserving `fraction` of the files for validation.
    public init(fraction: Double) throws(ImageError) {
        guard fraction > 0, fraction < 1 else {
            throw .invalidArgument("`validation_split` must be between 0 and 1, received: \(fraction)")
        }
        self.fraction = fraction
    }

    /// `int(fraction * count)`: how many files go to validation.
    public func validationCount(of count: Int) -> Int {
        Int((fraction * Double(count)).rounded(.towardZero))
    }

    /// The index range of `subset` (`.training` or `.validation`) among `count` shuffled files.
    public func range(of subset: Subset, count: Int) throws(ImageError) -> Range<Int> {
        let k = validationCount(of: count)
        guard k > 0 else {
            throw .invalidArgument(
                "validation_split=\(fraction) of \(count) files reserves int(\(fraction) * \(count)) = 0 files for validation; "
                    + "Keras would then return an empty training set. Use a larger split or more files")
        }
        switch subset {
        case .training: return 0..<(count - k)
        case .validation: return (count - k)..<count
        case .both: throw .invalidArgument("`subset` must be either \"training\" or \"validation\" here, received: both")
        }
    }
}
