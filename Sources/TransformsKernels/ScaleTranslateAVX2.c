// The scale-and-translate passes at CTK_LEVEL_AVX2 (with FMA): 8 floats per vector. Compiled for the x86-64 baseline;
// only these functions use AVX2/FMA (target attribute), called only when the CPU has both.
#include "KernelsCPU.h"

#if CTK_X86
#define ST_ENTRY __attribute__((target("avx2,fma")))
#define ST_NAME(n) n##_avx2
#define ST_LANES 8
#include "ScaleTranslateTemplate.h"
#endif

#if CTK_X86
#include "ScaleTranslateInternal.h"

#include <immintrin.h>
#include <string.h>

#define ST_PAIRS_TARGET __attribute__((target("avx2,fma")))

/// The AVX2 width pass through pairs (see ScaleTranslateGroups.c), `fused` a constant: each tap is one 4-float load
/// per pixel into the two halves of a vector and one multiply-add, every pair the same number of taps. Each lane sums
/// its own taps in tap order, as ctk_st_horizontal, then exact zeros. `channels`, `fused` and (for the common 2 to 4)
/// `taps` are constants where called, so the tap loop unrolls completely.
static inline __attribute__((always_inline)) ST_PAIRS_TARGET void
st_pairs(const ctk_st_hgroups *g, const float *row, float *dst, const int channels, const int fused, const int taps) {
    for (int p = 0; p < g->count; p++) {
        const int32_t *at = g->index + (size_t)2 * p * taps;
        const float *w = g->weights + (size_t)8 * p * taps;
        const int single = 2 * p + 1 >= g->outputs;
        __m256 acc = _mm256_setzero_ps();
        for (int k = 0; k < taps; k++) {
            // Both pixels' offsets in one 8-byte load (one load fewer per tap: the loop is bound by its loads).
            uint64_t both;
            memcpy(&both, at + 2 * k, sizeof both);
            const int32_t first = (int32_t)(uint32_t)both, second = (int32_t)(uint32_t)(both >> 32);
            const __m256 x = _mm256_insertf128_ps(_mm256_castps128_ps256(_mm_loadu_ps(row + first)),
                                                  _mm_loadu_ps(row + second), 1);
            const __m256 wk = _mm256_load_ps(w + 8 * k);
            acc = fused ? _mm256_fmadd_ps(x, wk, acc) : _mm256_add_ps(acc, _mm256_mul_ps(wk, x));
        }
        float *out = dst + (ptrdiff_t)2 * p * channels;
        if (channels == 4 && !single) {
            _mm256_storeu_ps(out, acc);
        } else if (channels == 3 && p + 1 < g->count) {
            // The two pixels' 6 samples moved together and stored at once; the 2 floats after them land on the next
            // pair's pixel, which its own store rewrites. (Two overlapping 4-float stores cost more than this.)
            _mm256_storeu_ps(out, _mm256_permutevar8x32_ps(acc, _mm256_setr_epi32(0, 1, 2, 4, 5, 6, 7, 7)));
        } else {
            // The row's last pair: exactly its samples.
            float lanes[8];
            _mm256_storeu_ps(lanes, acc);
            memcpy(out, lanes, (size_t)channels * sizeof(float));
            if (!single) memcpy(out + channels, lanes + 4, (size_t)channels * sizeof(float));
        }
    }
}

/// st_pairs for `channels` and `fused`, with the tap count as a constant where it is 2, 3 or 4.
static inline __attribute__((always_inline)) ST_PAIRS_TARGET void
st_pairs_taps(const ctk_st_hgroups *g, const float *row, float *dst, const int channels, const int fused) {
    switch (g->taps) {
    case 2: st_pairs(g, row, dst, channels, fused, 2); break;
    case 3: st_pairs(g, row, dst, channels, fused, 3); break;
    case 4: st_pairs(g, row, dst, channels, fused, 4); break;
    default: st_pairs(g, row, dst, channels, fused, g->taps); break;
    }
}

ST_PAIRS_TARGET void ctk_st_horizontal_pairs_avx2(const ctk_st_hgroups *g, const float *row, float *dst, int fused) {
    if (g->channels == 3) {
        if (fused) st_pairs_taps(g, row, dst, 3, 1); else st_pairs_taps(g, row, dst, 3, 0);
    } else {
        if (fused) st_pairs_taps(g, row, dst, 4, 1); else st_pairs_taps(g, row, dst, 4, 0);
    }
}
#endif
