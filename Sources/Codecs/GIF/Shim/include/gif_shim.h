// C shim between Imago's GIF codec and giflib 5.x (low-level DGif/EGif API over memory).
// giflib reports errors through return codes only; this shim turns them into an ImagoGIFStatus, never prints, never
// aborts, and frees everything it opened on every path.
#ifndef IMAGO_GIF_SHIM_H
#define IMAGO_GIF_SHIM_H

#include <stddef.h>
#include <stdint.h>

typedef enum {
    IMAGO_GIF_OK = 0,
    IMAGO_GIF_CORRUPT = 1,
    IMAGO_GIF_TRUNCATED = 2,
    IMAGO_GIF_NOMEM = 3,
    /// The LZW data ended (an end code or an empty sub-block) before the frame was complete; the rows decoded so far
    /// are kept, as Pillow keeps them.
    IMAGO_GIF_EARLY_END = 4,
    IMAGO_GIF_NOT_GIF = 5,
    IMAGO_GIF_ENCODE_FAILED = 6,
    /// An LZW minimum code size above 8, which giflib refuses (GIF allows at most 8; Pillow accepts up to 12).
    IMAGO_GIF_CODE_SIZE = 7
} ImagoGIFStatus;

/// The logical screen descriptor and the global colour table.
typedef struct {
    int width, height;
    int has_global_palette;
    int global_entries;          // 1 << bits when present
    uint8_t global_palette[768]; // RGB triples
    int background;
    int aspect;
} ImagoGIFScreen;

typedef enum {
    IMAGO_GIF_RECORD_IMAGE = 1,
    IMAGO_GIF_RECORD_EXTENSION = 2,
    IMAGO_GIF_RECORD_END = 3      // trailer, or the data ends at a record boundary
} ImagoGIFRecordKind;

/// One record: an image descriptor (with its local colour table) or the first sub-block of an extension.
typedef struct {
    int kind;
    // extension
    int extension_code;
    int block_length;            // length of `block`; -1 when the extension has no sub-block (it has ended)
    uint8_t block[256];
    // image descriptor
    int left, top, width, height;
    int interlaced;
    int has_local_palette;
    int local_entries;
    uint8_t local_palette[768];
} ImagoGIFRecord;

typedef struct ImagoGIFReader ImagoGIFReader;

/// Opens `data` (which must outlive the reader) and reads the screen descriptor and global colour table.
ImagoGIFStatus imago_gif_open(const uint8_t *data, size_t size, ImagoGIFScreen *screen, ImagoGIFReader **out);
void imago_gif_close(ImagoGIFReader *reader);

/// Reads the next record. Unknown bytes between records are skipped, as Pillow skips them.
ImagoGIFStatus imago_gif_next_record(ImagoGIFReader *reader, ImagoGIFRecord *record);

/// The next sub-block of the current extension into `block` (256 bytes); `*length` 0 at the end of the extension.
ImagoGIFStatus imago_gif_extension_next(ImagoGIFReader *reader, uint8_t *block, int *length);

/// Skips the LZW data of the current image without decoding it.
ImagoGIFStatus imago_gif_skip_image(ImagoGIFReader *reader);

/// Decodes the current image's `width` x `height` palette indices into `out` (rows `stride` bytes apart), de-interlacing
/// when `interlaced`. `*rows` is the number of rows written in file order (all of them on IMAGO_GIF_OK).
/// On IMAGO_GIF_EARLY_END or IMAGO_GIF_TRUNCATED the pixels after the last one decoded are untouched when
/// `keep_partial`, unspecified otherwise (the reader is then ready for the next record).
/// `*data_ended` is set when the file ended inside this image (after every pixel on IMAGO_GIF_OK).
ImagoGIFStatus imago_gif_read_image(ImagoGIFReader *reader, uint8_t *out, size_t stride, int width, int height,
                                    int interlaced, int keep_partial, int *rows, int *data_ended);

/// Whether the data ended while reading (reads past the end are served as zero bytes).
int imago_gif_data_ended(const ImagoGIFReader *reader);

/// One frame to encode: palette indices at (left, top) with its own colour table when `palette_entries` > 0.
typedef struct {
    const uint8_t *indices;      // width * height bytes
    int left, top, width, height;
    int interlaced;
    const uint8_t *palette;      // RGB triples, palette_entries a power of two in 2...256, or NULL
    int palette_entries;
    int has_control;             // write a graphic control extension
    int transparency;            // -1 for none
    int delay_cs;                // hundredths of a second
    int disposal;
} ImagoGIFFrame;

/// What the file says before its frames.
typedef struct {
    int width, height;
    int gif89;                   // GIF89a header (else GIF87a)
    const uint8_t *palette;      // global colour table (RGB triples) or NULL
    int palette_entries;
    int background;
    int loop;                    // NETSCAPE2.0 loop count, -1 for none
} ImagoGIFEncodeHeader;

/// Encodes a whole file into a malloc'ed buffer (`*out`, freed with imago_gif_free).
ImagoGIFStatus imago_gif_encode(const ImagoGIFEncodeHeader *header, const ImagoGIFFrame *frames, int frame_count,
                                uint8_t **out, size_t *out_size);
void imago_gif_free(uint8_t *buffer);

#endif
