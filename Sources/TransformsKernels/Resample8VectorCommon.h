// Private to the kernels: what the AVX2 and AVX-512 VNNI passes share. Turning four outputs' 32-bit lane sums into
// bytes (both horizontal layouts fold a group's lanes alike: see Resample8Internal.h), the specialisation of a row
// kernel on its row count and pixel size, and the walk over a vertical output row in 32-byte blocks.
#ifndef IMAGO_TRANSFORMS_KERNELS_VECTOR_COMMON_H
#define IMAGO_TRANSFORMS_KERNELS_VECTOR_COMMON_H

#include "Resample8Internal.h"

#if CTK_X86
#include <immintrin.h>
#include <string.h>

#define CTK_AVX2_INLINE __attribute__((target("avx2"), always_inline)) static inline

/// Four outputs' group sums (32-bit lanes of `s[i]` as `h_rows` accumulates them) to their bytes: per channel the
/// lanes are added, rounded, shifted and clamped, and the 4 pixels x bpp bytes come back packed from byte 0.
CTK_AVX2_INLINE __m128i h_finish4(const __m256i *s, const int bpp) {
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
CTK_AVX2_INLINE void h_store4(__m128i v, uint8_t *out, int n, const int bpp) {
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

/// Calls the always-inline `kernel(plan, src, src_stride, dst, dst_stride, ROWS, BPP)` with ROWS (1 or 4) and
/// BPP (1...4) as constants, so each combination compiles to its own specialised loop.
#define CTK_SPECIALISE_ROWS_BPP(kernel, plan, src, src_stride, dst, dst_stride, rows, bpp)                     \
    do {                                                                                                       \
        switch ((rows) == 4 ? (bpp) : -(bpp)) {                                                                \
        case 1: kernel(plan, src, src_stride, dst, dst_stride, 4, 1); break;                                   \
        case 2: kernel(plan, src, src_stride, dst, dst_stride, 4, 2); break;                                   \
        case 3: kernel(plan, src, src_stride, dst, dst_stride, 4, 3); break;                                   \
        case 4: kernel(plan, src, src_stride, dst, dst_stride, 4, 4); break;                                   \
        case -1: kernel(plan, src, src_stride, dst, dst_stride, 1, 1); break;                                  \
        case -2: kernel(plan, src, src_stride, dst, dst_stride, 1, 2); break;                                  \
        case -3: kernel(plan, src, src_stride, dst, dst_stride, 1, 3); break;                                  \
        default: kernel(plan, src, src_stride, dst, dst_stride, 1, 4); break;                                  \
        }                                                                                                      \
    } while (0)

/// Output row y of a vertical pass (row_bytes >= size) as `block(rows, src_stride, count, words, out, b)` calls for
/// `size`-byte blocks at offsets b; the last block overlaps the previous one when row_bytes is not a multiple of
/// `size` (the same values are rewritten).
#define CTK_EACH_BLOCK_OF_ROW(block, size, plan, src, src_stride, out, y, row_bytes)                           \
    do {                                                                                                       \
        const uint8_t *rows_ = (src) + (plan)->first[y] * (src_stride);                                        \
        const int32_t *words_ = (plan)->words + (plan)->pstart[y];                                             \
        for (ptrdiff_t b_ = 0;; b_ += (size)) {                                                                \
            if (b_ + (size) > (row_bytes)) b_ = (row_bytes) - (size);                                          \
            block(rows_, src_stride, (plan)->count[y], words_, out, b_);                                       \
            if (b_ + (size) >= (row_bytes)) break;                                                             \
        }                                                                                                      \
    } while (0)

#endif

#endif
