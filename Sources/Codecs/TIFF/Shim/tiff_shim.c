#include "tiff_handle.h"

#include <math.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <tiffio.h>

// MARK: Messages

/// libtiff's process-wide handlers print to stderr; every handle here has its own, so the global ones are
/// silenced once (messages raised without a handle, e.g. before one exists, are dropped).
static pthread_once_t silence_once = PTHREAD_ONCE_INIT;
static void silence_global_handlers(void) {
    TIFFSetErrorHandler(NULL);
    TIFFSetErrorHandlerExt(NULL);
    TIFFSetWarningHandler(NULL);
    TIFFSetWarningHandlerExt(NULL);
}

static int on_error(TIFF *tif, void *user, const char *module, const char *fmt, va_list ap) {
    (void)tif;
    Messages *m = user;
    if (m->errors++ == 0) {
        char text[400];
        vsnprintf(text, sizeof text, fmt, ap);
        snprintf(m->error, sizeof m->error, "%s%s%s", module ? module : "", module ? ": " : "", text);
    }
    return 1;  // handled: nothing reaches the global handlers
}

static int on_warning(TIFF *tif, void *user, const char *module, const char *fmt, va_list ap) {
    (void)tif;
    Messages *m = user;
    char text[400];
    vsnprintf(text, sizeof text, fmt, ap);
    snprintf(m->warning, sizeof m->warning, "%s%s%s", module ? module : "", module ? ": " : "", text);
    if (strstr(text, "IO error") != NULL) m->io_warnings++;
    return 1;
}

static TIFFOpenOptions *make_options(Messages *messages, int64_t max_alloc) {
    pthread_once(&silence_once, silence_global_handlers);
    TIFFOpenOptions *opts = TIFFOpenOptionsAlloc();
    if (opts == NULL) return NULL;
    TIFFOpenOptionsSetErrorHandlerExtR(opts, on_error, messages);
    TIFFOpenOptionsSetWarningHandlerExtR(opts, on_warning, messages);
    if (max_alloc > 0) TIFFOpenOptionsSetMaxSingleMemAlloc(opts, (tmsize_t)max_alloc);
    return opts;
}

// MARK: Reading from memory

/* The cursor arithmetic shared by the reader's and the writer's in-memory streams. */
static tmsize_t cursor_read(const uint8_t *data, uint64_t size, uint64_t *pos, void *buf, tmsize_t n) {
    if (n <= 0 || *pos >= size) return 0;
    uint64_t avail = size - *pos;
    uint64_t count = (uint64_t)n < avail ? (uint64_t)n : avail;
    memcpy(buf, data + *pos, (size_t)count);
    *pos += count;
    return (tmsize_t)count;
}
static toff_t cursor_seek(uint64_t size, uint64_t *pos, toff_t off, int whence) {
    uint64_t base = whence == SEEK_CUR ? *pos : whence == SEEK_END ? size : 0;
    if (off > UINT64_MAX - base) return (toff_t)-1;
    *pos = base + off;
    return *pos;
}

static tmsize_t mem_read(thandle_t h, void *buf, tmsize_t n) {
    ImagoTIFF *t = (ImagoTIFF *)h;
    return cursor_read(t->data, t->size, &t->pos, buf, n);
}
static tmsize_t mem_no_write(thandle_t h, void *buf, tmsize_t n) { (void)h; (void)buf; (void)n; return -1; }
static toff_t mem_seek(thandle_t h, toff_t off, int whence) {
    ImagoTIFF *t = (ImagoTIFF *)h;
    return cursor_seek(t->size, &t->pos, off, whence);
}
static int mem_close(thandle_t h) { (void)h; return 0; }
static toff_t mem_size(thandle_t h) { return ((ImagoTIFF *)h)->size; }
static int mem_map(thandle_t h, void **base, toff_t *size) {
    ImagoTIFF *t = (ImagoTIFF *)h;
    *base = (void *)t->data;
    *size = t->size;
    return 1;
}
static void mem_unmap(thandle_t h, void *base, toff_t size) { (void)h; (void)base; (void)size; }

static tmsize_t reader_read(thandle_t h, void *buf, tmsize_t n) {
    ImagoTIFF *t = (ImagoTIFF *)h;
    if (n <= 0 || t->pos >= t->size) return 0;
    uint64_t avail = t->size - t->pos;
    int64_t want = (uint64_t)n < avail ? (int64_t)n : (int64_t)avail;
    int64_t got = t->reader(t->reader_context, t->pos, buf, want);
    if (got < 0) return -1;
    t->pos += (uint64_t)got;
    return (tmsize_t)got;
}
static int reader_no_map(thandle_t h, void **base, toff_t *size) { (void)h; (void)base; (void)size; return 0; }

/* Opens a handle whose bytes come from `data` or, when `t->reader` is set, from the reader. */
static ImagoTIFFStatus open_handle(ImagoTIFF *t, ImagoTIFF **out) {
    TIFFOpenOptions *opts = make_options(&t->messages, t->max_alloc);
    if (opts == NULL) {
        free(t);
        return IMAGO_TIFF_NOMEM;
    }
    if (t->reader)
        t->tif = TIFFClientOpenExt("reader", t->chop_strips ? "r" : "rc", (thandle_t)t, reader_read, mem_no_write, mem_seek, mem_close,
                                   mem_size, reader_no_map, mem_unmap, opts);
    else
        t->tif = TIFFClientOpenExt("memory", t->chop_strips ? "r" : "rc", (thandle_t)t, mem_read, mem_no_write, mem_seek, mem_close,
                                   mem_size, mem_map, mem_unmap, opts);
    TIFFOpenOptionsFree(opts);
    if (t->tif == NULL) {
        ImagoTIFFStatus status = t->size < 16 ? IMAGO_TIFF_TRUNCATED : IMAGO_TIFF_CORRUPT;
        *out = t;  // keeps the message readable; the caller closes it
        return status;
    }
    *out = t;
    return IMAGO_TIFF_OK;
}

ImagoTIFFStatus imago_tiff_open(const uint8_t *data, size_t size, int64_t max_alloc, int chop_strips, ImagoTIFF **out) {
    *out = NULL;
    ImagoTIFF *t = calloc(1, sizeof *t);
    if (t == NULL) return IMAGO_TIFF_NOMEM;
    t->data = data;
    t->size = size;
    t->max_alloc = max_alloc;
    t->chop_strips = chop_strips;
    return open_handle(t, out);
}

ImagoTIFFStatus imago_tiff_open_reader(uint64_t size, ImagoTIFFReadFunction read, void *context, int64_t max_alloc,
                                       int chop_strips, ImagoTIFF **out) {
    *out = NULL;
    if (read == NULL) return IMAGO_TIFF_CORRUPT;
    ImagoTIFF *t = calloc(1, sizeof *t);
    if (t == NULL) return IMAGO_TIFF_NOMEM;
    t->size = size;
    t->max_alloc = max_alloc;
    t->chop_strips = chop_strips;
    t->reader = read;
    t->reader_context = context;
    return open_handle(t, out);
}

