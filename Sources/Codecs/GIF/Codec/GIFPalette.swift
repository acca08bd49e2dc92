/// A GIF colour table as Pillow holds it: RGB triples; an index past the table reads as black, as in Pillow's
/// palette images.
struct GIFPalette: Sendable, Equatable {
    /// RGB triples, `3 * entries` bytes.
    var rgb: [UInt8]

    /// Number of entries.
    var count: Int { rgb.count / 3 }

    /// The colour of `index` (black past the table).
    @inline(__always)
    func color(_ index: Int) -> (UInt8, UInt8, UInt8) {
        let i = 3 * index
        guard i + 2 < rgb.count else { return (0, 0, 0) }
        return (rgb[i], rgb[i + 1], rgb[i + 2])
    }

    /// Pillow's `_rgb` for disposal colours: an index past the table uses entry 0.
    func disposalColor(_ index: Int) -> (UInt8, UInt8, UInt8) {
        color(3 * index + 3 > rgb.count ? 0 : index)
    }

    /// Pillow's `_is_palette_needed`: a table whose entry i is (i, i, i) for every i is not a palette at all, and the
    /// frame is read as gray (mode `L`) with the indices as values.
    var isGrayIdentity: Bool {
        for i in 0..<count where !(rgb[3 * i] == UInt8(truncatingIfNeeded: i) && rgb[3 * i + 1] == rgb[3 * i] && rgb[3 * i + 2] == rgb[3 * i]) {
            return false
        }
        return true
    }
}
