// AVX-512 8-bit resize passes (vpdpbusd: four byte x signed-byte products added to each 32-bit lane; vpermb: any
// byte of a 64-byte window to any slot). Compiled for the x86-64 baseline; only these functions use AVX-512 (target
// attribute), and they run only for plans laid out for CTK_LEVEL_AVX512 (made only when ctk_cpu_level() allows it).
//
// A weight k is three signed-byte digits, k = d0 + d1 * 2^8 + d2 * 2^16; three accumulators sum the byte x digit
// products exactly, and s0 + (s1 << 8) + (s2 << 16) is Pillow's int32 sum in wrapping arithmetic.
#include "Resample8Internal.h"
#include "Resample8VectorCommon.h"

#if CTK_X86
#include <immintrin.h>

#define AVX512 __attribute__((target("avx2,avx512f,avx512bw,avx512vl,avx512vnni,avx512vbmi")))
#define AVX512_INLINE __attribute__((target("avx2,avx512f,avx512bw,avx512vl,avx512vnni,avx512vbmi"), always_inline)) static inline

/// The three digit sums of one vector as one int32 sum per lane.
AVX512_INLINE __m512i combine_digits(__m512i s0, __m512i s1, __m512i s2) {
    return _mm512_add_epi32(_mm512_add_epi32(s0, _mm512_slli_epi32(s1, 8)), _mm512_slli_epi32(s2, 16));
}

/// [a0 + a1, a2 + a3, b0 + b1, b2 + b3] over the 128-bit quarters of a and b: adds each quarter to its part partner.
AVX512_INLINE __m512i fold_parts(__m512i a, __m512i b) {
    return _mm512_add_epi32(_mm512_shuffle_i32x4(a, b, _MM_SHUFFLE(2, 0, 2, 0)),
                            _mm512_shuffle_i32x4(a, b, _MM_SHUFFLE(3, 1, 3, 1)));
}

/// One window vector's sums for `rows` rows: per step, vpermb of the row's 64-byte window (moved `step_bytes` on)
/// and three vpdpbusd, one per digit.
AVX512_INLINE void window_vector(const ctk_hplan *plan, const ctk_window_vector *vec, const uint8_t *src,
                               ptrdiff_t src_stride, const int rows, const int step_bytes, __m512i sums[4]) {
    const uint8_t *w = plan->weights + vec->wstart;
    const __m512i control = _mm512_load_si512((const void *)w);
    const uint8_t *p = src + vec->window;
    __m512i s0[4], s1[4], s2[4];
    for (int r = 0; r < rows; r++) s0[r] = s1[r] = s2[r] = _mm512_setzero_si512();
    for (ptrdiff_t q = 0; q < vec->steps; q++) {
        const uint8_t *d = w + 64 + q * 192;
        const __m512i d0 = _mm512_load_si512((const void *)d);
        const __m512i d1 = _mm512_load_si512((const void *)(d + 64));
        const __m512i d2 = _mm512_load_si512((const void *)(d + 128));
        for (int r = 0; r < rows; r++) {
            __m512i v = _mm512_permutexvar_epi8(control, _mm512_loadu_si512((const void *)(p + r * src_stride + q * step_bytes)));
            s0[r] = _mm512_dpbusd_epi32(s0[r], v, d0);
            s1[r] = _mm512_dpbusd_epi32(s1[r], v, d1);
            s2[r] = _mm512_dpbusd_epi32(s2[r], v, d2);
        }
    }
    for (int r = 0; r < rows; r++) sums[r] = combine_digits(s0[r], s1[r], s2[r]);
}

