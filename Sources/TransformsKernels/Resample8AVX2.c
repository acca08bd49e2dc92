// AVX2 8-bit resize passes. Compiled for the x86-64 baseline; only these functions use AVX2 (target attribute),
// and they run only for plans laid out for CTK_LEVEL_AVX2 (made only when ctk_cpu_level() allows it).
#include "Resample8Internal.h"
#include "Resample8VectorCommon.h"

#if CTK_X86
#include <immintrin.h>
#include <stdlib.h>
#include <string.h>

#define AVX2 __attribute__((target("avx2")))
#define AVX2_INLINE __attribute__((target("avx2"), always_inline)) static inline

/// 16 bytes from p as the group's 16-bit slots.
AVX2_INLINE __m256i h_load(const uint8_t *p, int bpp, __m256i shuffle) {
    __m128i bytes = _mm_loadu_si128((const __m128i *)p);
    if (bpp == 1) return _mm256_cvtepu8_epi16(bytes);
    return _mm256_shuffle_epi8(_mm256_broadcastsi128_si256(bytes), shuffle);
}

/// Four outputs' group sums (32-bit lanes of `s[i]` as `h_rows` accumulates them) to their bytes: per channel the
/// lanes are added, rounded, shifted and clamped, and the 4 pixels x bpp bytes come back packed from byte 0.
AVX2_INLINE __m128i h_finish4(const __m256i *s, const int bpp) {
    // [x0 | x1] and [x2 | x3]: the two 128-bit halves of each output added.
    __m256i t01 = _mm256_add_epi32(_mm256_permute2x128_si256(s[0], s[1], 0x20), _mm256_permute2x128_si256(s[0], s[1], 0x31));
    __m256i t23 = _mm256_add_epi32(_mm256_permute2x128_si256(s[2], s[3], 0x20), _mm256_permute2x128_si256(s[2], s[3], 0x31));
    const __m256i half = _mm256_set1_epi32((int)CTK_HALF);
    const __m256i order = _mm256_setr_epi32(0, 4, 1, 5, 2, 6, 3, 7);  // [x0 x2 .. | x1 x3 ..] -> x0 x1 x2 x3
    if (bpp == 1) {
        __m256i t = _mm256_hadd_epi32(t01, t23);  // [x0 x0 x2 x2 | x1 x1 x3 x3] partial sums
        t = _mm256_hadd_epi32(t, t);              // [x0 x2 x0 x2 | x1 x3 x1 x3]
        t = _mm256_permutevar8x32_epi32(_mm256_srai_epi32(_mm256_add_epi32(t, half), CTK_PRECISION_BITS), order);
        __m128i v = _mm256_castsi256_si128(t);
        return _mm_packus_epi16(_mm_packs_epi32(v, v), v);
    }
    if (bpp == 2) {  // lanes L A L A per output: fold the two pairs
        t01 = _mm256_add_epi32(t01, _mm256_shuffle_epi32(t01, _MM_SHUFFLE(1, 0, 3, 2)));
        t23 = _mm256_add_epi32(t23, _mm256_shuffle_epi32(t23, _MM_SHUFFLE(1, 0, 3, 2)));
    }
    t01 = _mm256_srai_epi32(_mm256_add_epi32(t01, half), CTK_PRECISION_BITS);
    t23 = _mm256_srai_epi32(_mm256_add_epi32(t23, half), CTK_PRECISION_BITS);
    __m256i p = _mm256_packs_epi32(t01, t23);                          // [x0 x2 | x1 x3] int16
    __m256i b = _mm256_permutevar8x32_epi32(_mm256_packus_epi16(p, p), order);  // 32-bit lane i: pixel i, 4 bytes
    __m128i v = _mm256_castsi256_si128(b);
    if (bpp == 3) v = _mm_shuffle_epi8(v, _mm_setr_epi8(0, 1, 2, 4, 5, 6, 8, 9, 10, 12, 13, 14, -1, -1, -1, -1));
    if (bpp == 2) v = _mm_shuffle_epi8(v, _mm_setr_epi8(0, 1, 4, 5, 8, 9, 12, 13, -1, -1, -1, -1, -1, -1, -1, -1));
    return v;
}

/// Stores the first n pixels (n <= 4) of `h_finish4`'s bytes, exactly n * bpp bytes.
AVX2_INLINE void h_store4(__m128i v, uint8_t *out, int n, const int bpp) {
    if (n == 4) {
        switch (bpp) {
        case 1: { uint32_t w = (uint32_t)_mm_cvtsi128_si32(v); memcpy(out, &w, 4); return; }
        case 2: _mm_storel_epi64((__m128i *)out, v); return;
        case 3: { _mm_storel_epi64((__m128i *)out, v); uint32_t w = (uint32_t)_mm_extract_epi32(v, 2); memcpy(out + 8, &w, 4); return; }
        default: _mm_storeu_si128((__m128i *)out, v); return;
        }
    }
    uint8_t bytes[16];
    _mm_storeu_si128((__m128i *)bytes, v);
    memcpy(out, bytes, (size_t)(n * bpp));
}