void imago_tiff_close(ImagoTIFF *t) {
    if (t == NULL) return;
    if (t->tif) TIFFClose(t->tif);
    imago_tiff_free_exif(t);
    free(t);
}

const char *imago_tiff_message(const ImagoTIFF *t) {
    if (t == NULL) return "";
    return t->messages.errors ? t->messages.error : t->messages.warning;
}

int imago_tiff_incomplete(const ImagoTIFF *t) {
    return t != NULL && t->messages.io_warnings > 0;
}

int imago_tiff_page_count(ImagoTIFF *t) {
    return (int)TIFFNumberOfDirectories(t->tif);
}

ImagoTIFFStatus imago_tiff_select(ImagoTIFF *t, int index, ImagoTIFFPage *p) {
    memset(p, 0, sizeof *p);
    TIFF *tif = t->tif;
    t->messages.io_warnings = 0;  // count only what reading this directory reports
    if (index < 0 || !TIFFSetDirectory(tif, (tdir_t)index)) return IMAGO_TIFF_CORRUPT;
    uint16_t u16 = 0;
    if (!TIFFGetField(tif, TIFFTAG_IMAGEWIDTH, &p->width) || !TIFFGetField(tif, TIFFTAG_IMAGELENGTH, &p->height))
        return IMAGO_TIFF_CORRUPT;
    TIFFGetFieldDefaulted(tif, TIFFTAG_BITSPERSAMPLE, &p->bits_per_sample);
    TIFFGetFieldDefaulted(tif, TIFFTAG_SAMPLESPERPIXEL, &p->samples_per_pixel);
    TIFFGetFieldDefaulted(tif, TIFFTAG_SAMPLEFORMAT, &p->sample_format);
    TIFFGetFieldDefaulted(tif, TIFFTAG_PLANARCONFIG, &p->planar);
    TIFFGetFieldDefaulted(tif, TIFFTAG_COMPRESSION, &p->compression);
    if (!TIFFGetField(tif, TIFFTAG_PHOTOMETRIC, &p->photometric))
        p->photometric = p->samples_per_pixel >= 3 ? PHOTOMETRIC_RGB : PHOTOMETRIC_MINISBLACK;
    uint16_t count = 0;
    uint16_t *values = NULL;
    if (TIFFGetField(tif, TIFFTAG_EXTRASAMPLES, &count, &values)) {
        p->has_extra_tag = 1;
        p->extra_count = count;
        p->extra_first = (count > 0 && values) ? values[0] : 0;
    }
    p->orientation = 1;
    if (TIFFGetField(tif, TIFFTAG_ORIENTATION, &u16)) p->orientation = u16;
    p->inkset = INKSET_CMYK;
    if (TIFFGetField(tif, TIFFTAG_INKSET, &u16)) p->inkset = u16;
    p->predictor = 1;
    if (TIFFGetField(tif, TIFFTAG_PREDICTOR, &u16)) p->predictor = u16;
    p->tiled = TIFFIsTiled(tif);
    if (p->tiled) {
        TIFFGetField(tif, TIFFTAG_TILEWIDTH, &p->tile_width);
        TIFFGetField(tif, TIFFTAG_TILELENGTH, &p->tile_height);
    } else {
        TIFFGetFieldDefaulted(tif, TIFFTAG_ROWSPERSTRIP, &p->rows_per_strip);
    }
    p->bigtiff = TIFFIsBigTIFF(tif);
    p->big_endian = TIFFIsBigEndian(tif);
    if (TIFFGetField(tif, TIFFTAG_XRESOLUTION, &p->x_resolution) && TIFFGetField(tif, TIFFTAG_YRESOLUTION, &p->y_resolution)) {
        p->has_resolution = 1;
        TIFFGetFieldDefaulted(tif, TIFFTAG_RESOLUTIONUNIT, &p->resolution_unit);
    }
    uint32_t n = 0;
    void *bytes = NULL;
    if (TIFFGetField(tif, TIFFTAG_ICCPROFILE, &n, &bytes) && bytes) p->icc_size = n;
    n = 0;
    if (TIFFGetField(tif, TIFFTAG_XMLPACKET, &n, &bytes) && bytes) p->xmp_size = n;
    p->ycbcr_sub_h = p->ycbcr_sub_v = 1;
    if (p->photometric == PHOTOMETRIC_YCBCR) TIFFGetFieldDefaulted(tif, TIFFTAG_YCBCRSUBSAMPLING, &p->ycbcr_sub_h, &p->ycbcr_sub_v);
    char emsg[1024];
    p->rgba_ok = TIFFRGBAImageOK(tif, emsg);
    return IMAGO_TIFF_OK;
}

void imago_tiff_icc(ImagoTIFF *t, const uint8_t **bytes, uint32_t *size) {
    void *p = NULL;
    *size = 0;
    *bytes = NULL;
    if (TIFFGetField(t->tif, TIFFTAG_ICCPROFILE, size, &p)) *bytes = p;
}

void imago_tiff_xmp(ImagoTIFF *t, const uint8_t **bytes, uint32_t *size) {
    void *p = NULL;
    *size = 0;
    *bytes = NULL;
    if (TIFFGetField(t->tif, TIFFTAG_XMLPACKET, size, &p)) *bytes = p;
}

const char *imago_tiff_text(ImagoTIFF *t, uint32_t tag) {
    char *value = NULL;
    if (TIFFGetField(t->tif, tag, &value)) return value;
    return NULL;
}

// MARK: Decoding

/// Whether every byte of strile `index` lies inside the file: a failing strile that does not was cut off.
static int strile_is_cut(ImagoTIFF *t, uint32_t index) {
    int err = 0;
    uint64_t offset = TIFFGetStrileOffsetWithErr(t->tif, index, &err);
    uint64_t count = TIFFGetStrileByteCountWithErr(t->tif, index, &err);
    if (err) return 0;
    return offset > t->size || count > t->size - offset;
}

static float half_to_float(uint16_t h) {
    int sign = h >> 15, exponent = (h >> 10) & 0x1F, mantissa = h & 0x3FF;
    float v;
    if (exponent == 0) v = ldexpf((float)mantissa, -24);
    else if (exponent == 31) v = mantissa ? NAN : INFINITY;
    else v = ldexpf((float)(mantissa | 0x400), exponent - 25);
    return sign ? -v : v;
}

typedef struct {
    const uint8_t *planes;       // plane p starts at planes + p * plane_bytes
    uint64_t plane_bytes, row_bytes;
    int bps, spp_in_plane, separate, sample_format;
    uint64_t max_raw;
} RawPage;

