/// The EXIF orientation tag (0x0112): how the stored pixels must be turned to be shown upright.
///
/// Raw values are the tag's values 1...8. Names say where row 0 and column 0 of the stored image belong.
public enum Orientation: Int, Sendable, Hashable, CaseIterable, Codable {
    /// 1: stored upright.
    case topLeft = 1
    /// 2: mirrored horizontally.
    case topRight = 2
    /// 3: rotated 180 degrees.
    case bottomRight = 3
    /// 4: mirrored vertically.
    case bottomLeft = 4
    /// 5: transposed (mirrored along the main diagonal).
    case leftTop = 5
    /// 6: must be rotated 90 degrees clockwise to display.
    case rightTop = 6
    /// 7: transversed (mirrored along the anti-diagonal).
    case rightBottom = 7
    /// 8: must be rotated 90 degrees counter-clockwise to display.
    case leftBottom = 8

    /// The upright orientation.
    public static let up = Orientation.topLeft

    /// Whether displaying the image swaps its width and height.
    public var swapsDimensions: Bool { rawValue >= 5 }
}
