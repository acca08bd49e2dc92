/* The plain C baselines of the Imago benchmark (see include/CBaselines.h). */
#define _GNU_SOURCE
#include "CBaselines.h"

#include <gif_lib.h>
#include <lcms2.h>
#include <png.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <tiffio.h>
#include <turbojpeg.h>
#include <webp/decode.h>
#include <webp/encode.h>
#if defined(__x86_64__)
#include <immintrin.h>
#endif

/* Tells the compiler that `p`'s bytes are used: without it, pixels that are written in this file and freed unread
   (the GIF palette expansion) are dead stores the optimiser may delete, and the row would time less than the work. */
static void escape(const void *p) {
#if defined(__GNUC__) || defined(__clang__)
    __asm__ volatile("" : : "r"(p) : "memory");
#else
    volatile const uint8_t *v = p;
    (void)*v;
#endif
}

/* Reads a whole file into a new block (the caller frees it); NULL on failure. */
static uint8_t *read_file(const char *path, size_t *size) {
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    uint8_t *data = NULL;
    if (fseek(f, 0, SEEK_END) == 0) {
        long n = ftell(f);
        if (n > 0 && fseek(f, 0, SEEK_SET) == 0 && (data = malloc((size_t)n)) != NULL) {
            if (fread(data, 1, (size_t)n, f) != (size_t)n) { free(data); data = NULL; }
            else *size = (size_t)n;
        }
    }
    fclose(f);
    return data;
}

/* tjDecompress2 into a fresh RGB buffer (at 1/denominator), then, when `widen`, cb_widen of the pixels: the one JPEG
   decode both the decode row and the Keras row time. */
static int jpeg_decode(const char *path, int denominator, int widen) {
    size_t size = 0;
    uint8_t *data = read_file(path, &size);
    if (!data) return 1;
    int status = 2;
    tjhandle h = tjInitDecompress();
    int w, hh, sub, cs;
    if (h && tjDecompressHeader3(h, data, (unsigned long)size, &w, &hh, &sub, &cs) == 0) {
        tjscalingfactor f = {1, denominator};
        size_t sw = (size_t)TJSCALED(w, f), sh = (size_t)TJSCALED(hh, f), n = sw * sh * 3;
        uint8_t *pixels = malloc(n);
        if (pixels && tjDecompress2(h, data, (unsigned long)size, pixels, (int)sw, 0, (int)sh, TJPF_RGB, 0) == 0)
            status = widen ? cb_widen(pixels, n) : 0;
        free(pixels);
    }
    if (h) tjDestroy(h);
    free(data);
    return status;
}

int cb_jpeg_decode(const char *path, int denominator) { return jpeg_decode(path, denominator, 0); }

int cb_jpeg_encode(const uint8_t *rgb, int width, int height, int quality) {
    tjhandle h = tjInitCompress();
    if (!h) return 1;
    unsigned char *out = NULL;
    unsigned long size = 0;
    int status = tjCompress2(h, rgb, width, 0, height, TJPF_RGB, &out, &size, TJSAMP_420, quality, 0) == 0 ? 0 : 2;
    tjFree(out);
    tjDestroy(h);
    return status;
}

int cb_png_decode(const char *path) {
    size_t size = 0;
    uint8_t *data = read_file(path, &size);
    if (!data) return 1;
    png_image image;
    memset(&image, 0, sizeof image);
    image.version = PNG_IMAGE_VERSION;
    int status = 2;
    if (png_image_begin_read_from_memory(&image, data, size)) {
        image.format = PNG_FORMAT_RGB;
        uint8_t *out = malloc(PNG_IMAGE_SIZE(image));
        if (out && png_image_finish_read(&image, NULL, out, 0, NULL)) status = 0;
        free(out);
    }
    png_image_free(&image);
    free(data);
    return status;
}

int cb_png_encode(const uint8_t *rgb, int width, int height) {
    png_image image;
    memset(&image, 0, sizeof image);
    image.version = PNG_IMAGE_VERSION;
    image.width = (png_uint_32)width;
    image.height = (png_uint_32)height;
    image.format = PNG_FORMAT_RGB;
    png_alloc_size_t size = PNG_IMAGE_PNG_SIZE_MAX(image);
    void *out = malloc(size);
    int status = out && png_image_write_to_memory(&image, out, &size, 0, rgb, 0, NULL) ? 0 : 2;
    free(out);
    png_image_free(&image);
    return status;
}

