// AVX-512 VNNI 8-bit resize passes on 256-bit vectors (vpdpbusd: four byte x signed-byte products added to each
// 32-bit lane). Compiled for the x86-64 baseline; only these functions use AVX-512 (target attribute), and they run
// only for plans laid out for CTK_LEVEL_AVX512 (made only when ctk_cpu_level() allows it).
//
// A weight k is three signed-byte digits, k = d0 + d1 * 2^8 + d2 * 2^16; three accumulators sum the byte x digit
// products exactly, and s0 + (s1 << 8) + (s2 << 16) is Pillow's int32 sum in wrapping arithmetic.
#include "Resample8Internal.h"
#include "Resample8VectorCommon.h"

#if CTK_X86
#include <immintrin.h>

#define VNNI __attribute__((target("avx2,avx512f,avx512bw,avx512vl,avx512vnni,avx512vbmi")))
#define VNNI_INLINE __attribute__((target("avx2,avx512f,avx512bw,avx512vl,avx512vnni,avx512vbmi"), always_inline)) static inline

/// The three digit sums as one int32 sum (256-bit lanes).
VNNI_INLINE __m256i combine_digits(__m256i s0, __m256i s1, __m256i s2) {
    return _mm256_add_epi32(_mm256_add_epi32(s0, _mm256_slli_epi32(s1, 8)), _mm256_slli_epi32(s2, 16));
}

/// A group's 32 bytes in its byte slots: each 16-byte half holds its own pixels (3 bytes/pixel: the second half
/// starts at byte 12, moved there by a dword permute), then an in-half shuffle gathers four taps of a channel per lane.
VNNI_INLINE __m256i h_load(const uint8_t *p, const int bpp, __m256i shuffle) {
    __m256i v = _mm256_loadu_si256((const __m256i *)p);
    if (bpp == 1) return v;
    if (bpp == 3) v = _mm256_permutevar8x32_epi32(v, _mm256_setr_epi32(0, 1, 2, 3, 3, 4, 5, 6));
    return _mm256_shuffle_epi8(v, shuffle);
}

/// `rows` consecutive rows (1 or 4: the weights are loaded once for all of them), outputs four at a time.
VNNI_INLINE void h_rows(const ctk_hplan *plan, const uint8_t *src, ptrdiff_t src_stride, uint8_t *dst,
                        ptrdiff_t dst_stride, const int rows, const int bpp) {
    const __m256i shuffle = _mm256_loadu_si256((const __m256i *)plan->shuffle);
    const ptrdiff_t gbytes = plan->group_bytes, width = plan->out_width;
    for (ptrdiff_t x0 = 0; x0 < width; x0 += 4) {
        const int n = width - x0 < 4 ? (int)(width - x0) : 4;
        __m256i sums[4][4];  // [row][output]
        for (int i = 0; i < 4; i++) {
            if (i >= n) {
                for (int r = 0; r < rows; r++) sums[r][i] = _mm256_setzero_si256();
                continue;
            }
            const ptrdiff_t x = x0 + i;
            const uint8_t *w = plan->weights + plan->wstart[x];
            const uint8_t *p = src + plan->first[x] * bpp;
            const ptrdiff_t groups = plan->groups[x];
            __m256i s0[4], s1[4], s2[4];
            for (int r = 0; r < rows; r++) s0[r] = s1[r] = s2[r] = _mm256_setzero_si256();
            for (ptrdiff_t g = 0; g < groups; g++) {
                const __m256i d0 = _mm256_load_si256((const __m256i *)(w + g * 96));
                const __m256i d1 = _mm256_load_si256((const __m256i *)(w + g * 96 + 32));
                const __m256i d2 = _mm256_load_si256((const __m256i *)(w + g * 96 + 64));
                for (int r = 0; r < rows; r++) {
                    __m256i v = h_load(p + r * src_stride + g * gbytes, bpp, shuffle);
                    s0[r] = _mm256_dpbusd_epi32(s0[r], v, d0);
                    s1[r] = _mm256_dpbusd_epi32(s1[r], v, d1);
                    s2[r] = _mm256_dpbusd_epi32(s2[r], v, d2);
                }
            }
            for (int r = 0; r < rows; r++) sums[r][i] = combine_digits(s0[r], s1[r], s2[r]);
        }
        for (int r = 0; r < rows; r++) h_store4(h_finish4(sums[r], bpp), dst + r * dst_stride + x0 * bpp, n, bpp);
    }
}

VNNI void ctk_h_rows_vnni(const ctk_hplan *plan, const uint8_t *src, ptrdiff_t src_stride, uint8_t *dst,
                          ptrdiff_t dst_stride, int rows) {
    CTK_SPECIALISE_ROWS_BPP(h_rows, plan, src, src_stride, dst, dst_stride, rows, plan->bpp);
}

