// The same libtiff / libwebp calls Imago makes, straight from C: decode each file given (from memory, into a
// fresh buffer), then encode the first TIFF's pixels. Prints `operation<TAB>file<TAB>median ms` like the Swift side.
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <tiffio.h>
#include <webp/decode.h>
#include <webp/encode.h>

static double now_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}
static int cmp(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}
/// Fastest of at least 5 runs and about half a second, as the Swift side.
#define MEDIAN(result, ...)                                                        \
    do {                                                                              \
        double times[200]; int n = 0; double start = now_ms();                        \
        while (n < 5 || (now_ms() - start < 500 && n < 200)) {                        \
            double t = now_ms(); __VA_ARGS__; times[n++] = now_ms() - t;                     \
        }                                                                             \
        qsort(times, n, sizeof times[0], cmp); result = times[0];                 \
    } while (0)

typedef struct { const uint8_t *data; uint64_t size, pos; uint8_t *out; uint64_t cap; } Mem;
static tmsize_t m_read(thandle_t h, void *b, tmsize_t n) {
    Mem *m = h; if (m->pos >= m->size) return 0;
    uint64_t k = m->size - m->pos < (uint64_t)n ? m->size - m->pos : (uint64_t)n;
    memcpy(b, m->data + m->pos, k); m->pos += k; return (tmsize_t)k;
}
static tmsize_t m_write(thandle_t h, void *b, tmsize_t n) {
    Mem *m = h; uint64_t end = m->pos + n;
    if (end > m->cap) { uint64_t c = m->cap ? m->cap : 65536; while (c < end) c *= 2;
        uint8_t *g = realloc(m->out, c); if (!g) return -1; memset(g + m->cap, 0, c - m->cap); m->out = g; m->cap = c; }
    memcpy(m->out + m->pos, b, n); m->pos = end; if (end > m->size) m->size = end; m->data = m->out; return n;
}
static toff_t m_seek(thandle_t h, toff_t off, int whence) {
    Mem *m = h; m->pos = (whence == SEEK_CUR ? m->pos : whence == SEEK_END ? m->size : 0) + off; return m->pos;
}
static int m_close(thandle_t h) { (void)h; return 0; }
static toff_t m_size(thandle_t h) { return ((Mem *)h)->size; }
static int m_map(thandle_t h, void **b, toff_t *s) { Mem *m = h; if (m->out || m->data == NULL) return 0; *b = (void *)m->data; *s = m->size; return 1; }
static void m_unmap(thandle_t h, void *b, toff_t s) { (void)h; (void)b; (void)s; }
static int quiet(TIFF *t, void *u, const char *m, const char *f, va_list a) { (void)t; (void)u; (void)m; (void)f; (void)a; return 1; }

/// Decodes into `reuse` when it is large enough (`*capacity` bytes), else into a new block; returns the block.
static uint8_t *tiff_decode_into(const uint8_t *data, size_t size, uint32_t *w, uint32_t *h, uint16_t *spp,
                                 uint8_t *reuse, size_t *capacity) {
    Mem m = { data, size, 0, NULL, 0 };
    TIFFOpenOptions *o = TIFFOpenOptionsAlloc();
    TIFFOpenOptionsSetErrorHandlerExtR(o, quiet, NULL);
    TIFFOpenOptionsSetWarningHandlerExtR(o, quiet, NULL);
    TIFF *t = TIFFClientOpenExt("m", "r", &m, m_read, m_write, m_seek, m_close, m_size, m_map, m_unmap, o);
    TIFFOpenOptionsFree(o);
    uint32_t rps; uint16_t bps;
    TIFFGetField(t, TIFFTAG_IMAGEWIDTH, w); TIFFGetField(t, TIFFTAG_IMAGELENGTH, h);
    TIFFGetFieldDefaulted(t, TIFFTAG_SAMPLESPERPIXEL, spp); TIFFGetFieldDefaulted(t, TIFFTAG_BITSPERSAMPLE, &bps);
    TIFFGetFieldDefaulted(t, TIFFTAG_ROWSPERSTRIP, &rps);
    size_t row = (size_t)*w * *spp * bps / 8;
    uint8_t *out = reuse;
    if (out == NULL || *capacity < row * *h) { free(reuse); out = malloc(row * *h); *capacity = row * *h; }
    for (uint32_t y = 0; y < *h; y += rps) {
        uint32_t rows = *h - y < rps ? *h - y : rps;
        TIFFReadEncodedStrip(t, TIFFComputeStrip(t, y, 0), out + y * row, (tmsize_t)(rows * row));
    }
    TIFFClose(t);
    return out;
}

static uint8_t *tiff_decode(const uint8_t *data, size_t size, uint32_t *w, uint32_t *h, uint16_t *spp) {
    size_t capacity = 0;
    return tiff_decode_into(data, size, w, h, spp, NULL, &capacity);
}