int cb_webp_decode(const char *path) {
    size_t size = 0;
    uint8_t *data = read_file(path, &size);
    if (!data) return 1;
    WebPBitstreamFeatures features;
    int status = 2;
    if (WebPGetFeatures(data, size, &features) == VP8_STATUS_OK) {
        int channels = features.has_alpha ? 4 : 3;
        size_t stride = (size_t)features.width * (size_t)channels, bytes = stride * (size_t)features.height;
        uint8_t *out = malloc(bytes);
        if (out) {
            uint8_t *done = channels == 4 ? WebPDecodeRGBAInto(data, size, out, bytes, (int)stride)
                                          : WebPDecodeRGBInto(data, size, out, bytes, (int)stride);
            if (done) status = 0;
        }
        free(out);
    }
    free(data);
    return status;
}

int cb_webp_encode(const uint8_t *rgb, int width, int height, int quality, int lossless) {
    uint8_t *out = NULL;
    size_t size = lossless ? WebPEncodeLosslessRGB(rgb, width, height, width * 3, &out)
                           : WebPEncodeRGB(rgb, width, height, width * 3, (float)quality, &out);
    WebPFree(out);
    return size > 0 ? 0 : 2;
}

static void silent(const char *module, const char *format, va_list args) { (void)module; (void)format; (void)args; }

int cb_tiff_decode(const char *path) {
    TIFFSetErrorHandler(silent);
    TIFFSetWarningHandler(silent);
    TIFF *t = TIFFOpen(path, "r");
    if (!t) return 1;
    uint32_t w = 0, h = 0, rps = 0;
    uint16_t spp = 0, bps = 0;
    int status = 2;
    TIFFGetField(t, TIFFTAG_IMAGEWIDTH, &w);
    TIFFGetField(t, TIFFTAG_IMAGELENGTH, &h);
    TIFFGetFieldDefaulted(t, TIFFTAG_SAMPLESPERPIXEL, &spp);
    TIFFGetFieldDefaulted(t, TIFFTAG_BITSPERSAMPLE, &bps);
    TIFFGetFieldDefaulted(t, TIFFTAG_ROWSPERSTRIP, &rps);
    size_t row = (size_t)w * spp * bps / 8;
    uint8_t *out = malloc(row * h);
    if (out && rps > 0) {
        status = 0;
        for (uint32_t y = 0; y < h && status == 0; y += rps) {
            uint32_t rows = h - y < rps ? h - y : rps;
            if (TIFFReadEncodedStrip(t, TIFFComputeStrip(t, y, 0), out + (size_t)y * row, (tmsize_t)(rows * row)) < 0)
                status = 3;
        }
    }
    free(out);
    TIFFClose(t);
    return status;
}

/* A growable in-memory file for TIFFClientOpen (libtiff has no memory writer of its own). */
typedef struct { uint8_t *data; uint64_t size, pos, capacity; } Sink;
static tmsize_t sink_read(thandle_t h, void *b, tmsize_t n) {
    Sink *s = h;
    uint64_t k = s->pos >= s->size ? 0 : s->size - s->pos < (uint64_t)n ? s->size - s->pos : (uint64_t)n;
    memcpy(b, s->data + s->pos, k);
    s->pos += k;
    return (tmsize_t)k;
}
static tmsize_t sink_write(thandle_t h, void *b, tmsize_t n) {
    Sink *s = h;
    uint64_t end = s->pos + (uint64_t)n;
    if (end > s->capacity) {
        uint64_t c = s->capacity ? s->capacity : 65536;
        while (c < end) c *= 2;
        uint8_t *g = realloc(s->data, c);
        if (!g) return -1;
        memset(g + s->capacity, 0, c - s->capacity);
        s->data = g;
        s->capacity = c;
    }
    memcpy(s->data + s->pos, b, (size_t)n);
    s->pos = end;
    if (end > s->size) s->size = end;
    return n;
}
static toff_t sink_seek(thandle_t h, toff_t off, int whence) {
    Sink *s = h;
    s->pos = (whence == SEEK_CUR ? s->pos : whence == SEEK_END ? s->size : 0) + off;
    return s->pos;
}
static int sink_close(thandle_t h) { (void)h; return 0; }
static toff_t sink_size(thandle_t h) { return ((Sink *)h)->size; }
static int sink_map(thandle_t h, void **b, toff_t *s) { (void)h; (void)b; (void)s; return 0; }
static void sink_unmap(thandle_t h, void *b, toff_t s) { (void)h; (void)b; (void)s; }