/// The window layout (Resample8Internal.h): per block of outputs, per tap quad, one vpermb of the row's 64-byte
/// window puts four taps of each (output, channel) in a 32-bit lane; the lanes end as the block's output bytes.
VNNI_INLINE void window_rows(const ctk_hplan *plan, const uint8_t *src, ptrdiff_t src_stride, uint8_t *dst,
                             ptrdiff_t dst_stride, const int rows, const int bpp) {
    const int outputs = bpp == 3 ? 4 : 16 / bpp;
    const __m512i half = _mm512_set1_epi32((int)CTK_HALF), zero = _mm512_setzero_si512();
    // 3 bytes per pixel: lanes R G B - per output; the bytes of the unused lanes are dropped before the store.
    const __m128i rgb = _mm_setr_epi8(0, 1, 2, 4, 5, 6, 8, 9, 10, 12, 13, 14, -1, -1, -1, -1);
    for (ptrdiff_t b = 0; b < plan->blocks; b++) {
        const uint8_t *w = plan->weights + plan->wstart[b];
        const __m512i control = _mm512_load_si512((const void *)w);
        const uint8_t *p = src + plan->window[b];
        __m512i s0[4], s1[4], s2[4];
        for (int r = 0; r < rows; r++) s0[r] = s1[r] = s2[r] = zero;
        for (ptrdiff_t q = 0; q < plan->groups[b]; q++) {
            const uint8_t *d = w + 64 + q * 192;
            const __m512i d0 = _mm512_load_si512((const void *)d);
            const __m512i d1 = _mm512_load_si512((const void *)(d + 64));
            const __m512i d2 = _mm512_load_si512((const void *)(d + 128));
            for (int r = 0; r < rows; r++) {
                __m512i v = _mm512_permutexvar_epi8(control, _mm512_loadu_si512((const void *)(p + r * src_stride + q * 4 * bpp)));
                s0[r] = _mm512_dpbusd_epi32(s0[r], v, d0);
                s1[r] = _mm512_dpbusd_epi32(s1[r], v, d1);
                s2[r] = _mm512_dpbusd_epi32(s2[r], v, d2);
            }
        }
        const ptrdiff_t x0 = b * outputs;
        const ptrdiff_t n = plan->out_width - x0 < outputs ? plan->out_width - x0 : outputs;
        const __mmask16 store = (__mmask16)((1u << (n * bpp)) - 1);
        for (int r = 0; r < rows; r++) {
            __m512i t = _mm512_add_epi32(s0[r], _mm512_slli_epi32(s1[r], 8));
            t = _mm512_add_epi32(_mm512_add_epi32(t, _mm512_slli_epi32(s2[r], 16)), half);
            t = _mm512_max_epi32(_mm512_srai_epi32(t, CTK_PRECISION_BITS), zero);  // clamp below; vpmovusdb above
            __m128i bytes = _mm512_cvtusepi32_epi8(t);
            if (bpp == 3) bytes = _mm_shuffle_epi8(bytes, rgb);
            _mm_mask_storeu_epi8(dst + r * dst_stride + x0 * bpp, store, bytes);
        }
    }
}

VNNI void ctk_h_rows_window(const ctk_hplan *plan, const uint8_t *src, ptrdiff_t src_stride, uint8_t *dst,
                            ptrdiff_t dst_stride, int rows) {
    CTK_SPECIALISE_ROWS_BPP(window_rows, plan, src, src_stride, dst, dst_stride, rows, plan->bpp);
}

/// The vertical block for one vector width: `V` bytes at offset b of output row y, taps four at a time, the bytes
/// of rows j...j+3 interleaved into 32-bit lanes. Unpacks and packs work within 128-bit lanes at every width, so
/// bytes come back in their original order.
#define CTK_V_BLOCK(name, V, vec, P)                                                                            \
    VNNI_INLINE void name(const uint8_t *rows, ptrdiff_t src_stride, ptrdiff_t count, const int32_t *words,      \
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

VNNI void ctk_v_row_vnni(const ctk_vplan *plan, const uint8_t *src, ptrdiff_t src_stride, uint8_t *out, ptrdiff_t y,
                         ptrdiff_t row_bytes) {
    if (row_bytes >= 64) CTK_EACH_BLOCK_OF_ROW(v_block64, 64, plan, src, src_stride, out, y, row_bytes);
    else CTK_EACH_BLOCK_OF_ROW(v_block32, 32, plan, src, src_stride, out, y, row_bytes);
}

#endif
