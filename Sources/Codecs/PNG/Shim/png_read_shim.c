/* PNG decoding on libpng: every setjmp/longjmp of the read side lives here. */
#include "png_shim.h"

#include <png.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct imago_png_reader {
    png_structp png;
    png_infop info;
    const uint8_t *data;
    size_t size;
    size_t offset;
    imago_png_settings settings;
    int eof;                 /* the data ended before libpng was done */
    int limit_hit;           /* a size exceeded the user limits */
    int no_memory;
    int header_read, started;
    int reading_chunks;      /* 1 while metadata chunks are read: single allocations are capped */
    int passes;
    uint32_t height;
    size_t row_bytes;
    uint32_t rows_complete;
    int is_apng;
    uint32_t apng_frames, apng_plays;
    char critical_chunk[8];  /* name of an unknown critical chunk that stopped the decode */
    char message[512];
    char warnings[1024];
};

static void on_error(png_structp png, png_const_charp text) {
    imago_png_reader *r = (imago_png_reader *)png_get_error_ptr(png);
    snprintf(r->message, sizeof r->message, "%s", text ? text : "libpng error");
    if (text && (strstr(text, "Out of memory") || strstr(text, "out of memory") || strstr(text, "insufficient memory")))
        r->no_memory = 1;
    png_longjmp(png, 1);
}

static void on_warning(png_structp png, png_const_charp text) {
    imago_png_reader *r = (imago_png_reader *)png_get_error_ptr(png);
    if (!text) return;
    if (strstr(text, "exceeds user limit")) r->limit_hit = 1;
    size_t used = strlen(r->warnings);
    if (used + 3 >= sizeof r->warnings) return;
    snprintf(r->warnings + used, sizeof r->warnings - used, "%s%s", used ? "; " : "", text);
}

static void on_read(png_structp png, png_bytep out, size_t length) {
    imago_png_reader *r = (imago_png_reader *)png_get_io_ptr(png);
    if (length > r->size - r->offset) {
        r->eof = 1;
        png_error(png, "unexpected end of data");
    }
    memcpy(out, r->data + r->offset, length);
    r->offset += length;
}

static uint32_t be32(const png_byte *p) {
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | (uint32_t)p[3];
}

/* Unknown chunks: record the APNG acTL (frames, plays), drop every other unknown ancillary chunk silently
 * (acTL/fcTL/fdAT of APNG included: nothing is kept in memory), and make an unknown critical chunk an error. */
static int on_unknown_chunk(png_structp png, png_unknown_chunkp chunk) {
    imago_png_reader *r = (imago_png_reader *)png_get_user_chunk_ptr(png);
    if (memcmp(chunk->name, "acTL", 4) == 0 && chunk->size >= 8) {
        r->is_apng = 1;
        r->apng_frames = be32(chunk->data);
        r->apng_plays = be32(chunk->data + 4);
    }
    if ((chunk->name[0] & 0x20) == 0) {
        snprintf(r->critical_chunk, sizeof r->critical_chunk, "%.4s", (const char *)chunk->name);
        return -1;
    }
    return 1;
}

/* libpng 1.6 only warns when a chunk is longer than png_set_chunk_malloc_max, then allocates (and clears) a
 * buffer of the chunk's declared length, up to 2 GiB, before finding out the data is missing. While chunks are
 * read, refuse any single allocation beyond the metadata limit (plus zlib's own buffers): libpng then drops the
 * chunk with a warning. Pixel rows are allocated outside that phase, after the caller checked the image size. */
static png_voidp on_malloc(png_structp png, png_alloc_size_t size) {
    imago_png_reader *r = (imago_png_reader *)png_get_mem_ptr(png);
    if (r && r->reading_chunks) {
        size_t cap = r->settings.max_chunk_bytes + (size_t)256 * 1024;
        if (cap < r->settings.max_chunk_bytes || size > cap) return NULL;
    }
    return malloc(size);
}

static void on_free(png_structp png, png_voidp pointer) {
    (void)png;
    free(pointer);
}

static imago_png_status failure(imago_png_reader *r) {
    if (r->critical_chunk[0]) {
        snprintf(r->message, sizeof r->message, "unknown critical chunk '%s'", r->critical_chunk);
        return IMAGO_PNG_UNSUPPORTED;
    }
    if (r->eof) return IMAGO_PNG_TRUNCATED;
    if (r->limit_hit) return IMAGO_PNG_LIMIT;
    if (r->no_memory) return IMAGO_PNG_NO_MEMORY;
    return IMAGO_PNG_CORRUPT;
}