static void tiff_encode(const uint8_t *pixels, uint32_t w, uint32_t h, uint16_t compression, uint16_t predictor) {
    Mem m = { NULL, 0, 0, NULL, 0 };
    TIFFOpenOptions *o = TIFFOpenOptionsAlloc();
    TIFFOpenOptionsSetErrorHandlerExtR(o, quiet, NULL);
    TIFF *t = TIFFClientOpenExt("m", "w", &m, m_read, m_write, m_seek, m_close, m_size, m_map, m_unmap, o);
    TIFFOpenOptionsFree(o);
    TIFFSetField(t, TIFFTAG_IMAGEWIDTH, w); TIFFSetField(t, TIFFTAG_IMAGELENGTH, h);
    TIFFSetField(t, TIFFTAG_BITSPERSAMPLE, 8); TIFFSetField(t, TIFFTAG_SAMPLESPERPIXEL, 3);
    TIFFSetField(t, TIFFTAG_SAMPLEFORMAT, SAMPLEFORMAT_UINT); TIFFSetField(t, TIFFTAG_PLANARCONFIG, PLANARCONFIG_CONTIG);
    TIFFSetField(t, TIFFTAG_ORIENTATION, ORIENTATION_TOPLEFT); TIFFSetField(t, TIFFTAG_COMPRESSION, compression);
    TIFFSetField(t, TIFFTAG_PHOTOMETRIC, PHOTOMETRIC_RGB);
    if (predictor > 1) TIFFSetField(t, TIFFTAG_PREDICTOR, predictor);
    uint32_t rps = TIFFDefaultStripSize(t, 0);
    TIFFSetField(t, TIFFTAG_ROWSPERSTRIP, rps);
    size_t row = (size_t)w * 3;
    uint8_t *strip = malloc(row * rps);  // codecs modify their input: hand them a copy, as Imago does
    for (uint32_t y = 0, i = 0; y < h; y += rps, i++) {
        uint32_t rows = h - y < rps ? h - y : rps;
        memcpy(strip, pixels + y * row, rows * row);
        TIFFWriteEncodedStrip(t, i, strip, (tmsize_t)(rows * row));
    }
    free(strip);
    TIFFWriteDirectory(t);
    TIFFClose(t);
    free(m.out);
}

static void webp_encode(const uint8_t *pixels, uint32_t w, uint32_t h, int lossless) {
    WebPConfig config;
    WebPConfigPreset(&config, WEBP_PRESET_DEFAULT, 80);
    config.lossless = lossless; config.quality = 80; config.method = 4;
    WebPPicture pic; WebPPictureInit(&pic);
    pic.width = (int)w; pic.height = (int)h; pic.use_argb = lossless;
    WebPPictureImportRGB(&pic, pixels, (int)w * 3);
    WebPMemoryWriter writer; WebPMemoryWriterInit(&writer);
    pic.writer = WebPMemoryWrite; pic.custom_ptr = &writer;
    WebPEncode(&config, &pic);
    WebPPictureFree(&pic);
    WebPMemoryWriterClear(&writer);
}

static uint8_t *read_file(const char *path, size_t *size) {
    FILE *f = fopen(path, "rb"); fseek(f, 0, SEEK_END); *size = (size_t)ftell(f); rewind(f);
    uint8_t *d = malloc(*size); if (fread(d, 1, *size, f) != *size) exit(1); fclose(f); return d;
}
static const char *base(const char *p) { const char *s = strrchr(p, '/'); return s ? s + 1 : p; }

int main(int argc, char **argv) {
    const char *first_tiff = NULL;
    for (int i = 1; i < argc; i++) {
        size_t size; uint8_t *data = read_file(argv[i], &size); double ms;
        uint8_t *out = NULL; size_t capacity = 0;  // one output buffer, reused
        if (strstr(argv[i], ".webp")) {
            MEDIAN(ms, {
                WebPDecoderConfig c; WebPInitDecoderConfig(&c); WebPGetFeatures(data, size, &c.input);
                int ch = c.input.has_alpha ? 4 : 3;
                size_t stride = (size_t)c.input.width * ch, bytes = stride * c.input.height;
                if (capacity < bytes) { free(out); out = malloc(bytes); capacity = bytes; }
                c.output.colorspace = ch == 4 ? MODE_RGBA : MODE_RGB; c.output.is_external_memory = 1;
                c.output.u.RGBA.rgba = out; c.output.u.RGBA.stride = (int)stride; c.output.u.RGBA.size = bytes;
                WebPDecode(data, size, &c);
            });
        } else {
            if (!first_tiff) first_tiff = argv[i];
            MEDIAN(ms, { uint32_t w, h; uint16_t spp; out = tiff_decode_into(data, size, &w, &h, &spp, out, &capacity); });
        }
        printf("decode\t%s\t%.3f\n", base(argv[i]), ms);
        free(out);
        free(data);
    }
    if (first_tiff) {
        size_t size; uint8_t *data = read_file(first_tiff, &size); uint32_t w, h; uint16_t spp; double ms;
        uint8_t *px = tiff_decode(data, size, &w, &h, &spp);
        MEDIAN(ms, webp_encode(px, w, h, 0)); printf("encode-webp-lossy-q80-m4\t%s\t%.3f\n", base(first_tiff), ms);
        MEDIAN(ms, webp_encode(px, w, h, 1)); printf("encode-webp-lossless-q80-m4\t%s\t%.3f\n", base(first_tiff), ms);
        MEDIAN(ms, tiff_encode(px, w, h, COMPRESSION_NONE, 1)); printf("encode-tiff-none\t%s\t%.3f\n", base(first_tiff), ms);
        MEDIAN(ms, tiff_encode(px, w, h, COMPRESSION_LZW, 1)); printf("encode-tiff-lzw\t%s\t%.3f\n", base(first_tiff), ms);
        MEDIAN(ms, tiff_encode(px, w, h, COMPRESSION_ADOBE_DEFLATE, 2)); printf("encode-tiff-deflate-pred2\t%s\t%.3f\n", base(first_tiff), ms);
        free(px); free(data);
    }
    return 0;
}
