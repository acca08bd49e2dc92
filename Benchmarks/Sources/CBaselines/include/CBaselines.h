/* The plain C baselines of the Imago benchmark: each library's simplest fast API, used as its documentation
 * recommends, reading the file and decoding into a fresh buffer that is freed before returning (so the file read and
 * the allocation are inside the timing, as for every other tool). Every function returns 0 on success and a
 * non-zero value on failure; none prints. The benchmark harness (Sources/ImagoBench) times them with the same rule
 * as Imago's rows. */
#ifndef CBASELINES_H
#define CBASELINES_H
#include <stddef.h>
#include <stdint.h>

/* JPEG: tjDecompress2 to RGB8 (ISLOW DCT, fancy upsampling: TurboJPEG's defaults); `denominator` 1, 2, 4 or 8. */
int cb_jpeg_decode(const char *path, int denominator);
/* JPEG: tjCompress2 from RGB8, 4:2:0, `quality`. */
int cb_jpeg_encode(const uint8_t *rgb, int width, int height, int quality);
/* PNG: the simplified API (png_image_begin_read_from_memory / png_image_finish_read) to RGB8. */
int cb_png_decode(const char *path);
/* PNG: png_image_write_to_memory from RGB8 (zlib's default level, 6). */
int cb_png_encode(const uint8_t *rgb, int width, int height);
/* WebP: WebPDecodeRGBInto (WebPDecodeRGBAInto when the file has alpha). */
int cb_webp_decode(const char *path);
/* WebP: WebPEncodeRGB at `quality` (lossy, method 4) or WebPEncodeLosslessRGB (quality 70, method 4) when lossless. */
int cb_webp_encode(const uint8_t *rgb, int width, int height, int quality, int lossless);
/* TIFF: TIFFOpen + TIFFReadEncodedStrip of every strip straight into the output (contiguous 8-bit strips). */
int cb_tiff_decode(const char *path);
/* TIFF: TIFFClientOpen on a memory writer + TIFFWriteEncodedStrip; compression 1 (none), 5 (LZW) or 8 (Deflate),
 * predictor 1 or 2. */
int cb_tiff_encode(const uint8_t *rgb, int width, int height, int compression, int predictor);
/* GIF: giflib DGifOpenFileName + DGifSlurp, then the first frame's palette indices expanded to RGB8. */
int cb_gif_decode(const char *path);
/* uint8 -> float32 widening with AVX2 (a scalar loop on CPUs without it) into a fresh 64-byte aligned buffer. */
int cb_widen(const uint8_t *bytes, size_t count);
/* Keras load_img + img_to_array in C: cb_jpeg_decode's tjDecompress2, then the AVX2 widening, both fresh buffers. */
int cb_jpeg_decode_widen(const char *path, int denominator);
/* ICC -> sRGB as Pillow's ImageCms.profileToProfile does it: cmsCreateTransform(profile, TYPE_RGB_8, built-in sRGB,
 * TYPE_RGB_8, intent, flags 0), built once (NULL when the profile cannot be read; freed with cb_cms_free) ... */
void *cb_cms_create(const uint8_t *profile, size_t size, int intent);
/* ... then one cmsDoTransform over the width*height RGB8 pixels into `out`, or into a fresh buffer when `out` is NULL. */
int cb_cms_transform(void *transform, const uint8_t *rgb, int width, int height, uint8_t *out);
void cb_cms_free(void *transform);
/* One copy of `count` bytes into a fresh buffer (malloc + memcpy): the "one extra copy" an orientation may cost. */
int cb_copy(const uint8_t *bytes, size_t count);
/* 1 when the AVX2 loop runs on this CPU. */
int cb_has_avx2(void);

#endif