imago_png_reader *imago_png_open(const uint8_t *data, size_t size, const imago_png_settings *settings) {
    imago_png_reader *r = (imago_png_reader *)calloc(1, sizeof *r);
    if (!r) return NULL;
    r->data = data;
    r->size = size;
    r->settings = *settings;
    r->png = png_create_read_struct_2(PNG_LIBPNG_VER_STRING, r, on_error, on_warning, r, on_malloc, on_free);
    if (!r->png) { free(r); return NULL; }
    r->info = png_create_info_struct(r->png);
    if (!r->info) { png_destroy_read_struct(&r->png, NULL, NULL); free(r); return NULL; }
    return r;
}

void imago_png_close(imago_png_reader *r) {
    if (!r) return;
    png_destroy_read_struct(&r->png, &r->info, NULL);
    free(r);
}

const char *imago_png_message(const imago_png_reader *r) { return r->message; }
const char *imago_png_warnings(const imago_png_reader *r) { return r->warnings; }

/* Finds the gAMA, cHRM and sRGB chunks before the first IDAT, as the file states them (first occurrence,
 * right length only). Bounded by the data: no allocation. */
static void scan_colour_chunks(const imago_png_reader *r, imago_png_header *h) {
    size_t pos = 8;
    while (pos <= r->size && r->size - pos >= 12) {
        const png_byte *chunk = r->data + pos;
        uint32_t length = be32(chunk);
        if (memcmp(chunk + 4, "IDAT", 4) == 0 || memcmp(chunk + 4, "IEND", 4) == 0) return;
        if (length > r->size - pos - 12) return;
        const png_byte *body = chunk + 8;
        if (!h->has_gamma && memcmp(chunk + 4, "gAMA", 4) == 0 && length == 4) {
            h->has_gamma = 1;
            h->gamma = be32(body);
        } else if (!h->has_chrm && memcmp(chunk + 4, "cHRM", 4) == 0 && length == 32) {
            h->has_chrm = 1;
            for (int i = 0; i < 8; i++) h->chrm[i] = be32(body + 4 * i);
        } else if (!h->has_srgb && memcmp(chunk + 4, "sRGB", 4) == 0 && length == 1) {
            h->has_srgb = 1;
            h->srgb_intent = body[0];
        }
        pos += 12 + (size_t)length;
    }
}

imago_png_status imago_png_read_header(imago_png_reader *r, imago_png_header *h) {
    memset(h, 0, sizeof *h);
    if (r->header_read) { snprintf(r->message, sizeof r->message, "header already read"); return IMAGO_PNG_INVALID; }
    if (r->size >= 16 && memcmp(r->data + 12, "CgBI", 4) == 0) {
        snprintf(r->message, sizeof r->message,
                 "Apple CgBI PNG (premultiplied BGRA, headerless deflate) is not a standard PNG");
        return IMAGO_PNG_UNSUPPORTED;
    }
    png_structp png = r->png;
    png_infop info = r->info;
    if (setjmp(png_jmpbuf(png))) { r->reading_chunks = 0; return failure(r); }
    png_set_read_fn(png, r, on_read);
    png_set_user_limits(png, r->settings.max_width, r->settings.max_height);
    png_set_chunk_malloc_max(png, r->settings.max_chunk_bytes);
    png_set_chunk_cache_max(png, r->settings.max_cached_chunks);
    png_set_crc_action(png, PNG_CRC_DEFAULT, PNG_CRC_DEFAULT);
#ifdef PNG_SKIP_sRGB_CHECK_PROFILE
    /* Keep ICC profiles that libpng knows to be inexact sRGB profiles, as Pillow does. */
    png_set_option(png, PNG_SKIP_sRGB_CHECK_PROFILE, PNG_OPTION_ON);
#endif
    png_set_read_user_chunk_fn(png, r, on_unknown_chunk);
    r->reading_chunks = 1;
    png_read_info(png, info);
    r->reading_chunks = 0;
    r->header_read = 1;

    h->width = png_get_image_width(png, info);
    h->height = png_get_image_height(png, info);
    h->bit_depth = png_get_bit_depth(png, info);
    h->color_type = png_get_color_type(png, info);
    h->interlaced = png_get_interlace_type(png, info) != PNG_INTERLACE_NONE;
    h->has_trns = png_get_valid(png, info, PNG_INFO_tRNS) != 0;
    png_colorp palette = NULL;
    int count = 0;
    if (png_get_PLTE(png, info, &palette, &count)) h->palette_count = count;
    scan_colour_chunks(r, h);
    png_uint_32 px, py;
    int unit;
    if (png_get_pHYs(png, info, &px, &py, &unit)) {
        h->has_phys = 1; h->phys_x = px; h->phys_y = py; h->phys_unit = unit;
    }
    h->is_apng = r->is_apng;
    h->apng_frames = r->apng_frames;
    h->apng_plays = r->apng_plays;
    r->height = h->height;
    return IMAGO_PNG_OK;
}