/// Sample `s` of pixel `x` in row `y`, as a double in the raw domain (ints as values, floats as floats).
static double raw_sample(const RawPage *r, uint32_t y, uint32_t x, int s, int invert) {
    const uint8_t *row = r->planes + (r->separate ? (uint64_t)s * r->plane_bytes : 0) + (uint64_t)y * r->row_bytes;
    uint64_t index = r->separate ? x : (uint64_t)x * r->spp_in_plane + (uint64_t)s;
    int bps = r->bps;
    if (r->sample_format == SAMPLEFORMAT_IEEEFP) {
        if (bps == 32) { float f; memcpy(&f, row + index * 4, 4); return f; }
        if (bps == 64) { double d; memcpy(&d, row + index * 8, 8); return d; }
        if (bps == 16) { uint16_t h; memcpy(&h, row + index * 2, 2); return half_to_float(h); }
        return 0;
    }
    uint64_t v;
    switch (bps) {
    case 8: v = row[index]; break;
    case 16: { uint16_t u; memcpy(&u, row + index * 2, 2); v = u; break; }
    case 32: { uint32_t u; memcpy(&u, row + index * 4, 4); v = u; break; }
    case 24: { const uint8_t *b = row + index * 3; v = (uint64_t)b[0] | (uint64_t)b[1] << 8 | (uint64_t)b[2] << 16; break; }
    default: {
        // Packed MSB-first bit stream (1...7, 9...15 bits).
        uint64_t bit = index * (uint64_t)bps;
        v = 0;
        for (int i = 0; i < bps; i++, bit++) v = (v << 1) | ((row[bit >> 3] >> (7 - (bit & 7))) & 1);
    }
    }
    if (r->sample_format == SAMPLEFORMAT_INT && bps > 8) {  // signed 8-bit: raw bytes, as Pillow
        if (bps < 64 && (v >> (bps - 1)) & 1) return (double)(int64_t)(v | (~(uint64_t)0 << bps));
        return (double)v;
    }
    if (invert) v = r->max_raw - v;
    return (double)v;
}

static void store(uint8_t *px, int c, int type, double v) {
    switch (type) {
    case 0: px[c] = v <= 0 ? 0 : v >= 255 ? 255 : (uint8_t)(v + 0.5); break;
    case 1: { uint16_t u = v <= 0 ? 0 : v >= 65535 ? 65535 : (uint16_t)(v + 0.5); memcpy(px + 2 * c, &u, 2); break; }
    default: { float f = (float)v; memcpy(px + 4 * c, &f, 4); break; }
    }
}

/// Converts the raw page into the output format, row by row. Fast paths for 8- and 16-bit unsigned samples.
static void convert(ImagoTIFF *t, const RawPage *r, const ImagoTIFFConversion *c, uint32_t width, uint32_t height,
                    uint8_t *out, size_t stride) {
    int n = c->out_channels;
    int bytes = c->out_type == 0 ? 1 : c->out_type == 1 ? 2 : 4;
    uint16_t *map[3] = { NULL, NULL, NULL };
    uint64_t map_size = 0;
    if (c->palette) {
        TIFFGetField(t->tif, TIFFTAG_COLORMAP, &map[0], &map[1], &map[2]);
        map_size = r->bps >= 32 ? 0 : (uint64_t)1 << r->bps;
    }
    int fast8 = r->bps == 8 && r->sample_format != SAMPLEFORMAT_IEEEFP &&
                c->out_type == 0 && !c->palette && !c->scale_to_8;
    int fast16 = r->bps == 16 && r->sample_format == SAMPLEFORMAT_UINT && c->out_type == 1 && !c->palette;
    for (uint32_t y = 0; y < height; y++) {
        uint8_t *o = out + (uint64_t)y * stride;
        if (fast8 && !r->separate) {
            const uint8_t *in = r->planes + (uint64_t)y * r->row_bytes;
            int step = r->spp_in_plane;
            for (uint32_t x = 0; x < width; x++, in += step, o += n) {
                for (int k = 0; k < n; k++) o[k] = c->invert ? (uint8_t)(255 - in[c->source[k]]) : in[c->source[k]];
                if (c->unpremultiply) {
                    int a = o[n - 1];
                    if (a == 0) memset(o, 0, (size_t)n);
                    else if (a != 255)
                        for (int k = 0; k < n - 1; k++) { int v = o[k] * 255 / a; o[k] = (uint8_t)(v > 255 ? 255 : v); }
                }
            }
            continue;
        }
        if (fast16 && !r->separate) {
            const uint16_t *in = (const uint16_t *)(r->planes + (uint64_t)y * r->row_bytes);
            int step = r->spp_in_plane;
            uint16_t *o16 = (uint16_t *)o;
            for (uint32_t x = 0; x < width; x++, in += step, o16 += n) {
                for (int k = 0; k < n; k++) o16[k] = c->invert ? (uint16_t)(65535 - in[c->source[k]]) : in[c->source[k]];
                if (c->unpremultiply) {
                    uint32_t a = o16[n - 1];
                    if (a == 0) memset(o16, 0, (size_t)n * 2);
                    else if (a != 65535)
                        for (int k = 0; k < n - 1; k++) { uint32_t v = o16[k] * 65535u / a; o16[k] = (uint16_t)(v > 65535 ? 65535 : v); }
                }
            }
            continue;
        }
        for (uint32_t x = 0; x < width; x++, o += (size_t)n * bytes) {
            if (c->palette) {
                uint64_t idx = (uint64_t)raw_sample(r, y, x, 0, 0);
                for (int k = 0; k < 3; k++) {
                    double v = (map[k] && idx < map_size) ? map[k][idx] : 0;
                    store(o, k, c->out_type, c->out_type == 0 ? (double)((uint32_t)v >> 8) : v);
                }
                continue;
            }
            double v[4];
            for (int k = 0; k < n; k++) {
                double s = raw_sample(r, y, x, c->source[k], c->invert);
                if (c->wrap_int32 && s >= 2147483648.0) s -= 4294967296.0;
                if (c->high_byte) s = floor(s / 256.0);
                if (c->scale_to_8) s = r->bps == 1 ? s * 255 : floor(s * 255.0 / (double)r->max_raw + 0.5);
                v[k] = s;
            }
            if (c->unpremultiply) {
                double a = v[n - 1];
                double top = c->out_type == 0 ? 255 : c->out_type == 1 ? 65535 : 1;
                if (a == 0) {
                    for (int k = 0; k < n; k++) v[k] = 0;
                } else if (a != top) {
                    for (int k = 0; k < n - 1; k++) v[k] = c->out_type == 2 ? v[k] / a : floor(v[k] * top / a);
                }
            }
            for (int k = 0; k < n; k++) store(o, k, c->out_type, v[k]);
        }
    }
}

