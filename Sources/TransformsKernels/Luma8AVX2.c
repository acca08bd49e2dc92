// AVX2 RGB/RGBA -> L. Compiled for the x86-64 baseline; only these functions use AVX2 (target attribute), and they
// run only after ctk_cpu_level() said so.
#include "Luma8Internal.h"

#if CTK_X86
#include <immintrin.h>

#define AVX2 __attribute__((target("avx2")))
#define AVX2_INLINE __attribute__((target("avx2"), always_inline)) static inline

/// Eight pixels from p, each 32-bit lane holding Pillow's rounded sum 19595 R + 38470 G + 7471 B + 0x8000.
/// RGB: the low lane takes 16 bytes at p (pixels 0-3), the high lane 16 bytes at p + 8 (pixels 4-7 at lane bytes
/// 4-15), so exactly the 24 pixel bytes are read. RGBA: one 32-byte load. An in-lane pshufb spreads each pixel to
/// 16-bit (R, G) and (B, G) pairs, and pmaddwd applies (19595, 19235) and (7471, 19235).
AVX2_INLINE __m256i luma_sums8(const uint8_t *p, int bpp) {
    const __m256i w_rg = _mm256_set1_epi32(CTK_LUMA_R | (CTK_LUMA_G_HALF << 16));
    const __m256i w_bg = _mm256_set1_epi32(CTK_LUMA_B | (CTK_LUMA_G_HALF << 16));
    __m256i v, rg, bg;
    if (bpp == 3) {
        v = _mm256_loadu2_m128i((const __m128i *)(p + 8), (const __m128i *)p);
        rg = _mm256_shuffle_epi8(v, _mm256_setr_epi8(0, -1, 1, -1, 3, -1, 4, -1, 6, -1, 7, -1, 9, -1, 10, -1,
                                                     4, -1, 5, -1, 7, -1, 8, -1, 10, -1, 11, -1, 13, -1, 14, -1));
        bg = _mm256_shuffle_epi8(v, _mm256_setr_epi8(2, -1, 1, -1, 5, -1, 4, -1, 8, -1, 7, -1, 11, -1, 10, -1,
                                                     6, -1, 5, -1, 9, -1, 8, -1, 12, -1, 11, -1, 15, -1, 14, -1));
    } else {
        v = _mm256_loadu_si256((const __m256i *)p);
        rg = _mm256_shuffle_epi8(v, _mm256_setr_epi8(0, -1, 1, -1, 4, -1, 5, -1, 8, -1, 9, -1, 12, -1, 13, -1,
                                                     0, -1, 1, -1, 4, -1, 5, -1, 8, -1, 9, -1, 12, -1, 13, -1));
        bg = _mm256_shuffle_epi8(v, _mm256_setr_epi8(2, -1, 1, -1, 6, -1, 5, -1, 10, -1, 9, -1, 14, -1, 13, -1,
                                                     2, -1, 1, -1, 6, -1, 5, -1, 10, -1, 9, -1, 14, -1, 13, -1));
    }
    __m256i sum = _mm256_add_epi32(_mm256_madd_epi16(rg, w_rg), _mm256_madd_epi16(bg, w_bg));
    return _mm256_add_epi32(sum, _mm256_set1_epi32(CTK_LUMA_ROUND));
}

/// Eight pixels from p to 8 bytes at d.
AVX2_INLINE void luma8(const uint8_t *p, int bpp, uint8_t *d) {
    __m256i s = _mm256_srli_epi32(luma_sums8(p, bpp), 16);
    __m256i b = _mm256_packus_epi16(_mm256_packus_epi32(s, s), s);  // lane k: pixels 4k..4k+3 in bytes 0-3
    __m128i v = _mm_unpacklo_epi32(_mm256_castsi256_si128(b), _mm256_extracti128_si256(b, 1));
    _mm_storel_epi64((__m128i *)d, v);
}

AVX2_INLINE void luma_row(const uint8_t *src, const int bpp, uint8_t *dst, ptrdiff_t width) {
    if (width < 8) {
        ctk_luma8_row_scalar(src, bpp, dst, width);
        return;
    }
    const __m256i order = _mm256_setr_epi32(0, 4, 1, 5, 2, 6, 3, 7);
    ptrdiff_t x = 0;
    for (; x + 32 <= width; x += 32) {
        const uint8_t *p = src + x * bpp;
        __m256i s0 = _mm256_srli_epi32(luma_sums8(p, bpp), 16);
        __m256i s1 = _mm256_srli_epi32(luma_sums8(p + 8 * bpp, bpp), 16);
        __m256i s2 = _mm256_srli_epi32(luma_sums8(p + 16 * bpp, bpp), 16);
        __m256i s3 = _mm256_srli_epi32(luma_sums8(p + 24 * bpp, bpp), 16);
        // lane k of the packed bytes: s0, s1, s2, s3's pixels 4k..4k+3 in turn; the dword permute restores order.
        __m256i b = _mm256_packus_epi16(_mm256_packus_epi32(s0, s1), _mm256_packus_epi32(s2, s3));
        _mm256_storeu_si256((__m256i *)(dst + x), _mm256_permutevar8x32_epi32(b, order));
    }
    for (; x + 8 <= width; x += 8) luma8(src + x * bpp, bpp, dst + x);
    // The last 1-7 pixels: the final eight again, overlapping pixels already written with the same values.
    if (x < width) luma8(src + (width - 8) * bpp, bpp, dst + width - 8);
}

AVX2 void ctk_luma8_row_avx2(const uint8_t *src, int bpp, uint8_t *dst, ptrdiff_t width) {
    if (bpp == 3) luma_row(src, 3, dst, width);
    else luma_row(src, 4, dst, width);
}

#endif
