// LZW decoding of one GIF frame's image data, giving giflib 5.2's results (pixels, error and where it stops) for every
// input, valid or not, without giflib's per-line, per-pixel stack machinery.
#ifndef IMAGO_GIF_LZW_H
#define IMAGO_GIF_LZW_H

#include <stddef.h>
#include <stdint.h>

typedef enum {
    /// Every pixel of the frame was written.
    IMAGO_GIF_LZW_COMPLETE = 0,
    /// An end-of-information code came before the last pixel (giflib's D_GIF_ERR_EOF_TOO_SOON).
    IMAGO_GIF_LZW_END_CODE = 1,
    /// The data ran out inside a code before the last pixel (giflib meets the empty sub-block).
    IMAGO_GIF_LZW_OUT_OF_DATA = 2,
    /// A code whose string giflib cannot trace (giflib's D_GIF_ERR_IMAGE_DEFECT).
    IMAGO_GIF_LZW_DEFECT = 3
} ImagoGIFLZWResult;

/// The code tables (about 32 KB), allocated by the caller once and reused for every frame.
typedef struct ImagoGIFLZWTables ImagoGIFLZWTables;
size_t imago_gif_lzw_tables_size(void);

/// Where the indices go: `height` rows of `width` bytes, `stride` bytes apart, in interlaced order when `interlaced`.
typedef struct {
    uint8_t *out;
    size_t stride;
    size_t width;
    size_t height;
    int interlaced;
} ImagoGIFLZWFrame;

/// Decodes the LZW codes in `data` (the frame's sub-block payloads, concatenated; `size` bytes) with minimum code size
/// `code_size` (0...8) into `frame`. Writes only inside the frame's rows; a code's string is written whole (up to the
/// frame's last pixel) or not at all.
/// With `exact` 0, the bytes of the frame after the last pixel written are unspecified unless the result is COMPLETE
/// (strings are written with 8-byte stores); with `exact` 1 they are untouched.
/// `*pixels` is the number of pixels written in file order, `*bytes_used` the number of data bytes whose bits were read.
ImagoGIFLZWResult imago_gif_lzw_decode(ImagoGIFLZWTables *tables, const uint8_t *data, size_t size, int code_size,
                                       const ImagoGIFLZWFrame *frame, int exact, size_t *pixels, size_t *bytes_used);

#endif