imago_png_status imago_png_start(imago_png_reader *r, int *channels, int *bit_depth, size_t *row_bytes) {
    if (!r->header_read || r->started) { snprintf(r->message, sizeof r->message, "decoder used out of order"); return IMAGO_PNG_INVALID; }
    png_structp png = r->png;
    png_infop info = r->info;
    if (setjmp(png_jmpbuf(png))) return failure(r);
    int color_type = png_get_color_type(png, info);
    int depth = png_get_bit_depth(png, info);
    if (color_type == PNG_COLOR_TYPE_PALETTE) png_set_palette_to_rgb(png);
    if (color_type == PNG_COLOR_TYPE_GRAY && depth < 8) png_set_expand_gray_1_2_4_to_8(png);
    if (png_get_valid(png, info, PNG_INFO_tRNS)) png_set_tRNS_to_alpha(png);
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    if (depth == 16) png_set_swap(png);
#endif
    r->passes = png_set_interlace_handling(png);
    png_read_update_info(png, info);
    if (r->settings.relaxed_idat_crc) {
        /* From here on only IDAT and the chunks after it are read: accept their CRC errors, as Pillow does. */
        png_set_crc_action(png, PNG_CRC_QUIET_USE, PNG_CRC_NO_CHANGE);
    }
    r->started = 1;
    *channels = png_get_channels(png, info);
    *bit_depth = png_get_bit_depth(png, info);
    r->row_bytes = png_get_rowbytes(png, info);
    *row_bytes = r->row_bytes;
    return IMAGO_PNG_OK;
}

imago_png_status imago_png_read_image(imago_png_reader *r, uint8_t *base, size_t stride,
                                      int allow_truncated, uint32_t *rows_complete) {
    *rows_complete = 0;
    if (!r->started) { snprintf(r->message, sizeof r->message, "decoder used out of order"); return IMAGO_PNG_INVALID; }
    if (stride < r->row_bytes) { snprintf(r->message, sizeof r->message, "row stride smaller than a row"); return IMAGO_PNG_INVALID; }
    png_structp png = r->png;
    r->rows_complete = 0;
    if (setjmp(png_jmpbuf(png))) {
        *rows_complete = r->rows_complete;
        if (allow_truncated && r->eof) return IMAGO_PNG_OK;
        return failure(r);
    }
    for (int pass = 0; pass < r->passes; pass++) {
        uint8_t *row = base;
        for (uint32_t y = 0; y < r->height; y++, row += stride) {
            png_read_row(png, row, NULL);
            if (pass == r->passes - 1) r->rows_complete = y + 1;
        }
    }
    *rows_complete = r->rows_complete;
    return IMAGO_PNG_OK;
}

imago_png_status imago_png_read_end(imago_png_reader *r) {
    png_structp png = r->png;
    if (setjmp(png_jmpbuf(png))) {
        r->reading_chunks = 0;
        /* The image is complete: a missing IEND (or, when relaxed, any damage after the image data) is tolerated. */
        if (r->eof || r->settings.relaxed_idat_crc) {
            r->eof = 0;
            return IMAGO_PNG_OK;
        }
        return failure(r);
    }
    r->reading_chunks = 1;
    png_read_end(png, r->info);
    r->reading_chunks = 0;
    return IMAGO_PNG_OK;
}

int imago_png_icc(const imago_png_reader *r, const uint8_t **profile, uint32_t *length) {
    png_charp name = NULL;
    int compression = 0;
    png_bytep data = NULL;
    png_uint_32 size = 0;
    if (!png_get_iCCP(r->png, r->info, &name, &compression, &data, &size)) return 0;
    *profile = data;
    *length = size;
    return 1;
}

int imago_png_exif(const imago_png_reader *r, const uint8_t **exif, uint32_t *length) {
    png_bytep data = NULL;
    png_uint_32 size = 0;
    if (!png_get_eXIf_1(r->png, r->info, &size, &data) || !data) return 0;
    *exif = data;
    *length = size;
    return 1;
}

int imago_png_text_count(const imago_png_reader *r) {
    return png_get_text(r->png, r->info, NULL, NULL);
}

int imago_png_text(const imago_png_reader *r, int index, imago_png_text_entry *entry) {
    png_textp texts = NULL;
    int count = png_get_text(r->png, r->info, &texts, NULL);
    if (index < 0 || index >= count || !texts) return 0;
    png_textp t = &texts[index];
    int utf8 = t->compression == PNG_ITXT_COMPRESSION_NONE || t->compression == PNG_ITXT_COMPRESSION_zTXt;
    entry->key = t->key;
    entry->text = t->text ? t->text : "";
    entry->text_length = strlen(entry->text);
    entry->is_utf8 = utf8;
    return 1;
}