/// Whether the raw page already is the output: contiguous samples of the output's size and order.
static int is_identity(const ImagoTIFFConversion *c, int spp, int bps, int sample_format, int separate) {
    if (separate && spp > 1) return 0;
    if (c->invert || c->unpremultiply || c->scale_to_8 || c->palette || c->high_byte || c->wrap_int32 || c->out_channels != spp) return 0;
    for (int k = 0; k < c->out_channels; k++) if (c->source[k] != k) return 0;
    if (c->out_type == 0) return bps == 8 && sample_format != SAMPLEFORMAT_IEEEFP;
    if (c->out_type == 1) return bps == 16 && sample_format == SAMPLEFORMAT_UINT;
    return bps == 32 && sample_format == SAMPLEFORMAT_IEEEFP;
}

static ImagoTIFFStatus read_failure(ImagoTIFF *t, uint32_t strile) {
    return strile_is_cut(t, strile) ? IMAGO_TIFF_TRUNCATED : IMAGO_TIFF_CORRUPT;
}

/// Reads every strip or tile of the current page into `planes` (each plane `plane_bytes`, rows `row_bytes`).
static ImagoTIFFStatus read_raw(ImagoTIFF *t, uint8_t *planes, uint64_t plane_bytes, uint64_t row_bytes,
                                int plane_count, uint32_t plane_mask, int spp_in_plane, int bps, uint32_t width,
                                uint32_t height, size_t scratch_limit, int allow_partial, int *partial) {
    TIFF *tif = t->tif;
    if (!TIFFIsTiled(tif)) {
        uint32_t rps = 0;
        TIFFGetFieldDefaulted(tif, TIFFTAG_ROWSPERSTRIP, &rps);
        if (rps == 0 || rps > height) rps = height;
        for (int p = 0; p < plane_count; p++) {
            if (p < 32 && !(plane_mask & (1u << p))) continue;  // a plane no output channel uses
            for (uint32_t row = 0; row < height; row += rps) {
                uint32_t rows = height - row < rps ? height - row : rps;
                uint32_t strip = TIFFComputeStrip(tif, row, (uint16_t)p);
                uint8_t *dst = planes + (uint64_t)p * plane_bytes + (uint64_t)row * row_bytes;
                tmsize_t want = (tmsize_t)(rows * row_bytes);
                tmsize_t got = TIFFReadEncodedStrip(tif, strip, dst, want);
                if (got < 0) {
                    if (!allow_partial) return read_failure(t, strip);
                    *partial = 1;
                    memset(dst, 0, (size_t)want);  // the destination may be a reused or uninitialised buffer
                } else if (got < want) {
                    memset(dst + got, 0, (size_t)(want - got));  // a short strip: the rest reads as zeros
                }
            }
        }
        return IMAGO_TIFF_OK;
    }
    uint32_t tw = 0, th = 0;
    TIFFGetField(tif, TIFFTAG_TILEWIDTH, &tw);
    TIFFGetField(tif, TIFFTAG_TILELENGTH, &th);
    if (tw == 0 || th == 0) return IMAGO_TIFF_CORRUPT;
    uint64_t tile_row_bits = (uint64_t)tw * spp_in_plane * bps;
    if (tile_row_bits % 8) return IMAGO_TIFF_UNSUPPORTED;
    uint64_t tile_row_bytes = tile_row_bits / 8;
    uint64_t tile_size = (uint64_t)TIFFTileSize64(tif);
    if (tile_size == 0 || tile_size > scratch_limit || tile_row_bytes * th > tile_size) return tile_size > scratch_limit ? IMAGO_TIFF_LIMIT : IMAGO_TIFF_CORRUPT;
    uint8_t *tile = malloc((size_t)tile_size);
    if (tile == NULL) return IMAGO_TIFF_NOMEM;
    ImagoTIFFStatus status = IMAGO_TIFF_OK;
    for (int p = 0; p < plane_count && status == IMAGO_TIFF_OK; p++) {
        if (p < 32 && !(plane_mask & (1u << p))) continue;
        for (uint32_t ty = 0; ty < height && status == IMAGO_TIFF_OK; ty += th) {
            for (uint32_t tx = 0; tx < width; tx += tw) {
                uint32_t index = TIFFComputeTile(tif, tx, ty, 0, (uint16_t)p);
                uint64_t x_offset = (uint64_t)tx * spp_in_plane * bps / 8;
                uint64_t columns = row_bytes - x_offset < tile_row_bytes ? row_bytes - x_offset : tile_row_bytes;
                uint32_t rows = height - ty < th ? height - ty : th;
                tmsize_t got = TIFFReadEncodedTile(tif, index, tile, (tmsize_t)tile_size);
                if (got >= 0 && (uint64_t)got < tile_size)
                    memset(tile + got, 0, (size_t)(tile_size - (uint64_t)got));  // a short tile: the rest reads as zeros
                if (got < 0) {
                    if (!allow_partial) { status = read_failure(t, index); break; }
                    *partial = 1;
                    // A missing tile reads as zeros: `planes` may be the caller's reused destination.
                    for (uint32_t r = 0; r < rows; r++)
                        memset(planes + (uint64_t)p * plane_bytes + (uint64_t)(ty + r) * row_bytes + x_offset, 0,
                               (size_t)columns);
                    continue;
                }
                for (uint32_t r = 0; r < rows; r++)
                    memcpy(planes + (uint64_t)p * plane_bytes + (uint64_t)(ty + r) * row_bytes + x_offset,
                           tile + (uint64_t)r * tile_row_bytes, (size_t)columns);
            }
        }
    }
    free(tile);
    return status;
}