int cb_tiff_encode(const uint8_t *rgb, int width, int height, int compression, int predictor) {
    TIFFSetErrorHandler(silent);
    TIFFSetWarningHandler(silent);
    Sink sink = {0};
    TIFF *t = TIFFClientOpen("memory", "w", &sink, sink_read, sink_write, sink_seek, sink_close, sink_size, sink_map,
                             sink_unmap);
    if (!t) return 1;
    TIFFSetField(t, TIFFTAG_IMAGEWIDTH, (uint32_t)width);
    TIFFSetField(t, TIFFTAG_IMAGELENGTH, (uint32_t)height);
    TIFFSetField(t, TIFFTAG_BITSPERSAMPLE, 8);
    TIFFSetField(t, TIFFTAG_SAMPLESPERPIXEL, 3);
    TIFFSetField(t, TIFFTAG_PLANARCONFIG, PLANARCONFIG_CONTIG);
    TIFFSetField(t, TIFFTAG_PHOTOMETRIC, PHOTOMETRIC_RGB);
    TIFFSetField(t, TIFFTAG_COMPRESSION, compression);
    if (predictor > 1) TIFFSetField(t, TIFFTAG_PREDICTOR, predictor);
    uint32_t rps = TIFFDefaultStripSize(t, 0);
    TIFFSetField(t, TIFFTAG_ROWSPERSTRIP, rps);
    size_t row = (size_t)width * 3;
    uint8_t *strip = malloc(row * rps); /* the codecs modify their input: they get a copy */
    int status = strip ? 0 : 2;
    for (uint32_t y = 0, i = 0; status == 0 && y < (uint32_t)height; y += rps, i++) {
        uint32_t rows = (uint32_t)height - y < rps ? (uint32_t)height - y : rps;
        memcpy(strip, rgb + (size_t)y * row, rows * row);
        if (TIFFWriteEncodedStrip(t, i, strip, (tmsize_t)(rows * row)) < 0) status = 3;
    }
    free(strip);
    if (status == 0 && !TIFFWriteDirectory(t)) status = 4;
    TIFFClose(t);
    free(sink.data);
    return status;
}

int cb_gif_decode(const char *path) {
    int error = 0;
    GifFileType *gif = DGifOpenFileName(path, &error);
    if (!gif) return 1;
    int status = 2;
    if (DGifSlurp(gif) == GIF_OK && gif->ImageCount > 0) {
        SavedImage *frame = &gif->SavedImages[0];
        ColorMapObject *map = frame->ImageDesc.ColorMap ? frame->ImageDesc.ColorMap : gif->SColorMap;
        size_t w = (size_t)gif->SWidth, h = (size_t)gif->SHeight;
        size_t fw = (size_t)frame->ImageDesc.Width, fh = (size_t)frame->ImageDesc.Height;
        uint8_t *out = calloc(w * h, 3);
        if (out && map && fw <= w && fh <= h) {
            for (size_t y = 0; y < fh; y++) {
                const GifByteType *in = frame->RasterBits + y * fw;
                uint8_t *o = out + ((y + (size_t)frame->ImageDesc.Top) * w + (size_t)frame->ImageDesc.Left) * 3;
                for (size_t x = 0; x < fw; x++) {
                    GifColorType c = map->Colors[in[x] < map->ColorCount ? in[x] : 0];
                    o[3 * x] = c.Red;
                    o[3 * x + 1] = c.Green;
                    o[3 * x + 2] = c.Blue;
                }
            }
            escape(out);
            status = 0;
        }
        free(out);
    }
    DGifCloseFile(gif, &error);
    return status;
}

