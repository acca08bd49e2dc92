// C shim between Imago's TIFF codec and libtiff 4.5: in-memory client I/O, per-handle error and warning
// capture (nothing is ever printed), bounded allocations, page decoding and conversion, and encoding.
#ifndef IMAGO_TIFF_SHIM_H
#define IMAGO_TIFF_SHIM_H

#include <stddef.h>
#include <stdint.h>

typedef enum {
    IMAGO_TIFF_OK = 0,
    IMAGO_TIFF_CORRUPT = 1,
    IMAGO_TIFF_TRUNCATED = 2,
    IMAGO_TIFF_UNSUPPORTED = 3,
    IMAGO_TIFF_NOMEM = 4,
    IMAGO_TIFF_INVALID = 5,
    IMAGO_TIFF_ENCODE_FAILED = 6,
    IMAGO_TIFF_LIMIT = 7
} ImagoTIFFStatus;

typedef struct ImagoTIFF ImagoTIFF;

/// The tags of the current page that decide how it decodes.
typedef struct {
    uint32_t width, height;
    uint16_t bits_per_sample, samples_per_pixel, sample_format, photometric, planar, compression;
    uint16_t extra_count;        // ExtraSamples count; extra_first the first value (0 unspecified, 1 associated, 2 unassociated)
    uint16_t extra_first;
    int has_extra_tag;
    uint16_t orientation;        // 1 when absent
    uint16_t inkset;             // 1 (CMYK) when absent
    uint16_t predictor;
    int tiled;
    uint32_t tile_width, tile_height, rows_per_strip;
    int bigtiff, big_endian;
    int has_resolution;
    float x_resolution, y_resolution;
    uint16_t resolution_unit;
    uint32_t icc_size, xmp_size;
    int rgba_ok;                 // TIFFRGBAImageOK: libtiff's RGBA interface can render this page
    uint16_t ycbcr_sub_h, ycbcr_sub_v;
} ImagoTIFFPage;

/// Opens `data` (kept alive by the caller until close). `max_alloc` bounds every libtiff allocation.
/// `chop_strips` 1 lets libtiff cut a single uncompressed strip into strips of about 8 KB (a truncated file then
/// keeps its complete rows, for partial decodes); 0 reads such a strip whole, in one read straight into the pixels.
ImagoTIFFStatus imago_tiff_open(const uint8_t *data, size_t size, int64_t max_alloc, int chop_strips, ImagoTIFF **out);
/// Reads up to `count` bytes at `offset` into `buffer`; returns how many (0 at the end), or -1 on failure.
typedef int64_t (*ImagoTIFFReadFunction)(void *context, uint64_t offset, void *buffer, int64_t count);
/// Opens a file of `size` bytes read on demand through `read` (random access: a header probe reads only the
/// header and the directories, wherever they are). `context` is passed to `read` and must outlive the handle.
/// `chop_strips` as for `imago_tiff_open`.
ImagoTIFFStatus imago_tiff_open_reader(uint64_t size, ImagoTIFFReadFunction read, void *context, int64_t max_alloc,
                                       int chop_strips, ImagoTIFF **out);
void imago_tiff_close(ImagoTIFF *tiff);
/// The first error libtiff reported on this handle (or the last warning when there was none), "" if none.
const char *imago_tiff_message(const ImagoTIFF *tiff);
/// Whether libtiff skipped a tag because its bytes lie past the end of the data (a cut-off directory).
int imago_tiff_incomplete(const ImagoTIFF *tiff);
/// Number of pages (IFD chain; loops are detected by libtiff and end the count).
int imago_tiff_page_count(ImagoTIFF *tiff);
/// Makes page `index` current and reads its tags.
ImagoTIFFStatus imago_tiff_select(ImagoTIFF *tiff, int index, ImagoTIFFPage *page);
/// The current page's ICC profile / XMP packet (pointers owned by libtiff, valid until the next select or close).
void imago_tiff_icc(ImagoTIFF *tiff, const uint8_t **bytes, uint32_t *size);
void imago_tiff_xmp(ImagoTIFF *tiff, const uint8_t **bytes, uint32_t *size);
/// An ASCII tag of the current page, or NULL.
const char *imago_tiff_text(ImagoTIFF *tiff, uint32_t tag);

