#ifndef IMAGO_PNG_SHIM_H
#define IMAGO_PNG_SHIM_H

/* A small C layer over libpng that owns every setjmp/longjmp.
 *
 * Every function returns an imago_png_status; on failure the reason is in imago_png_message() (decoder)
 * or in the caller's message buffer (encoder). libpng errors and warnings are captured, never printed. */

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum {
    IMAGO_PNG_OK = 0,
    IMAGO_PNG_CORRUPT = 1,
    IMAGO_PNG_TRUNCATED = 2,
    IMAGO_PNG_LIMIT = 3,
    IMAGO_PNG_UNSUPPORTED = 4,
    IMAGO_PNG_NO_MEMORY = 5,
    IMAGO_PNG_INVALID = 6
} imago_png_status;

/* Resource limits and checksum policy of one decode. */
typedef struct {
    uint32_t max_width;          /* png_set_user_limits */
    uint32_t max_height;
    size_t max_chunk_bytes;      /* png_set_chunk_malloc_max: bounds iCCP/zTXt/iTXt/eXIf after decompression */
    uint32_t max_cached_chunks;  /* png_set_chunk_cache_max */
    int relaxed_idat_crc;        /* 1: ignore CRC errors of IDAT and later critical chunks (as Pillow); 0: strict (libpng) */
} imago_png_settings;

/* The header and the metadata chunks found before the first IDAT (and, after imago_png_read_end, after it). */
typedef struct {
    uint32_t width, height;
    int bit_depth, color_type, interlaced;
    int has_trns, palette_count;
    /* gAMA, cHRM and sRGB as stored in the file before the first IDAT (libpng would also report a gamma
     * derived from sRGB, which the file does not contain) */
    int has_gamma; uint32_t gamma;             /* gAMA x 100000 */
    int has_chrm; uint32_t chrm[8];            /* white x,y, red x,y, green x,y, blue x,y, x 100000 */
    int has_srgb; int srgb_intent;
    int has_phys; uint32_t phys_x, phys_y; int phys_unit;   /* unit 1 = metre */
    int is_apng; uint32_t apng_frames, apng_plays;
} imago_png_header;

/* One text entry; key and text point into libpng memory, valid until imago_png_close. */
typedef struct {
    const char *key;
    const char *text;
    size_t text_length;
    int is_utf8;                               /* iTXt: UTF-8; tEXt/zTXt: Latin-1 */
} imago_png_text_entry;

typedef struct imago_png_reader imago_png_reader;

/* A reader over `size` bytes at `data` (not copied: keep them alive). NULL when out of memory. */
imago_png_reader *imago_png_open(const uint8_t *data, size_t size, const imago_png_settings *settings);
void imago_png_close(imago_png_reader *reader);
/* The reason of the last failure, or a warning summary after success. */
const char *imago_png_message(const imago_png_reader *reader);
/* Warnings libpng reported (dropped ancillary chunks, ...), joined by "; "; empty when none. */
const char *imago_png_warnings(const imago_png_reader *reader);

/* Reads the signature and every chunk up to the first IDAT. */
imago_png_status imago_png_read_header(imago_png_reader *reader, imago_png_header *header);

/* Sets up the output: palette and sub-byte gray expanded to 8 bits (gray by replication), tRNS to an alpha
 * channel, 16-bit samples kept in native byte order, Adam7 handled, no gamma.
 * Writes the channel count, bits per sample (8 or 16) and bytes per output row. */
imago_png_status imago_png_start(imago_png_reader *reader, int *channels, int *bit_depth, size_t *row_bytes);

/* Decodes every row into `base`, row y at base + y * stride (`stride` >= row_bytes, `height` rows).
 * With allow_truncated, data that ends early is not an error: *rows_complete says how far it got. */
imago_png_status imago_png_read_image(imago_png_reader *reader, uint8_t *base, size_t stride,
                                      int allow_truncated, uint32_t *rows_complete);

/* Reads the chunks after the image data (text, eXIf). A missing IEND is tolerated, as in Pillow. */
imago_png_status imago_png_read_end(imago_png_reader *reader);

/* Metadata accessors (valid after imago_png_read_header). Pointers stay valid until imago_png_close. */
int imago_png_icc(const imago_png_reader *reader, const uint8_t **profile, uint32_t *length);
int imago_png_exif(const imago_png_reader *reader, const uint8_t **exif, uint32_t *length);
int imago_png_text_count(const imago_png_reader *reader);
int imago_png_text(const imago_png_reader *reader, int index, imago_png_text_entry *entry);

/* ---- Encoding ---- */

typedef struct {
    const char *key;      /* 1-79 Latin-1 bytes, NUL-terminated */
    const char *text;     /* NUL-terminated */
    int utf8;             /* 1: write iTXt (UTF-8); 0: tEXt (Latin-1/ASCII) */
    int compress;         /* 1: zTXt / compressed iTXt */
} imago_png_write_text;

typedef struct {
    uint32_t width, height;
    int bit_depth;        /* 1, 2, 4, 8 (palette) or 8, 16 */
    int color_type;       /* PNG_COLOR_TYPE_* */
    int interlaced;       /* Adam7 when 1 */
    int level;            /* zlib 0...9 */
    int filters;          /* PNG_FILTER_* mask, or -1 for libpng's default */
    const uint8_t *palette; int palette_count;     /* RGB triples */
    const uint8_t *trns; int trns_count;           /* palette alphas */
    const uint8_t *icc; uint32_t icc_length;
    const uint8_t *exif; uint32_t exif_length;
    int has_phys; uint32_t phys_x, phys_y; int phys_unit;
    const imago_png_write_text *texts; int text_count;
} imago_png_write_params;

/* Encodes `height` rows (row y at base + y * stride; one byte per palette index, 16-bit samples native endian)
 * into a malloc'ed buffer the caller frees with imago_png_free. On failure *out is NULL and `message` says why. */
imago_png_status imago_png_encode(const imago_png_write_params *params, const uint8_t *base, size_t stride,
                                  uint8_t **out, size_t *out_size, char *message, size_t message_size);
void imago_png_free(void *pointer);

#ifdef __cplusplus
}
#endif

#endif
