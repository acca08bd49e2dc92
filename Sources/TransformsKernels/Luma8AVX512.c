// AVX-512 RGB/RGBA -> L (F, BW, VL, VBMI, VNNI). Compiled for the x86-64 baseline; only these functions use
// AVX-512 (target attribute), and they run only after ctk_cpu_level() said so.
#include "Luma8Internal.h"

#if CTK_X86
#include <immintrin.h>

#define AVX512_TARGET "avx512f,avx512bw,avx512vl,avx512vbmi,avx512vnni"
#define AVX512 __attribute__((target(AVX512_TARGET)))
#define AVX512_INLINE __attribute__((target(AVX512_TARGET), always_inline)) static inline

/// vpermb indices spreading 16 pixels (bpp bytes each, from byte 0) to 16-bit (first, second) pairs, one per
/// 32-bit lane; the odd (high) bytes are zeroed by the permute's mask.
AVX512_INLINE __m512i pair_index(int bpp, int first, int second) {
    uint8_t idx[64];
    for (int i = 0; i < 16; i++) {
        idx[4 * i] = (uint8_t)(bpp * i + first);
        idx[4 * i + 1] = 0;
        idx[4 * i + 2] = (uint8_t)(bpp * i + second);
        idx[4 * i + 3] = 0;
    }
    return _mm512_loadu_si512(idx);
}

/// Sixteen pixels' rounded sums (32-bit lanes) from `bytes` (pixel i at byte bpp * i).
AVX512_INLINE __m512i luma_sums16(__m512i bytes, __m512i idx_rg, __m512i idx_bg) {
    const __mmask64 low_bytes = 0x5555555555555555ull;
    const __m512i w_rg = _mm512_set1_epi32(CTK_LUMA_R | (CTK_LUMA_G_HALF << 16));
    const __m512i w_bg = _mm512_set1_epi32(CTK_LUMA_B | (CTK_LUMA_G_HALF << 16));
    __m512i rg = _mm512_maskz_permutexvar_epi8(low_bytes, idx_rg, bytes);
    __m512i bg = _mm512_maskz_permutexvar_epi8(low_bytes, idx_bg, bytes);
    __m512i sum = _mm512_dpwssd_epi32(_mm512_set1_epi32(CTK_LUMA_ROUND), rg, w_rg);
    return _mm512_dpwssd_epi32(sum, bg, w_bg);
}

AVX512_INLINE void luma_row(const uint8_t *src, const int bpp, uint8_t *dst, ptrdiff_t width) {
    const __m512i idx_rg = pair_index(bpp, 0, 1), idx_bg = pair_index(bpp, 2, 1);
    // Byte 2 of each 32-bit lane of two vectors (the sums are below 2^24, so byte 2 is the result): 32 bytes.
    uint8_t third[64];
    for (int i = 0; i < 64; i++) third[i] = (uint8_t)(4 * (i % 32) + 2);
    const __m512i take_third = _mm512_loadu_si512(third);
    const ptrdiff_t group = 16 * bpp;
    ptrdiff_t x = 0;
    // 64 pixels: four 64-byte loads 16 pixels apart (for RGB the last one reads 16 bytes past the 64 pixels, so the
    // loop stops while those bytes still belong to the row).
    for (; (width - x) * bpp >= 3 * group + 64; x += 64) {
        const uint8_t *p = src + x * bpp;
        __m512i s0 = luma_sums16(_mm512_loadu_si512(p), idx_rg, idx_bg);
        __m512i s1 = luma_sums16(_mm512_loadu_si512(p + group), idx_rg, idx_bg);
        __m512i s2 = luma_sums16(_mm512_loadu_si512(p + 2 * group), idx_rg, idx_bg);
        __m512i s3 = luma_sums16(_mm512_loadu_si512(p + 3 * group), idx_rg, idx_bg);
        __m512i lo = _mm512_permutex2var_epi8(s0, take_third, s1);
        __m512i hi = _mm512_permutex2var_epi8(s2, take_third, s3);
        _mm512_storeu_si512(dst + x, _mm512_inserti64x4(lo, _mm512_castsi512_si256(hi), 1));
    }
    // 16 pixels at a time, the last block partial: masked loads and stores touch only the row's bytes.
    for (; x < width; x += 16) {
        ptrdiff_t n = width - x < 16 ? width - x : 16;
        __mmask64 in = n * bpp >= 64 ? ~0ull : (1ull << (n * bpp)) - 1;
        __m512i s = luma_sums16(_mm512_maskz_loadu_epi8(in, src + x * bpp), idx_rg, idx_bg);
        _mm_mask_storeu_epi8(dst + x, (__mmask16)((1u << n) - 1), _mm512_cvtepi32_epi8(_mm512_srli_epi32(s, 16)));
    }
}

AVX512 void ctk_luma8_row_avx512(const uint8_t *src, int bpp, uint8_t *dst, ptrdiff_t width) {
    if (bpp == 3) luma_row(src, 3, dst, width);
    else luma_row(src, 4, dst, width);
}

#endif
