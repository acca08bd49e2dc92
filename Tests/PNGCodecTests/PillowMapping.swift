import ImageKernel

/// Maps Imago's native PNG decode onto the representation Pillow 13 gives the same file, so that the two can be
/// compared sample by sample. Pillow's own PNG decoder (not libpng) picks these modes (spec §1.4, §10):
///
/// | Pillow mode (as saved by gen_png.py) | Imago native output | mapping applied to Imago's samples |
/// |---|---|---|
/// | `1` (saved as 0/255) | gray8 (1-bit expanded by replication) | equal |
/// | `L` (8-bit gray, or 2/4-bit gray x85 / x17) | gray8 | equal |
/// | `L`/`1`/`I;16` with a tRNS gray value | grayAlpha8 / grayAlpha16 | gray equal (16-bit exact); alpha compared with Pillow's `convert("RGBA")` alpha, 16-bit alpha >> 8 |
/// | `I;16` (16-bit gray) | gray16 | equal, full 16-bit precision |
/// | `LA` (8-bit gray+alpha) | grayAlpha8 | equal |
/// | `RGBA` from 16-bit gray+alpha | grayAlpha16 | Pillow keeps high bytes: (g>>8, g>>8, g>>8, a>>8) |
/// | `RGB` (8-bit, or 16-bit keeping the high byte) | rgb8 / rgb16 | equal / `v >> 8` |
/// | `RGB` with a tRNS colour | rgba8 / rgba16 | RGB as above; alpha compared with Pillow's `convert("RGBA")` alpha (16-bit >> 8) |
/// | `RGBA` (8-bit, or 16-bit keeping the high byte) | rgba8 / rgba16 | equal / `v >> 8` |
/// | `P` saved as `convert("RGB")` (no tRNS) | rgb8 | equal |
/// | `P` saved as `convert("RGBA")` (tRNS table or index) | rgba8 | equal |
enum PillowMapping {
    /// The samples Pillow's array should hold, and (when the image carries a tRNS alpha) the alpha plane
    /// Pillow's `convert("RGBA")` should give; `nil` when Imago's format has no counterpart in that Pillow mode.
    static func expected(from image: ImageBuffer, pillowMode: String) -> (samples: [Int], alpha: [Int]?)? {
        let values = image.integerSamples
        let high = image.format.sampleType == .uint16 ? 8 : 0
        let n = image.width * image.height
        switch (pillowMode, image.format.layout) {
        case ("1", .gray), ("L", .gray), ("I;16", .gray), ("LA", .grayAlpha):
            return (values, nil)
        case ("1", .grayAlpha), ("L", .grayAlpha), ("I;16", .grayAlpha):
            return ((0..<n).map { values[2 * $0] }, (0..<n).map { values[2 * $0 + 1] >> high })
        case ("RGBA", .grayAlpha):
            return ((0..<n).flatMap { i -> [Int] in
                let g = values[2 * i] >> high
                return [g, g, g, values[2 * i + 1] >> high]
            }, nil)
        case ("RGB", .rgb), ("P->RGB", .rgb), ("RGBA", .rgba), ("P->RGBA", .rgba):
            return (values.map { $0 >> high }, nil)
        case ("RGB", .rgba):
            return ((0..<n).flatMap { i in values[4 * i..<4 * i + 3].map { $0 >> high } }, (0..<n).map { values[4 * $0 + 3] >> high })
        default:
            return nil
        }
    }
}