/// One EXIF entry read from a TIFF page: the file's own type and count, the value's bytes as stored in the file
/// turned little-endian element by element (rationals as two 4-byte integers).
typedef struct {
    uint16_t directory;          // 0 the page's own directory (IFD0), 1 the Exif sub-IFD, 2 the GPS sub-IFD
    uint16_t tag;
    uint16_t type;               // TIFF type 1...12 (BYTE, ASCII, SHORT, LONG, RATIONAL, SBYTE, UNDEFINED, SSHORT,
                                 // SLONG, SRATIONAL, FLOAT, DOUBLE)
    uint32_t count;              // values
    uint32_t offset, size;       // the value's bytes: ImagoTIFFExifRead.values[offset ..< offset + size]
} ImagoTIFFExifValue;

/// What imago_tiff_read_exif found; `entries` and `values` are owned by the handle, valid until the next
/// imago_tiff_read_exif or imago_tiff_close.
typedef struct {
    const ImagoTIFFExifValue *entries;
    uint32_t entry_count;
    const uint8_t *values;
    uint32_t values_size;
    uint32_t skipped;            // entries left out because their value lies outside the file
    char message[256];           // why nothing was read, when the status is not OK
} ImagoTIFFExifRead;

/// Reads the EXIF of the current page (select it first): the entries of the page's directory whose tag is one of
/// `primary`, and every entry of the Exif and GPS sub-IFDs the page points to once libtiff has read them
/// (TIFFReadEXIFDirectory, TIFFReadGPSDirectory), except pointers to further directories; values exactly as stored
/// in the file (an entry whose value lies outside the file is left out and counted in `out->skipped`), as Pillow and
/// exiftool read them. The values together are at
/// most `max_bytes`. Afterwards no image directory is current: select a page again before decoding.
/// Returns IMAGO_TIFF_CORRUPT (a sub-IFD libtiff cannot read, at an offset out of range, or one that is the page's own
/// directory or the other sub-IFD), IMAGO_TIFF_LIMIT (over `max_bytes`) or IMAGO_TIFF_NOMEM with `out->message`
/// saying why and no entries; the handle's own error and warning state is left as it was, and nothing is printed.
ImagoTIFFStatus imago_tiff_read_exif(ImagoTIFF *tiff, const uint16_t *primary, uint32_t primary_count,
                                     uint64_t max_bytes, ImagoTIFFExifRead *out);

/// How to turn the file's samples into the output pixels.
typedef struct {
    int out_channels;            // 1...4
    int out_type;                // 0 uint8, 1 uint16, 2 float32
    int source[4];               // sample index feeding each output channel
    int invert;                  // MinIsWhite: raw value becomes max - value
    int unpremultiply;           // the last output channel is associated alpha: divide the others by it
    int scale_to_8;              // sub-byte unsigned samples scaled to 0...255 (1-bit gives 0/255)
    int palette;                 // output is the colormap entry (>> 8 for uint8) of sample 0
    int jpeg_rgb;                // set JPEGCOLORMODE_RGB before reading (JPEG-compressed YCbCr)
    int allow_partial;           // a failing strip/tile leaves zeros instead of failing
    int high_byte;               // 16-bit samples reduced to their high byte (v >> 8) before anything else (Pillow's RGBa;16)
    int wrap_int32;              // unsigned 32-bit samples read as signed int32 (Pillow's I;32N): v >= 2^31 gives v - 2^32
} ImagoTIFFConversion;

/// Decodes the current page with TIFFReadEncodedStrip/Tile and converts it into `out` (rows `stride` apart).
/// `scratch_limit` bounds the raw page buffer. Sets `*partial` when allow_partial skipped data.
ImagoTIFFStatus imago_tiff_decode(ImagoTIFF *tiff, const ImagoTIFFConversion *conversion,
                                  uint8_t *out, size_t stride, size_t out_size, size_t scratch_limit, int *partial);

/// Decodes the current page through TIFFRGBAImage (YCbCr, old JPEG, LogLuv, CIELab...) as RGBA 8-bit,
/// top-left first, into `out`; with channels == 3 the alpha byte is dropped.
ImagoTIFFStatus imago_tiff_decode_rgba(ImagoTIFF *tiff, int channels, uint8_t *out, size_t stride, size_t out_size,
                                       int allow_partial, int *partial);

