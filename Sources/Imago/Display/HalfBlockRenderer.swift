/// Draws an RGB image as text: each character cell is `▀` (U+2580) with a 24-bit foreground colour (the upper pixel)
/// and background colour (the lower pixel), so one cell shows two pixels stacked.
public enum HalfBlockRenderer {
    /// The pixel size an image is scaled to for `columns` cells: never wider than the image or than `columns`; the
    /// height keeps the aspect ratio, `max(1, round(height * width' / width))`.
    public static func scaledSize(width: Int, height: Int, columns: Int) -> (width: Int, height: Int) {
        let w = max(1, min(width, columns))
        guard w != width else { return (width, height) }
        let h = max(1, Int((Double(height) * Double(w) / Double(width)).rounded()))
        return (w, h)
    }

    /// The text for an `rgb8` image already at its display size: one line per two pixel rows, each ending with
    /// `ESC [ 0 m` and a newline. An odd last row is drawn with the terminal's default background below it.
    public static func render(_ image: ImageBuffer) throws(ImageError) -> String {
        guard image.format == .rgb8 else { throw .invalidArgument("half-block rendering takes rgb8 pixels, not \(image.format)") }
        var out = ""
        out.reserveCapacity(image.width * (image.height + 1) / 2 * 40)
        var y = 0
        while y < image.height {
            let hasLower = y + 1 < image.height
            image.withUnsafeRow(y) { top in
                for x in 0..<image.width {
                    let upper = "\(top[3 * x]);\(top[3 * x + 1]);\(top[3 * x + 2])"
                    if hasLower {
                        let lower = image.withUnsafeRow(y + 1) { "\($0[3 * x]);\($0[3 * x + 1]);\($0[3 * x + 2])" }
                        out += "\u{1B}[38;2;\(upper);48;2;\(lower)m\u{2580}"
                    } else {
                        out += "\u{1B}[38;2;\(upper);49m\u{2580}"
                    }
                }
            }
            out += "\u{1B}[0m\n"
            y += 2
        }
        return out
    }
}