ImagoTIFFStatus imago_tiff_decode(ImagoTIFF *t, const ImagoTIFFConversion *c, uint8_t *out, size_t stride,
                                  size_t out_size, size_t scratch_limit, int *partial) {
    TIFF *tif = t->tif;
    *partial = 0;
    if (c->jpeg_rgb && !TIFFSetField(tif, TIFFTAG_JPEGCOLORMODE, JPEGCOLORMODE_RGB)) return IMAGO_TIFF_UNSUPPORTED;
    uint32_t width = 0, height = 0;
    uint16_t bps = 0, spp = 0, planar = 0, sample_format = 0;
    TIFFGetField(tif, TIFFTAG_IMAGEWIDTH, &width);
    TIFFGetField(tif, TIFFTAG_IMAGELENGTH, &height);
    TIFFGetFieldDefaulted(tif, TIFFTAG_BITSPERSAMPLE, &bps);
    TIFFGetFieldDefaulted(tif, TIFFTAG_SAMPLESPERPIXEL, &spp);
    TIFFGetFieldDefaulted(tif, TIFFTAG_PLANARCONFIG, &planar);
    TIFFGetFieldDefaulted(tif, TIFFTAG_SAMPLEFORMAT, &sample_format);
    if (width == 0 || height == 0 || spp == 0 || bps == 0 || bps > 64) return IMAGO_TIFF_CORRUPT;
    int out_bytes = c->out_type == 0 ? 1 : c->out_type == 1 ? 2 : 4;
    if ((uint64_t)height * stride > out_size || stride < (uint64_t)width * c->out_channels * out_bytes) return IMAGO_TIFF_INVALID;
    for (int k = 0; k < c->out_channels; k++) if (c->source[k] < 0 || c->source[k] >= spp) return IMAGO_TIFF_CORRUPT;
    int separate = planar == PLANARCONFIG_SEPARATE && spp > 1;
    int plane_count = separate ? spp : 1;
    int spp_in_plane = separate ? 1 : spp;
    uint64_t row_bytes = ((uint64_t)width * spp_in_plane * bps + 7) / 8;
    uint64_t plane_bytes = row_bytes * height;
    if (plane_bytes / height != row_bytes) return IMAGO_TIFF_LIMIT;
    uint64_t raw_bytes = plane_bytes * (uint64_t)plane_count;
    if (is_identity(c, spp, bps, sample_format, separate) && stride == row_bytes) {
        // The file's samples are the output (contiguous 8-bit, 16-bit or float samples in the output's order):
        // decode the strips, or copy each tile's rows, straight into the destination, without a scratch plane.
        return read_raw(t, out, plane_bytes, row_bytes, 1, 1, spp_in_plane, bps, width, height, scratch_limit,
                        c->allow_partial, partial);
    }
    if (raw_bytes > scratch_limit) return IMAGO_TIFF_LIMIT;
    uint8_t *raw = calloc(1, (size_t)raw_bytes);
    if (raw == NULL) return IMAGO_TIFF_NOMEM;
    uint32_t plane_mask = separate ? 0 : 1;
    for (int k = 0; k < (c->palette ? 1 : c->out_channels); k++) if (separate && c->source[k] < 32) plane_mask |= 1u << c->source[k];
    ImagoTIFFStatus status = read_raw(t, raw, plane_bytes, row_bytes, plane_count, plane_mask, spp_in_plane, bps, width, height,
                                      scratch_limit, c->allow_partial, partial);
    if (status == IMAGO_TIFF_OK) {
        RawPage r = { raw, plane_bytes, row_bytes, bps, spp_in_plane, separate, sample_format,
                      bps >= 64 ? UINT64_MAX : (((uint64_t)1 << bps) - 1) };
        convert(t, &r, c, width, height, out, stride);
    }
    free(raw);
    return status;
}

ImagoTIFFStatus imago_tiff_decode_rgba(ImagoTIFF *t, int channels, uint8_t *out, size_t stride, size_t out_size,
                                       int allow_partial, int *partial) {
    *partial = 0;
    char emsg[1024] = "";
    TIFFRGBAImage img;
    if (!TIFFRGBAImageOK(t->tif, emsg) || !TIFFRGBAImageBegin(&img, t->tif, !allow_partial, emsg)) {
        if (!t->messages.errors) snprintf(t->messages.error, sizeof t->messages.error, "%.500s", emsg);
        t->messages.errors++;
        return IMAGO_TIFF_UNSUPPORTED;
    }
    uint32_t width = img.width, height = img.height;
    img.req_orientation = img.orientation;  // stored row order, as the strip/tile path gives
    uint64_t packed = (uint64_t)width * 4;
    if ((uint64_t)height * stride > out_size || stride < (uint64_t)width * channels) {
        TIFFRGBAImageEnd(&img);
        return IMAGO_TIFF_INVALID;
    }
    uint32_t *raster;
    int direct = channels == 4 && stride == packed;
    if (direct) {
        raster = (uint32_t *)out;
    } else {
        raster = calloc((size_t)height, (size_t)packed);
        if (raster == NULL) {
            TIFFRGBAImageEnd(&img);
            return IMAGO_TIFF_NOMEM;
        }
    }
    int ok = TIFFRGBAImageGet(&img, raster, width, height);
    TIFFRGBAImageEnd(&img);
    if (!direct) {
        for (uint32_t y = 0; y < height; y++) {
            uint8_t *o = out + (uint64_t)y * stride;
            const uint32_t *in = raster + (uint64_t)y * width;
            for (uint32_t x = 0; x < width; x++) {
                uint32_t v = in[x];
                o[x * channels] = (uint8_t)TIFFGetR(v);
                o[x * channels + 1] = (uint8_t)TIFFGetG(v);
                o[x * channels + 2] = (uint8_t)TIFFGetB(v);
                if (channels == 4) o[x * 4 + 3] = (uint8_t)TIFFGetA(v);
            }
        }
        free(raster);
    } else {
        // TIFFRGBAImage packs ABGR in a uint32: on a little-endian host the bytes already read R, G, B, A.
        const uint16_t probe = 1;
        if (*(const uint8_t *)&probe == 0) {
            for (uint64_t i = 0; i < (uint64_t)width * height; i++) {
                uint32_t v = raster[i];
                uint8_t *o = out + i * 4;
                o[0] = (uint8_t)TIFFGetR(v); o[1] = (uint8_t)TIFFGetG(v); o[2] = (uint8_t)TIFFGetB(v); o[3] = (uint8_t)TIFFGetA(v);
            }
        }
    }
    if (!ok) {
        if (!allow_partial) return t->messages.errors ? IMAGO_TIFF_CORRUPT : IMAGO_TIFF_TRUNCATED;
        *partial = 1;
    }
    return IMAGO_TIFF_OK;
}

// MARK: Writing to memory

struct ImagoTIFFWriter {
    TIFF *tif;
    uint8_t *buffer;
    uint64_t size, capacity, pos;
    Messages messages;
    int failed;
    int fixed;                   // `buffer` belongs to the caller and cannot grow (imago_tiff_writer_new_into)
    int overflowed;              // a fixed buffer was too small
    uint32_t exif_skipped;       // EXIF entries libtiff could not take
};

static tmsize_t sink_write(thandle_t h, void *buf, tmsize_t n) {
    ImagoTIFFWriter *w = (ImagoTIFFWriter *)h;
    if (n < 0) return -1;
    uint64_t end = w->pos + (uint64_t)n;
    if (end < w->pos) return -1;
    if (w->fixed) {
        if (end > w->capacity) { w->overflowed = 1; return -1; }
        // A write past the end leaves a gap: zero it (the growable buffer is zero-filled as it grows).
        if (w->pos > w->size) memset(w->buffer + w->size, 0, (size_t)(w->pos - w->size));
    } else if (end > w->capacity) {
        uint64_t capacity = w->capacity ? w->capacity : 65536;
        while (capacity < end) {
            if (capacity > UINT64_MAX / 2) return -1;
            capacity *= 2;
        }
        uint8_t *grown = realloc(w->buffer, (size_t)capacity);
        if (grown == NULL) { w->failed = 1; return -1; }
        memset(grown + w->capacity, 0, (size_t)(capacity - w->capacity));
        w->buffer = grown;
        w->capacity = capacity;
    }
    memcpy(w->buffer + w->pos, buf, (size_t)n);
    w->pos = end;
    if (end > w->size) w->size = end;
    return n;
}
static tmsize_t sink_read(thandle_t h, void *buf, tmsize_t n) {
    ImagoTIFFWriter *w = (ImagoTIFFWriter *)h;
    return cursor_read(w->buffer, w->size, &w->pos, buf, n);
}
static toff_t sink_seek(thandle_t h, toff_t off, int whence) {
    ImagoTIFFWriter *w = (ImagoTIFFWriter *)h;
    return cursor_seek(w->size, &w->pos, off, whence);
}
static toff_t sink_size(thandle_t h) { return ((ImagoTIFFWriter *)h)->size; }
static int sink_map(thandle_t h, void **base, toff_t *size) { (void)h; (void)base; (void)size; return 0; }