int cb_has_avx2(void) {
#if defined(__x86_64__)
    return __builtin_cpu_supports("avx2");
#else
    return 0;
#endif
}

#if defined(__x86_64__)
__attribute__((target("avx2"))) static void widen_avx2(const uint8_t *in, float *out, size_t n) {
    size_t i = 0;
    for (; i + 32 <= n; i += 32) {
        __m256i bytes = _mm256_loadu_si256((const __m256i *)(in + i));
        __m128i lo = _mm256_castsi256_si128(bytes), hi = _mm256_extracti128_si256(bytes, 1);
        _mm256_store_ps(out + i, _mm256_cvtepi32_ps(_mm256_cvtepu8_epi32(lo)));
        _mm256_store_ps(out + i + 8, _mm256_cvtepi32_ps(_mm256_cvtepu8_epi32(_mm_srli_si128(lo, 8))));
        _mm256_store_ps(out + i + 16, _mm256_cvtepi32_ps(_mm256_cvtepu8_epi32(hi)));
        _mm256_store_ps(out + i + 24, _mm256_cvtepi32_ps(_mm256_cvtepu8_epi32(_mm_srli_si128(hi, 8))));
    }
    for (; i < n; i++) out[i] = (float)in[i];
}
#endif

/* Widens into `out` (64-byte aligned). */
static void widen_into(const uint8_t *in, float *out, size_t n) {
#if defined(__x86_64__)
    if (cb_has_avx2()) { widen_avx2(in, out, n); return; }
#endif
    for (size_t i = 0; i < n; i++) out[i] = (float)in[i];
}

int cb_widen(const uint8_t *bytes, size_t count) {
    if (count > SIZE_MAX / sizeof(float)) return 1;
    float *out = NULL;
    if (posix_memalign((void **)&out, 64, count * sizeof(float) + 64) != 0) return 2;
    widen_into(bytes, out, count);
    escape(out);
    volatile float sink = out[count / 2];
    (void)sink;
    free(out);
    return 0;
}

int cb_jpeg_decode_widen(const char *path, int denominator) { return jpeg_decode(path, denominator, 1); }

void *cb_cms_create(const uint8_t *profile, size_t size, int intent) {
    if (size > 0xFFFFFFFFu) return NULL;
    cmsHPROFILE source = cmsOpenProfileFromMem(profile, (cmsUInt32Number)size);
    cmsHPROFILE srgb = cmsCreate_sRGBProfile();
    cmsHTRANSFORM transform = NULL;
    if (source && srgb) transform = cmsCreateTransform(source, TYPE_RGB_8, srgb, TYPE_RGB_8, (cmsUInt32Number)intent, 0);
    if (srgb) cmsCloseProfile(srgb);
    if (source) cmsCloseProfile(source);
    return transform;
}

int cb_cms_transform(void *transform, const uint8_t *rgb, int width, int height, uint8_t *out) {
    if (!transform || width <= 0 || height <= 0 || (size_t)width > SIZE_MAX / 3 / (size_t)height) return 1;
    size_t pixels = (size_t)width * (size_t)height;
    if (pixels > 0xFFFFFFFFu) return 1;
    uint8_t *target = out ? out : malloc(pixels * 3);
    if (!target) return 2;
    cmsDoTransform((cmsHTRANSFORM)transform, rgb, target, (cmsUInt32Number)pixels);
    if (!out) {
        volatile uint8_t sink = target[pixels / 2];
        (void)sink;
        free(target);
    }
    return 0;
}

void cb_cms_free(void *transform) {
    if (transform) cmsDeleteTransform((cmsHTRANSFORM)transform);
}

int cb_copy(const uint8_t *bytes, size_t count) {
    uint8_t *out = malloc(count ? count : 1);
    if (!out) return 2;
    memcpy(out, bytes, count);
    volatile uint8_t sink = count ? out[count / 2] : 0;
    (void)sink;
    free(out);
    return 0;
}
