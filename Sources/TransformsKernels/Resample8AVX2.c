// AVX2 8-bit resize passes. Compiled for the x86-64 baseline; only these functions use AVX2 (target attribute),
// and they run only after ctk_resample8_has_avx2() said yes.
#include "Resample8Internal.h"

#if CTK_X86
#include <immintrin.h>
#include <string.h>

#define AVX2 __attribute__((target("avx2")))
#define AVX2_INLINE __attribute__((target("avx2"), always_inline)) static inline

/// 16 bytes from p as the group's 16-bit slots.
AVX2_INLINE __m256i h_load(const uint8_t *p, int bpp, __m256i shuffle) {
    __m128i bytes = _mm_loadu_si128((const __m128i *)p);
    if (bpp == 1) return _mm256_cvtepu8_epi16(bytes);
    return _mm256_shuffle_epi8(_mm256_broadcastsi128_si256(bytes), shuffle);
}

/// Per-channel sums of a group accumulator in the low lanes (channel c in 32-bit lane c), rounded, shifted, clamped,
/// and stored as bpp bytes.
AVX2_INLINE void h_store(__m256i lo, __m256i hi, int bpp, uint8_t *out) {
    __m256i s = _mm256_add_epi32(_mm256_slli_epi32(hi, 15), lo);
    __m128i t = _mm_add_epi32(_mm256_castsi256_si128(s), _mm256_extracti128_si256(s, 1));
    if (bpp <= 2) t = _mm_add_epi32(t, _mm_shuffle_epi32(t, _MM_SHUFFLE(1, 0, 3, 2)));
    if (bpp == 1) t = _mm_add_epi32(t, _mm_shuffle_epi32(t, _MM_SHUFFLE(2, 3, 0, 1)));
    t = _mm_srai_epi32(_mm_add_epi32(t, _mm_set1_epi32((int)CTK_HALF)), CTK_PRECISION_BITS);
    t = _mm_packus_epi16(_mm_packs_epi32(t, t), t);  // saturations clamp to 0...255
    uint32_t v = (uint32_t)_mm_cvtsi128_si32(t);
    memcpy(out, &v, (size_t)bpp);
}

/// `rows` consecutive rows (1 or 4: the weights are loaded once for all of them).
AVX2_INLINE void h_rows(const ctk_hplan *plan, const uint8_t *src, ptrdiff_t src_stride, uint8_t *dst,
                        ptrdiff_t dst_stride, const int rows, const int bpp) {
    const __m256i shuffle = _mm256_loadu_si256((const __m256i *)plan->shuffle);
    const ptrdiff_t gbytes = plan->group_bytes;
    for (ptrdiff_t x = 0; x < plan->out_width; x++) {
        const int16_t *w = plan->weights + plan->wstart[x];
        const uint8_t *p = src + plan->first[x] * bpp;
        const ptrdiff_t groups = plan->groups[x];
        __m256i lo[4], hi[4];
        for (int r = 0; r < rows; r++) lo[r] = hi[r] = _mm256_setzero_si256();
        for (ptrdiff_t g = 0; g < groups; g++) {
            const __m256i wl = _mm256_load_si256((const __m256i *)(w + g * 32));
            const __m256i wh = _mm256_load_si256((const __m256i *)(w + g * 32 + 16));
            for (int r = 0; r < rows; r++) {
                __m256i v = h_load(p + r * src_stride + g * gbytes, bpp, shuffle);
                lo[r] = _mm256_add_epi32(lo[r], _mm256_madd_epi16(v, wl));
                hi[r] = _mm256_add_epi32(hi[r], _mm256_madd_epi16(v, wh));
            }
        }
        for (int r = 0; r < rows; r++) h_store(lo[r], hi[r], bpp, dst + r * dst_stride + x * bpp);
    }
}

AVX2_INLINE void h_range(const ctk_hplan *plan, const uint8_t *src, ptrdiff_t src_stride, ptrdiff_t src_bytes,
                         uint8_t *dst, ptrdiff_t dst_stride, ptrdiff_t r, ptrdiff_t row_end, const int bpp) {
    // Vector loads may read up to read_end bytes past a row's start; rows too close to the buffer's end run in plain C.
    for (; r + 4 <= row_end && (r + 3) * src_stride + plan->read_end <= src_bytes; r += 4)
        h_rows(plan, src + r * src_stride, src_stride, dst + r * dst_stride, dst_stride, 4, bpp);
    for (; r < row_end; r++) {
        if (r * src_stride + plan->read_end <= src_bytes)
            h_rows(plan, src + r * src_stride, src_stride, dst + r * dst_stride, dst_stride, 1, bpp);
        else
            ctk_h_row_scalar(plan, src + r * src_stride, dst + r * dst_stride);
    }
}

AVX2 void ctk_h_avx2(const ctk_hplan *plan, const uint8_t *src, ptrdiff_t src_stride, ptrdiff_t src_bytes,
                     uint8_t *dst, ptrdiff_t dst_stride, ptrdiff_t row_begin, ptrdiff_t row_end) {
    switch (plan->bpp) {
    case 1: h_range(plan, src, src_stride, src_bytes, dst, dst_stride, row_begin, row_end, 1); break;
    case 2: h_range(plan, src, src_stride, src_bytes, dst, dst_stride, row_begin, row_end, 2); break;
    case 3: h_range(plan, src, src_stride, src_bytes, dst, dst_stride, row_begin, row_end, 3); break;
    default: h_range(plan, src, src_stride, src_bytes, dst, dst_stride, row_begin, row_end, 4); break;
    }
}

/// 32 bytes at offset b of output row y: taps in pairs, bytes of rows j and j+1 interleaved into 16-bit pairs.
AVX2_INLINE void v_block(const ctk_vplan *plan, const uint8_t *rows, ptrdiff_t src_stride, ptrdiff_t count,
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
    (void)plan;
}

AVX2 void ctk_v_avx2(const ctk_vplan *plan, const uint8_t *src, ptrdiff_t src_stride,
                     uint8_t *dst, ptrdiff_t dst_stride, ptrdiff_t row_bytes, ptrdiff_t y_begin, ptrdiff_t y_end) {
    for (ptrdiff_t y = y_begin; y < y_end; y++) {
        uint8_t *out = dst + y * dst_stride;
        if (row_bytes < 32) {
            ctk_v_bytes_scalar(plan, src, src_stride, out, y, 0, row_bytes);
            continue;
        }
        const uint8_t *rows = src + plan->first[y] * src_stride;
        const int32_t *pairs = plan->pairs + plan->pstart[y];
        const ptrdiff_t count = plan->count[y];
        // The last block overlaps the previous one when row_bytes is not a multiple of 32: same values rewritten.
        for (ptrdiff_t b = 0;; b += 32) {
            if (b + 32 > row_bytes) b = row_bytes - 32;
            v_block(plan, rows, src_stride, count, pairs, out, b);
            if (b + 32 >= row_bytes) break;
        }
    }
}

#endif