// MARK: Encoding

typedef struct ImagoTIFFWriter ImagoTIFFWriter;

/// One EXIF entry to write, as Imago's bounded EXIF reader parsed it.
typedef struct {
    uint16_t directory;          // 0 IFD0 (the page's own directory), 1 the Exif sub-IFD, 2 the GPS sub-IFD
    uint16_t tag;
    uint16_t type;               // the source's TIFF type (1 BYTE, 2 ASCII, 3 SHORT, 4 LONG, 5 RATIONAL, 7 UNDEFINED...)
    uint32_t count;              // values in `numbers`, or bytes in `bytes` (an ASCII text without its NUL)
    const double *numbers;       // integer and rational values (a rational as its quotient), or NULL
    const uint8_t *bytes;        // ASCII text (NUL-terminated) or UNDEFINED bytes, or NULL
    const uint32_t *rationals;   // RATIONAL/SRATIONAL: `count` numerator, denominator pairs (bit patterns), or NULL;
                                 // written over libtiff's float approximations in the Exif and GPS sub-IFDs
} ImagoTIFFExifEntry;

typedef struct {
    uint32_t width, height;
    uint16_t channels;           // 1...4
    uint16_t sample_type;        // 0 uint8, 1 uint16, 2 float32
    uint16_t photometric;        // 1 minisblack, 2 rgb, 5 separated (CMYK)
    uint16_t extra_alpha;        // 1 when the last channel is unassociated alpha
    uint16_t compression;        // COMPRESSION_* value
    uint16_t predictor;          // 1 none, 2 horizontal, 3 floating point
    int jpeg_quality;
    int deflate_level;           // -1 default
    const uint8_t *icc; uint32_t icc_size;
    const uint8_t *xmp; uint32_t xmp_size;  // XMLPacket tag (700) when xmp_size > 0
    uint16_t orientation;        // Orientation tag (274) when 1...8; 0 writes none
    int has_resolution; float x_resolution, y_resolution; uint16_t resolution_unit;
    const char *description, *software, *artist, *copyright, *datetime;
    int page_index, page_count;  // PageNumber tag when page_count > 1
    const ImagoTIFFExifEntry *exif; uint32_t exif_count;  // written as libtiff's own tags: IFD0 entries in the page's
                                 // directory, the others in Exif / GPS sub-IFDs (TIFFTAG_EXIFIFD, TIFFTAG_GPSIFD); an
                                 // entry libtiff does not know, or whose values do not fit its definition, is skipped
} ImagoTIFFPageSpec;

ImagoTIFFStatus imago_tiff_writer_new(int bigtiff, ImagoTIFFWriter **out);
/// A writer into the caller's `buffer` of `capacity` bytes, which never grows: a file that does not fit fails (and
/// imago_tiff_writer_overflowed says so). imago_tiff_writer_finish then gives `buffer` back; it is never freed here.
ImagoTIFFStatus imago_tiff_writer_new_into(int bigtiff, uint8_t *buffer, size_t capacity, ImagoTIFFWriter **out);
/// Whether a fixed buffer was too small for the file.
int imago_tiff_writer_overflowed(const ImagoTIFFWriter *writer);
/// Writes one page (one directory) from packed or strided pixels.
ImagoTIFFStatus imago_tiff_writer_add(ImagoTIFFWriter *writer, const ImagoTIFFPageSpec *spec,
                                      const uint8_t *pixels, size_t stride);
/// Finishes the file; `*bytes` stays owned by the writer until imago_tiff_writer_free.
ImagoTIFFStatus imago_tiff_writer_finish(ImagoTIFFWriter *writer, const uint8_t **bytes, size_t *size);
const char *imago_tiff_writer_message(const ImagoTIFFWriter *writer);
/// How many EXIF entries were skipped so far (unknown to libtiff, or values that do not fit its definition).
uint32_t imago_tiff_writer_exif_skipped(const ImagoTIFFWriter *writer);
void imago_tiff_writer_free(ImagoTIFFWriter *writer);

#endif