/// The window layout (Resample8Internal.h) for `rows` rows, blocks of `parts` vectors.
AVX512_INLINE void window_rows(const ctk_hplan *plan, const uint8_t *src, ptrdiff_t src_stride, uint8_t *dst,
                             ptrdiff_t dst_stride, const int rows, const int bpp, const int parts) {
    const int outputs = bpp == 3 ? 4 : 16 / bpp, step_bytes = 4 * parts * bpp;
    const __m512i half = _mm512_set1_epi32((int)CTK_HALF), zero = _mm512_setzero_si512();
    // 3 bytes per pixel: lanes R G B - per output; the bytes of the unused lanes are dropped before the store.
    const __m128i rgb = _mm_setr_epi8(0, 1, 2, 4, 5, 6, 8, 9, 10, 12, 13, 14, -1, -1, -1, -1);
    for (ptrdiff_t b = 0; b < plan->blocks; b++) {
        const ctk_window_vector *vec = plan->vectors + b * parts;
        __m512i sums[4], a[4], c[4];
        if (parts == 1) {
            window_vector(plan, vec, src, src_stride, rows, step_bytes, sums);
        } else if (parts == 2) {
            window_vector(plan, vec, src, src_stride, rows, step_bytes, a);
            window_vector(plan, vec + 1, src, src_stride, rows, step_bytes, c);
            for (int r = 0; r < rows; r++) sums[r] = fold_parts(a[r], c[r]);
        } else {
            window_vector(plan, vec, src, src_stride, rows, step_bytes, a);
            window_vector(plan, vec + 1, src, src_stride, rows, step_bytes, c);
            for (int r = 0; r < rows; r++) sums[r] = fold_parts(a[r], c[r]);
            window_vector(plan, vec + 2, src, src_stride, rows, step_bytes, a);
            window_vector(plan, vec + 3, src, src_stride, rows, step_bytes, c);
            for (int r = 0; r < rows; r++) sums[r] = fold_parts(sums[r], fold_parts(a[r], c[r]));
        }
        const ptrdiff_t x0 = b * outputs;
        const ptrdiff_t n = plan->out_width - x0 < outputs ? plan->out_width - x0 : outputs;
        const __mmask16 store = (__mmask16)((1u << (n * bpp)) - 1);
        for (int r = 0; r < rows; r++) {
            __m512i t = _mm512_srai_epi32(_mm512_add_epi32(sums[r], half), CTK_PRECISION_BITS);
            __m128i bytes = _mm512_cvtusepi32_epi8(_mm512_max_epi32(t, zero));  // clamp: below by max, above by vpmovusdb
            if (bpp == 3) bytes = _mm_shuffle_epi8(bytes, rgb);
            _mm_mask_storeu_epi8(dst + r * dst_stride + x0 * bpp, store, bytes);
        }
    }
}

AVX512_INLINE void window_rows_1(const ctk_hplan *plan, const uint8_t *src, ptrdiff_t src_stride, uint8_t *dst,
                               ptrdiff_t dst_stride, const int rows, const int bpp) {
    window_rows(plan, src, src_stride, dst, dst_stride, rows, bpp, 1);
}

AVX512_INLINE void window_rows_2(const ctk_hplan *plan, const uint8_t *src, ptrdiff_t src_stride, uint8_t *dst,
                               ptrdiff_t dst_stride, const int rows, const int bpp) {
    window_rows(plan, src, src_stride, dst, dst_stride, rows, bpp, 2);
}

AVX512_INLINE void window_rows_4(const ctk_hplan *plan, const uint8_t *src, ptrdiff_t src_stride, uint8_t *dst,
                               ptrdiff_t dst_stride, const int rows, const int bpp) {
    window_rows(plan, src, src_stride, dst, dst_stride, rows, bpp, 4);
}

AVX512 void ctk_h_rows_window(const ctk_hplan *plan, const uint8_t *src, ptrdiff_t src_stride, uint8_t *dst,
                            ptrdiff_t dst_stride, int rows) {
    switch (plan->window_parts) {
    case 1: CTK_SPECIALISE_ROWS_BPP(window_rows_1, plan, src, src_stride, dst, dst_stride, rows, plan->bpp); break;
    case 2: CTK_SPECIALISE_ROWS_BPP(window_rows_2, plan, src, src_stride, dst, dst_stride, rows, plan->bpp); break;
    default: CTK_SPECIALISE_ROWS_BPP(window_rows_4, plan, src, src_stride, dst, dst_stride, rows, plan->bpp); break;
    }
}

