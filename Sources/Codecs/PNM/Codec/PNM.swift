import ImageKernel

/// The Netpbm formats (PBM, PGM, PPM and PAM): their descriptor, ready to register in a `FormatRegistry`.
///
/// Pure Swift, no C library. Reads `P1`...`P7`: bitmaps (ASCII `P1`, binary `P4`), graymaps (`P2`, `P5`),
/// pixmaps (`P3`, `P6`), and PAM (`P7`) with tuple types `BLACKANDWHITE`, `GRAYSCALE`, `RGB` and their
/// `_ALPHA` variants, maxval 1...65535.
///
/// ## Native pixel formats
/// - PBM: `gray8`, 0 (black, a `1` bit) or 255 (white, a `0` bit), as Pillow's `convert("L")` of mode `1`.
/// - maxval <= 255: `gray8`, `grayAlpha8`, `rgb8`, `rgba8`; maxval > 255: the 16-bit formats.
///
/// ## Scaling of maxval
/// Samples are scaled to the full range of the output type exactly as Pillow 13 does:
/// `min(max, round(v / maxval * max))` in double precision with round-half-to-even, `max` 255 or 65535
/// (maxval 255 and 65535 are copied as they are). Differences from Pillow: a 16-bit PPM is returned as
/// `rgb16` where Pillow reduces it to 8-bit RGB (`round(v / maxval * 255)`); a 16-bit PGM is `gray16`
/// holding exactly the values of Pillow's mode `I`. Pillow cannot read PAM at all. Netpbm's own tools
/// round halves up (`(v * max + maxval / 2) / maxval`), which differs from Pillow only on exact ties.
/// Binary samples above maxval are clamped (as Pillow does); ASCII samples above maxval are corrupt.
///
/// Only the first image of a multi-image stream is read. Data after the raster is ignored.
public enum PNM {
    /// The descriptor: id `pnm`, extensions `pnm pbm pgm ppm pam`, signatures `P1`...`P7` followed by whitespace.
    public static let format = ImageFormat(
        id: .pnm,
        name: "Netpbm (PBM/PGM/PPM/PAM)",
        extensions: ["pnm", "pbm", "pgm", "ppm", "pam"],
        mimeTypes: [
            "image/x-portable-anymap", "image/x-portable-bitmap", "image/x-portable-graymap",
            "image/x-portable-pixmap", "image/x-portable-arbitrarymap",
        ],
        signatures: (1...7).map { MagicSignature("P\($0)") },
        contentCheck: { data in data.count > 2 && PNMSyntax.isWhitespace(data[2]) },
        decoder: PNMDecoder(),
        encoder: PNMEncoder()
    )
}
