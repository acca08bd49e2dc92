// Flips, quarter turns, transpose and transverse: one affine walk of byte offsets (see ctk_affine_copy), with the
// pixel size made a compile-time constant for the sizes of Imago's pixel formats so each pixel moves as a word or two.

#include "TransformsKernels.h"

#include <string.h>

/// The side, in pixels, of the output tiles of a walk across the source rows: a tile reads CTK_AFFINE_TILE source
/// rows (or columns), whose cache lines stay loaded while the tile is written.
#define CTK_AFFINE_TILE 32

/* Whether the run of `n` pixels from `s`, `step_x` bytes apart, includes the last 3-byte pixel of the source. */
static inline int reads_last_pixel(const uint8_t *src, size_t src_size, const uint8_t *s, ptrdiff_t step_x, size_t n) {
    ptrdiff_t rel = (ptrdiff_t)(src_size - 3) - (s - src);
    return step_x == 0 || (rel % step_x == 0 && rel / step_x >= 0 && rel / step_x < (ptrdiff_t)n);
}

static inline __attribute__((always_inline)) void affine_rows(const uint8_t *src, size_t src_size, uint8_t *dst,
                                                              size_t dst_stride, size_t y0, size_t y1, size_t x0, size_t x1,
                                                              ptrdiff_t origin, ptrdiff_t step_x, ptrdiff_t step_y,
                                                              const size_t bpp) {
    for (size_t y = y0; y < y1; y++) {
        uint8_t *d = dst + y * dst_stride + x0 * bpp;
        const uint8_t *s = src + origin + (ptrdiff_t)y * step_y + (ptrdiff_t)x0 * step_x;
        size_t n = x1 - x0;
        if (step_x == (ptrdiff_t)bpp) {
            memcpy(d, s, n * bpp);
        } else if (bpp == 3 && !reads_last_pixel(src, src_size, s, step_x, n)) {
            /* 3-byte pixels moved as 4-byte words, left to right: each store's fourth byte is overwritten by the next
               pixel, and the last pixel of the run moves as 3 bytes. A 4-byte load reads one byte past its pixel,
               inside the source unless the pixel is the source's last (then the plain loop below runs). */
            for (size_t x = 0; x + 1 < n; x++, s += step_x, d += 3) memcpy(d, s, 4);
            memcpy(d, s, 3);
        } else {
            for (size_t x = 0; x < n; x++, s += step_x, d += bpp) memcpy(d, s, bpp);
        }
    }
}

static inline __attribute__((always_inline)) void affine_walk(const uint8_t *src, size_t src_size, uint8_t *dst,
                                                              size_t dst_stride,
                                                              size_t width, size_t height, ptrdiff_t origin,
                                                              ptrdiff_t step_x, ptrdiff_t step_y, const size_t bpp) {
    if (step_x == (ptrdiff_t)bpp || step_x == -(ptrdiff_t)bpp) {
        affine_rows(src, src_size, dst, dst_stride, 0, height, 0, width, origin, step_x, step_y, bpp);
        return;
    }
    for (size_t y0 = 0; y0 < height; y0 += CTK_AFFINE_TILE) {
        size_t y1 = height - y0 < CTK_AFFINE_TILE ? height : y0 + CTK_AFFINE_TILE;
        for (size_t x0 = 0; x0 < width; x0 += CTK_AFFINE_TILE) {
            size_t x1 = width - x0 < CTK_AFFINE_TILE ? width : x0 + CTK_AFFINE_TILE;
            affine_rows(src, src_size, dst, dst_stride, y0, y1, x0, x1, origin, step_x, step_y, bpp);
        }
    }
}

void ctk_affine_copy(const uint8_t *src, size_t src_size, uint8_t *dst, size_t dst_stride, size_t width, size_t height,
                     ptrdiff_t origin, ptrdiff_t step_x, ptrdiff_t step_y, size_t bytes_per_pixel) {
    if (width == 0 || height == 0 || src_size < bytes_per_pixel) return;
    switch (bytes_per_pixel) {
    case 1: affine_walk(src, src_size, dst, dst_stride, width, height, origin, step_x, step_y, 1); break;
    case 2: affine_walk(src, src_size, dst, dst_stride, width, height, origin, step_x, step_y, 2); break;
    case 3: affine_walk(src, src_size, dst, dst_stride, width, height, origin, step_x, step_y, 3); break;
    case 4: affine_walk(src, src_size, dst, dst_stride, width, height, origin, step_x, step_y, 4); break;
    case 6: affine_walk(src, src_size, dst, dst_stride, width, height, origin, step_x, step_y, 6); break;
    case 8: affine_walk(src, src_size, dst, dst_stride, width, height, origin, step_x, step_y, 8); break;
    case 12: affine_walk(src, src_size, dst, dst_stride, width, height, origin, step_x, step_y, 12); break;
    case 16: affine_walk(src, src_size, dst, dst_stride, width, height, origin, step_x, step_y, 16); break;
    default: affine_walk(src, src_size, dst, dst_stride, width, height, origin, step_x, step_y, bytes_per_pixel); break;
    }
}