static ImagoTIFFStatus writer_open(int bigtiff, uint8_t *buffer, size_t capacity, ImagoTIFFWriter **out) {
    *out = NULL;
    ImagoTIFFWriter *w = calloc(1, sizeof *w);
    if (w == NULL) return IMAGO_TIFF_NOMEM;
    if (buffer != NULL) {
        w->buffer = buffer;
        w->capacity = capacity;
        w->fixed = 1;
    }
    TIFFOpenOptions *opts = make_options(&w->messages, 0);
    if (opts == NULL) { free(w); return IMAGO_TIFF_NOMEM; }
    w->tif = TIFFClientOpenExt("memory", bigtiff ? "w8" : "w", (thandle_t)w, sink_read, sink_write, sink_seek,
                               mem_close, sink_size, sink_map, mem_unmap, opts);
    TIFFOpenOptionsFree(opts);
    *out = w;
    return w->tif ? IMAGO_TIFF_OK : IMAGO_TIFF_ENCODE_FAILED;
}

ImagoTIFFStatus imago_tiff_writer_new(int bigtiff, ImagoTIFFWriter **out) {
    return writer_open(bigtiff, NULL, 0, out);
}

ImagoTIFFStatus imago_tiff_writer_new_into(int bigtiff, uint8_t *buffer, size_t capacity, ImagoTIFFWriter **out) {
    if (buffer == NULL) { *out = NULL; return IMAGO_TIFF_INVALID; }
    return writer_open(bigtiff, buffer, capacity, out);
}

int imago_tiff_writer_overflowed(const ImagoTIFFWriter *w) {
    return w != NULL && w->overflowed;
}

static void set_text(TIFF *tif, uint32_t tag, const char *value) {
    if (value && *value) TIFFSetField(tif, tag, value);
}

// MARK: EXIF tags

/* Whether `v` is an integer that `type` holds. */
static int fits_integer(double v, TIFFDataType type) {
    if (v != floor(v)) return 0;
    switch (type) {
    case TIFF_BYTE: case TIFF_UNDEFINED: return v >= 0 && v <= UINT8_MAX;
    case TIFF_SBYTE: return v >= INT8_MIN && v <= INT8_MAX;
    case TIFF_SHORT: return v >= 0 && v <= UINT16_MAX;
    case TIFF_SSHORT: return v >= INT16_MIN && v <= INT16_MAX;
    case TIFF_LONG: case TIFF_IFD: return v >= 0 && v <= UINT32_MAX;
    case TIFF_SLONG: return v >= INT32_MIN && v <= INT32_MAX;
    default: return 0;
    }
}

/* Stores value `v` as element `i` of `out`, in the representation libtiff keeps for a field of `type` whose
   elements are `size` bytes (TIFFFieldSetGetSize); 0 when it does not fit. */
static int store_value(void *out, uint32_t i, double v, TIFFDataType type, int size) {
    if (!isfinite(v)) return 0;
    switch (type) {
    case TIFF_RATIONAL: case TIFF_SRATIONAL: case TIFF_FLOAT: case TIFF_DOUBLE:
        if (type == TIFF_RATIONAL && v < 0) return 0;
        if (size == 8) ((double *)out)[i] = v;
        else if (size == 4 && fabs(v) <= 3.4e38) ((float *)out)[i] = (float)v;
        else return 0;
        return 1;
    default:
        if (!fits_integer(v, type)) return 0;
        switch (size) {
        case 1: ((uint8_t *)out)[i] = (uint8_t)(int64_t)v; return 1;
        case 2: ((uint16_t *)out)[i] = (uint16_t)(int64_t)v; return 1;
        case 4: ((uint32_t *)out)[i] = (uint32_t)(int64_t)v; return 1;
        default: return 0;
        }
    }
}

/* Sets one EXIF entry in the current directory as libtiff's own definition of its tag asks (type, count and the
   arguments TIFFSetField then reads); 0, with nothing set and no error left behind, when libtiff does not know the
   tag or the values do not fit its definition. */
static int set_exif_entry(ImagoTIFFWriter *w, const ImagoTIFFExifEntry *e) {
    TIFF *tif = w->tif;
    const TIFFField *fip = TIFFFindField(tif, e->tag, TIFF_ANY);
    if (fip == NULL) return 0;
    TIFFDataType type = TIFFFieldDataType(fip);
    int passcount = TIFFFieldPassCount(fip), writecount = TIFFFieldWriteCount(fip);
    int errors = w->messages.errors, ok = 0;
    if (type == TIFF_ASCII) {
        if (e->type != TIFF_ASCII || e->bytes == NULL || e->count == UINT32_MAX) return 0;
        ok = passcount ? TIFFSetField(tif, e->tag, e->count + 1, e->bytes) : TIFFSetField(tif, e->tag, e->bytes);
    } else {
        int size = TIFFFieldSetGetSize(fip);
        uint32_t n;
        if (passcount) n = e->count;
        else if (writecount == TIFF_VARIABLE || writecount == TIFF_VARIABLE2) n = 1;
        else if (writecount > 0) n = (uint32_t)writecount;
        else return 0;  // TIFF_SPP: no EXIF tag is per sample
        if (n == 0 || e->count < n || size <= 0 || size > 8) return 0;
        if (passcount && TIFFFieldSetGetCountSize(fip) == 2 && n > UINT16_MAX) return 0;
        if ((uint64_t)n * (uint64_t)size > (uint64_t)1 << 30) return 0;
        void *values = malloc((size_t)n * (size_t)size);
        if (values == NULL) return 0;
        int filled = 1;
        if (e->bytes != NULL && e->type != TIFF_ASCII && size == 1 &&
            (type == TIFF_UNDEFINED || type == TIFF_BYTE || type == TIFF_SBYTE)) {
            memcpy(values, e->bytes, n);
        } else if (e->numbers != NULL) {
            for (uint32_t i = 0; i < n && filled; i++) filled = store_value(values, i, e->numbers[i], type, size);
        } else {
            filled = 0;
        }
        if (filled) {
            if (passcount) {
                ok = TIFFSetField(tif, e->tag, n, values);
            } else if (writecount != 1) {
                ok = TIFFSetField(tif, e->tag, values);
            } else switch (type) {  /* one value, passed by value */
            case TIFF_BYTE: case TIFF_UNDEFINED: ok = TIFFSetField(tif, e->tag, (int)((uint8_t *)values)[0]); break;
            case TIFF_SBYTE: ok = TIFFSetField(tif, e->tag, (int)((int8_t *)values)[0]); break;
            case TIFF_SHORT: ok = TIFFSetField(tif, e->tag, (int)((uint16_t *)values)[0]); break;
            case TIFF_SSHORT: ok = TIFFSetField(tif, e->tag, (int)((int16_t *)values)[0]); break;
            case TIFF_LONG: case TIFF_IFD: ok = TIFFSetField(tif, e->tag, ((uint32_t *)values)[0]); break;
            case TIFF_SLONG: ok = TIFFSetField(tif, e->tag, ((int32_t *)values)[0]); break;
            case TIFF_RATIONAL: case TIFF_SRATIONAL: case TIFF_FLOAT: case TIFF_DOUBLE:
                ok = TIFFSetField(tif, e->tag, size == 8 ? ((double *)values)[0] : (double)((float *)values)[0]);
                break;
            default: ok = 0; break;  /* 64-bit types: none in EXIF */
            }
        }
        free(values);
    }
    if (!ok) w->messages.errors = errors;  /* a refused tag is skipped, not a failed encode */
    return ok;
}

