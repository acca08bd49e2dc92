import ImageKernel

/// The BMP format (Windows and OS/2 bitmaps, and headerless DIBs): its descriptor, ready to register in a
/// `FormatRegistry`. Pure Swift, no C library.
///
/// Reads OS/2 1.x and 2.x headers and Windows `BITMAPINFOHEADER` through V5; 1, 2, 4, 8, 16, 24 and 32 bits per
/// pixel; RLE4, RLE8, bit fields and alpha bit fields; top-down and bottom-up rows; short palettes; a V5 header's
/// embedded ICC profile (as `ImageMetadata/iccProfile`). Embedded JPEG and PNG (`BI_JPEG`, `BI_PNG`) are refused
/// as `unsupported`.
///
/// Pixels and modes are Pillow 13's wherever Pillow reads the file (see ``BMPDecoder``; the Pillow mode is in the
/// `bmp.pillowMode` property). Beyond Pillow: 2-bit images, the 16-byte OS/2 header, bit-field layouts Pillow
/// refuses (any contiguous masks, 16-bit with alpha, `BI_ALPHABITFIELDS`), palettes over 256 entries (the first
/// 256 are used), and RLE streams that end early with an end-of-bitmap code (the rest is index 0).
/// Pillow's quirks are kept where it reads the file: an uncompressed 4 or 8-bit file with a black-and-white palette
/// is Pillow's mode `1`, and its rows are read as 1-bit pixels, as Pillow reads them. A 4-bit file whose palette is
/// the ramp 0...15 (Pillow's mode `L`, read as 8-bit bytes, which Pillow refuses once a row is wider than its
/// stride) decodes to its indices.
///
/// Writes as Pillow's BMP writer does, byte for byte (see ``BMPEncoder``). Register ``format`` and ``dibFormat``.
public enum BMP {
    /// The info-header sizes a headerless DIB may start with (Pillow's `_dib_accept`).
    static let dibHeaderSizes: [UInt8] = [12, 40, 52, 56, 64, 108, 124]

    /// The id of headerless DIB data (Pillow's format `DIB`).
    public static let dibID = FormatID("dib")

    /// The descriptor of BMP files: id `bmp`, extension `bmp`, signature `BM`.
    public static let format = ImageFormat(
        id: .bmp,
        name: "BMP",
        extensions: ["bmp"],
        mimeTypes: ["image/bmp", "image/x-bmp"],
        signatures: [MagicSignature("BM")],
        contentCheck: { data in data.count >= 18 },
        decoder: BMPDecoder(),
        encoder: BMPEncoder())

    /// The descriptor of headerless DIBs (a BMP without its 14-byte file header, as on the clipboard): id `dib`,
    /// extension `dib`, detected by an info header of a known size followed by one plane. Written as Pillow writes
    /// `.dib` files: no file header.
    public static let dibFormat = ImageFormat(
        id: dibID,
        name: "DIB",
        extensions: ["dib"],
        mimeTypes: [],
        signatures: dibHeaderSizes.map { MagicSignature(bytes: [$0, 0, 0, 0]) },
        contentCheck: { data in
            let planes = data[0] == 12 ? 8 : 12
            return data.count > planes + 1 && data[planes] == 1 && data[planes + 1] == 0
        },
        decoder: BMPDecoder(),
        encoder: BMPEncoder(fileHeader: false))
}