/// `rows` consecutive rows (1 or 4: the weights are loaded once for all of them), outputs four at a time.
AVX2_INLINE void h_rows(const ctk_hplan *plan, const uint8_t *src, ptrdiff_t src_stride, uint8_t *dst,
                        ptrdiff_t dst_stride, const int rows, const int bpp) {
    const __m256i shuffle = _mm256_loadu_si256((const __m256i *)plan->shuffle);
    const ptrdiff_t gbytes = plan->group_bytes, width = plan->out_width;
    for (ptrdiff_t x0 = 0; x0 < width; x0 += 4) {
        const int n = width - x0 < 4 ? (int)(width - x0) : 4;
        __m256i sums[4][4];  // [row][output]: hi << 15 + lo, finished four outputs at a time
        for (int i = 0; i < 4; i++) {
            if (i >= n) {
                for (int r = 0; r < rows; r++) sums[r][i] = _mm256_setzero_si256();
                continue;
            }
            const ptrdiff_t x = x0 + i;
            const uint8_t *w = plan->weights + plan->wstart[x];
            const uint8_t *p = src + plan->first[x] * bpp;
            const ptrdiff_t groups = plan->groups[x];
            __m256i lo[4], hi[4];
            for (int r = 0; r < rows; r++) lo[r] = hi[r] = _mm256_setzero_si256();
            for (ptrdiff_t g = 0; g < groups; g++) {
                const __m256i wl = _mm256_load_si256((const __m256i *)(w + g * 64));
                const __m256i wh = _mm256_load_si256((const __m256i *)(w + g * 64 + 32));
                for (int r = 0; r < rows; r++) {
                    __m256i v = h_load(p + r * src_stride + g * gbytes, bpp, shuffle);
                    lo[r] = _mm256_add_epi32(lo[r], _mm256_madd_epi16(v, wl));
                    hi[r] = _mm256_add_epi32(hi[r], _mm256_madd_epi16(v, wh));
                }
            }
            for (int r = 0; r < rows; r++) sums[r][i] = _mm256_add_epi32(_mm256_slli_epi32(hi[r], 15), lo[r]);
        }
        for (int r = 0; r < rows; r++) h_store4(h_finish4(sums[r], bpp), dst + r * dst_stride + x0 * bpp, n, bpp);
    }
}

AVX2 void ctk_h_rows_avx2(const ctk_hplan *plan, const uint8_t *src, ptrdiff_t src_stride, uint8_t *dst,
                          ptrdiff_t dst_stride, int rows) {
    CTK_SPECIALISE_ROWS_BPP(h_rows, plan, src, src_stride, dst, dst_stride, rows, plan->bpp);
}

/// 32 bytes at offset b of output row y: taps in pairs, bytes of rows j and j+1 interleaved into 16-bit pairs.
AVX2_INLINE void v_block(const uint8_t *rows, ptrdiff_t src_stride, ptrdiff_t count,
                         const int32_t *pairs, uint8_t *out, ptrdiff_t b) {
    const __m256i zero = _mm256_setzero_si256();
    __m256i l0 = zero, l1 = zero, l2 = zero, l3 = zero, h0 = zero, h1 = zero, h2 = zero, h3 = zero;
    for (ptrdiff_t j = 0; j < count; j += 2) {
        const uint8_t *r0 = rows + j * src_stride + b;
        __m256i a = _mm256_loadu_si256((const __m256i *)r0);
        // An odd last tap pairs with zeros (its partner weight is 0 too).
        __m256i c = j + 1 < count ? _mm256_loadu_si256((const __m256i *)(r0 + src_stride)) : zero;
        __m256i lo8 = _mm256_unpacklo_epi8(a, c), hi8 = _mm256_unpackhi_epi8(a, c);
        __m256i w0 = _mm256_unpacklo_epi8(lo8, zero), w1 = _mm256_unpackhi_epi8(lo8, zero);
        __m256i w2 = _mm256_unpacklo_epi8(hi8, zero), w3 = _mm256_unpackhi_epi8(hi8, zero);
        __m256i wl = _mm256_set1_epi32(pairs[j]), wh = _mm256_set1_epi32(pairs[j + 1]);
        l0 = _mm256_add_epi32(l0, _mm256_madd_epi16(w0, wl));
        l1 = _mm256_add_epi32(l1, _mm256_madd_epi16(w1, wl));
        l2 = _mm256_add_epi32(l2, _mm256_madd_epi16(w2, wl));
        l3 = _mm256_add_epi32(l3, _mm256_madd_epi16(w3, wl));
        h0 = _mm256_add_epi32(h0, _mm256_madd_epi16(w0, wh));
        h1 = _mm256_add_epi32(h1, _mm256_madd_epi16(w1, wh));
        h2 = _mm256_add_epi32(h2, _mm256_madd_epi16(w2, wh));
        h3 = _mm256_add_epi32(h3, _mm256_madd_epi16(w3, wh));
    }
    const __m256i half = _mm256_set1_epi32((int)CTK_HALF);
#define CTK_FINISH(l, h) _mm256_srai_epi32(_mm256_add_epi32(_mm256_add_epi32(_mm256_slli_epi32(h, 15), l), half), CTK_PRECISION_BITS)
    __m256i p01 = _mm256_packs_epi32(CTK_FINISH(l0, h0), CTK_FINISH(l1, h1));
    __m256i p23 = _mm256_packs_epi32(CTK_FINISH(l2, h2), CTK_FINISH(l3, h3));
#undef CTK_FINISH
    // The unpacks and packs both work within 128-bit lanes, so bytes come back in their original order.
    _mm256_storeu_si256((__m256i *)(out + b), _mm256_packus_epi16(p01, p23));
}

AVX2 void ctk_v_row_avx2(const ctk_vplan *plan, const uint8_t *src, ptrdiff_t src_stride, uint8_t *out, ptrdiff_t y,
                         ptrdiff_t row_bytes) {
    CTK_EACH_BLOCK_OF_ROW(v_block, 32, plan, src, src_stride, out, y, row_bytes);
}

#endif