/* Writes an unsigned integer of `size` bytes at `p` in the file's byte order (file_uint reads one). */
static void file_put_uint(uint8_t *p, uint64_t v, int size, int big) {
    for (int i = 0; i < size; i++) p[big ? size - 1 - i : i] = (uint8_t)(v >> (8 * i));
}

/* libtiff keeps most EXIF rationals as floats (ExposureTime 1/60 comes back as 16666668/1000000000): the sub-IFD
   just written at `offset` gets the source's exact numerators and denominators back, in place (same type, count and
   size). Every read is bounded by the bytes written so far. */
static void restore_rationals(ImagoTIFFWriter *w, const ImagoTIFFPageSpec *s, uint16_t directory, uint64_t offset) {
    const uint8_t *b = w->buffer;
    uint64_t size = w->size;
    if (b == NULL || size < 16 || (b[0] != 'I' && b[0] != 'M')) return;
    int big = b[0] == 'M', bigtiff = file_uint(b + 2, 2, big) == 43;
    int count_size = bigtiff ? 8 : 2, entry_size = bigtiff ? 20 : 12, field = bigtiff ? 8 : 4;
    if (offset > size || size - offset < (uint64_t)count_size) return;
    uint64_t entries = file_uint(b + offset, count_size, big);
    if (entries > (size - offset - count_size) / entry_size) return;
    for (uint64_t k = 0; k < entries; k++) {
        uint8_t *e = w->buffer + offset + count_size + k * entry_size;
        uint16_t tag = (uint16_t)file_uint(e, 2, big), type = (uint16_t)file_uint(e + 2, 2, big);
        if (type != TIFF_RATIONAL && type != TIFF_SRATIONAL) continue;
        uint64_t n = file_uint(e + 4, field, big);
        const ImagoTIFFExifEntry *source = NULL;
        for (uint32_t i = 0; i < s->exif_count && source == NULL; i++) {
            const ImagoTIFFExifEntry *c = &s->exif[i];
            if (c->directory == directory && c->tag == tag && c->type == type && c->rationals && c->count >= n) source = c;
        }
        if (source == NULL || n == 0 || n > UINT32_MAX / 8) continue;
        uint8_t *values;
        if (n * 8 <= (uint64_t)field) {
            values = e + 4 + field;
        } else {
            uint64_t at = file_uint(e + 4 + field, field, big);
            if (at > size || size - at < n * 8) continue;
            values = w->buffer + at;
        }
        for (uint64_t i = 0; i < 2 * n; i++) file_put_uint(values + 4 * i, source->rationals[i], 4, big);
    }
}

/* Leaves a fresh image directory current after a custom one. libtiff 4.5's TIFFCreateDirectory does not free the
   current directory's values (later versions do; freeing twice is harmless, the fields are cleared). */
static void new_image_directory(TIFF *tif) {
    TIFFFreeDirectory(tif);
    TIFFCreateDirectory(tif);
}

/* Writes the entries of `directory` (1 Exif, 2 GPS) as a custom directory of their own, before the page's image
   directory is begun (creating one discards the current directory), and leaves a fresh image directory current.
   *offset is 0 when no entry was written. */
static ImagoTIFFStatus write_exif_directory(ImagoTIFFWriter *w, const ImagoTIFFPageSpec *s, uint16_t directory,
                                            uint64_t *offset) {
    *offset = 0;
    uint32_t wanted = 0;
    for (uint32_t i = 0; i < s->exif_count; i++) wanted += s->exif[i].directory == directory;
    if (wanted == 0) return IMAGO_TIFF_OK;
    if ((directory == 1 ? TIFFCreateEXIFDirectory(w->tif) : TIFFCreateGPSDirectory(w->tif)) != 0) {
        w->exif_skipped += wanted;
        new_image_directory(w->tif);
        return IMAGO_TIFF_OK;
    }
    uint32_t written = 0;
    for (uint32_t i = 0; i < s->exif_count; i++) {
        if (s->exif[i].directory != directory) continue;
        if (set_exif_entry(w, &s->exif[i])) written++;
        else w->exif_skipped++;
    }
    ImagoTIFFStatus status = IMAGO_TIFF_OK;
    if (written > 0 && !TIFFWriteCustomDirectory(w->tif, offset)) status = IMAGO_TIFF_ENCODE_FAILED;
    if (status == IMAGO_TIFF_OK && *offset != 0) restore_rationals(w, s, directory, *offset);
    new_image_directory(w->tif);
    if (w->failed) status = IMAGO_TIFF_NOMEM;
    return status;
}