/// The vertical block for one vector width: `V` bytes at offset b of output row y, taps four at a time, the bytes
/// of rows j...j+3 interleaved into 32-bit lanes. Unpacks and packs work within 128-bit lanes at every width, so
/// bytes come back in their original order.
#define CTK_V_BLOCK(name, V, vec, P)                                                                            \
    AVX512_INLINE void name(const uint8_t *rows, ptrdiff_t src_stride, ptrdiff_t count, const int32_t *words,      \
                          uint8_t *out, ptrdiff_t b) {                                                          \
        const vec zero = P##_setzero_si##V();                                                                   \
        vec a[4][3]; /* [column quarter][digit] */                                                              \
        for (int q = 0; q < 4; q++) a[q][0] = a[q][1] = a[q][2] = zero;                                         \
        for (ptrdiff_t j = 0; j < count; j += 4, words += 3) {                                                  \
            const uint8_t *r0 = rows + j * src_stride + b;                                                      \
            /* Rows past the last tap are zeros (their digits are 0 too) and are not read. */                   \
            vec v0 = P##_loadu_si##V((const void *)r0);                                                         \
            vec v1 = j + 1 < count ? P##_loadu_si##V((const void *)(r0 + src_stride)) : zero;                  \
            vec v2 = j + 2 < count ? P##_loadu_si##V((const void *)(r0 + 2 * src_stride)) : zero;              \
            vec v3 = j + 3 < count ? P##_loadu_si##V((const void *)(r0 + 3 * src_stride)) : zero;              \
            vec lo01 = P##_unpacklo_epi8(v0, v1), hi01 = P##_unpackhi_epi8(v0, v1);                             \
            vec lo23 = P##_unpacklo_epi8(v2, v3), hi23 = P##_unpackhi_epi8(v2, v3);                             \
            /* Per 128-bit lane, quarter q holds its columns 4q...4q+3, one column's four rows per 32-bit lane. */ \
            vec c[4] = {P##_unpacklo_epi16(lo01, lo23), P##_unpackhi_epi16(lo01, lo23),                         \
                        P##_unpacklo_epi16(hi01, hi23), P##_unpackhi_epi16(hi01, hi23)};                        \
            for (int d = 0; d < 3; d++) {                                                                       \
                const vec digit = P##_set1_epi32(words[d]);                                                     \
                for (int q = 0; q < 4; q++) a[q][d] = P##_dpbusd_epi32(a[q][d], c[q], digit);                   \
            }                                                                                                   \
        }                                                                                                       \
        const vec half = P##_set1_epi32((int)CTK_HALF);                                                         \
        vec s[4];                                                                                               \
        for (int q = 0; q < 4; q++) {                                                                           \
            vec t = P##_add_epi32(a[q][0], P##_slli_epi32(a[q][1], 8));                                         \
            t = P##_add_epi32(P##_add_epi32(t, P##_slli_epi32(a[q][2], 16)), half);                             \
            s[q] = P##_srai_epi32(t, CTK_PRECISION_BITS);                                                       \
        }                                                                                                       \
        vec p01 = P##_packs_epi32(s[0], s[1]), p23 = P##_packs_epi32(s[2], s[3]);                               \
        P##_storeu_si##V((void *)(out + b), P##_packus_epi16(p01, p23));                                        \
    }

CTK_V_BLOCK(v_block32, 256, __m256i, _mm256)
CTK_V_BLOCK(v_block64, 512, __m512i, _mm512)

AVX512 void ctk_v_row_avx512(const ctk_vplan *plan, const uint8_t *src, ptrdiff_t src_stride, uint8_t *out, ptrdiff_t y,
                         ptrdiff_t row_bytes) {
    if (row_bytes >= 64) CTK_EACH_BLOCK_OF_ROW(v_block64, 64, plan, src, src_stride, out, y, row_bytes);
    else CTK_EACH_BLOCK_OF_ROW(v_block32, 32, plan, src, src_stride, out, y, row_bytes);
}

#endif