ImagoTIFFStatus imago_tiff_writer_add(ImagoTIFFWriter *w, const ImagoTIFFPageSpec *s, const uint8_t *pixels, size_t stride) {
    TIFF *tif = w->tif;
    if (tif == NULL) return IMAGO_TIFF_ENCODE_FAILED;
    int bytes = s->sample_type == 0 ? 1 : s->sample_type == 1 ? 2 : 4;
    uint64_t row_bytes = (uint64_t)s->width * s->channels * bytes;
    if (s->width == 0 || s->height == 0 || stride < row_bytes) return IMAGO_TIFF_INVALID;
    int jpeg = s->compression == COMPRESSION_JPEG;
    uint64_t exif_offset = 0, gps_offset = 0;
    if (s->exif_count > 0 && s->exif != NULL) {
        ImagoTIFFStatus status = write_exif_directory(w, s, 1, &exif_offset);
        if (status == IMAGO_TIFF_OK) status = write_exif_directory(w, s, 2, &gps_offset);
        if (status != IMAGO_TIFF_OK) return status;
    }
    TIFFSetField(tif, TIFFTAG_IMAGEWIDTH, s->width);
    TIFFSetField(tif, TIFFTAG_IMAGELENGTH, s->height);
    TIFFSetField(tif, TIFFTAG_BITSPERSAMPLE, (uint16_t)(bytes * 8));
    TIFFSetField(tif, TIFFTAG_SAMPLESPERPIXEL, s->channels);
    TIFFSetField(tif, TIFFTAG_SAMPLEFORMAT, s->sample_type == 2 ? SAMPLEFORMAT_IEEEFP : SAMPLEFORMAT_UINT);
    TIFFSetField(tif, TIFFTAG_PLANARCONFIG, PLANARCONFIG_CONTIG);
    TIFFSetField(tif, TIFFTAG_ORIENTATION, ORIENTATION_TOPLEFT);
    TIFFSetField(tif, TIFFTAG_COMPRESSION, s->compression);
    if (jpeg && s->photometric == PHOTOMETRIC_RGB && !s->extra_alpha) {
        TIFFSetField(tif, TIFFTAG_PHOTOMETRIC, PHOTOMETRIC_YCBCR);
        TIFFSetField(tif, TIFFTAG_JPEGCOLORMODE, JPEGCOLORMODE_RGB);
    } else {
        TIFFSetField(tif, TIFFTAG_PHOTOMETRIC, s->photometric);
    }
    if (jpeg) TIFFSetField(tif, TIFFTAG_JPEGQUALITY, s->jpeg_quality);
    if ((s->compression == COMPRESSION_ADOBE_DEFLATE || s->compression == COMPRESSION_DEFLATE) && s->deflate_level >= 0)
        TIFFSetField(tif, TIFFTAG_ZIPQUALITY, s->deflate_level);
    if (s->predictor > 1) TIFFSetField(tif, TIFFTAG_PREDICTOR, s->predictor);
    if (s->extra_alpha) {
        uint16_t extra = EXTRASAMPLE_UNASSALPHA;
        TIFFSetField(tif, TIFFTAG_EXTRASAMPLES, 1, &extra);
    }
    if (s->photometric == PHOTOMETRIC_SEPARATED) TIFFSetField(tif, TIFFTAG_INKSET, INKSET_CMYK);
    if (s->icc && s->icc_size) TIFFSetField(tif, TIFFTAG_ICCPROFILE, s->icc_size, s->icc);
    if (s->xmp && s->xmp_size) TIFFSetField(tif, TIFFTAG_XMLPACKET, s->xmp_size, s->xmp);
    if (s->orientation >= 1 && s->orientation <= 8) TIFFSetField(tif, TIFFTAG_ORIENTATION, s->orientation);
    /* IFD0's EXIF entries first: the resolution and text given explicitly, set after them, win. */
    for (uint32_t i = 0; s->exif != NULL && i < s->exif_count; i++) {
        if (s->exif[i].directory == 0 && !set_exif_entry(w, &s->exif[i])) w->exif_skipped++;
    }
    if (s->has_resolution) {
        TIFFSetField(tif, TIFFTAG_XRESOLUTION, s->x_resolution);
        TIFFSetField(tif, TIFFTAG_YRESOLUTION, s->y_resolution);
        TIFFSetField(tif, TIFFTAG_RESOLUTIONUNIT, s->resolution_unit);
    }
    if (exif_offset) TIFFSetField(tif, TIFFTAG_EXIFIFD, exif_offset);
    if (gps_offset) TIFFSetField(tif, TIFFTAG_GPSIFD, gps_offset);
    set_text(tif, TIFFTAG_IMAGEDESCRIPTION, s->description);
    set_text(tif, TIFFTAG_SOFTWARE, s->software);
    set_text(tif, TIFFTAG_ARTIST, s->artist);
    set_text(tif, TIFFTAG_COPYRIGHT, s->copyright);
    set_text(tif, TIFFTAG_DATETIME, s->datetime);
    if (s->page_count > 1) {
        TIFFSetField(tif, TIFFTAG_SUBFILETYPE, FILETYPE_PAGE);
        TIFFSetField(tif, TIFFTAG_PAGENUMBER, (uint16_t)s->page_index, (uint16_t)s->page_count);
    }
    uint32_t rps = TIFFDefaultStripSize(tif, 0);
    if (rps == 0 || rps > s->height) rps = s->height;
    TIFFSetField(tif, TIFFTAG_ROWSPERSTRIP, rps);
    if (w->messages.errors) return IMAGO_TIFF_ENCODE_FAILED;
    // Codecs (the predictor) modify the buffer they are given: always hand them a copy.
    uint64_t strip_bytes = row_bytes * rps;
    uint8_t *strip = malloc((size_t)strip_bytes);
    if (strip == NULL) return IMAGO_TIFF_NOMEM;
    ImagoTIFFStatus status = IMAGO_TIFF_OK;
    for (uint32_t row = 0, index = 0; row < s->height; row += rps, index++) {
        uint32_t rows = s->height - row < rps ? s->height - row : rps;
        for (uint32_t r = 0; r < rows; r++)
            memcpy(strip + (uint64_t)r * row_bytes, pixels + (uint64_t)(row + r) * stride, (size_t)row_bytes);
        if (TIFFWriteEncodedStrip(tif, index, strip, (tmsize_t)(rows * row_bytes)) < 0) {
            status = IMAGO_TIFF_ENCODE_FAILED;
            break;
        }
    }
    free(strip);
    if (status == IMAGO_TIFF_OK && !TIFFWriteDirectory(tif)) status = IMAGO_TIFF_ENCODE_FAILED;
    if (w->failed) status = IMAGO_TIFF_NOMEM;
    return status;
}

ImagoTIFFStatus imago_tiff_writer_finish(ImagoTIFFWriter *w, const uint8_t **bytes, size_t *size) {
    *bytes = NULL;
    *size = 0;
    if (w->tif == NULL) return IMAGO_TIFF_ENCODE_FAILED;
    TIFFClose(w->tif);
    w->tif = NULL;
    if (w->failed || w->messages.errors) return IMAGO_TIFF_ENCODE_FAILED;
    *bytes = w->buffer;
    *size = (size_t)w->size;
    return IMAGO_TIFF_OK;
}

const char *imago_tiff_writer_message(const ImagoTIFFWriter *w) {
    if (w == NULL) return "";
    return w->messages.errors ? w->messages.error : w->messages.warning;
}

uint32_t imago_tiff_writer_exif_skipped(const ImagoTIFFWriter *w) {
    return w == NULL ? 0 : w->exif_skipped;
}

void imago_tiff_writer_free(ImagoTIFFWriter *w) {
    if (w == NULL) return;
    if (w->tif) TIFFClose(w->tif);
    if (!w->fixed) free(w->buffer);
    free(w);
}
