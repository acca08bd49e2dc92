// The scale-and-translate passes at CTK_LEVEL_AVX512: 16 floats per vector. Compiled for the x86-64 baseline; only
// these functions use AVX-512 (target attribute), called only when ctk_cpu_level() allows it.
#include "KernelsCPU.h"

#if CTK_X86
#define ST_ENTRY __attribute__((target("avx512f,avx512vl,fma")))
#define ST_NAME(n) n##_avx512
#define ST_LANES 16
#include "ScaleTranslateTemplate.h"
#endif

#if CTK_X86
#include <immintrin.h>

/// The regrouped horizontal pass (see ScaleTranslateGroups.c): per group and tap, the window of 32 floats at
/// base + k * channels (masked at the row's end: never read past it), each lane's sample picked by one permute, then
/// acc = fma(x, w, acc) or acc + w * x, lane by lane in tap order as ctk_st_horizontal.
__attribute__((target("avx512f,avx512vl,fma"))) void
ctk_st_horizontal_grouped_avx512(const ctk_st_hgroups *g, const float *row, ptrdiff_t samples, float *dst, int fused) {
    const int step = g->channels;
    for (int gi = 0; gi < g->count; gi++) {
        const ctk_st_hgroup *group = &g->group[gi];
        const __m512i index = _mm512_load_si512((const void *)(g->index + (size_t)gi * 16));
        const float *w = g->weights + group->weights;
        __m512 acc = _mm512_setzero_ps();
        ptrdiff_t at = (ptrdiff_t)group->base;
        for (int k = 0; k < group->taps; k++, at += step, w += 16) {
            __m512 low, high;
            if (at + 32 <= samples) {
                low = _mm512_loadu_ps(row + at);
                high = _mm512_loadu_ps(row + at + 16);
            } else {
                const ptrdiff_t left = samples - at;  // a padded tap may start past the end: nothing to read
                const __mmask16 lm = left >= 16 ? (__mmask16)0xFFFF : left <= 0 ? 0 : (__mmask16)((1u << left) - 1);
                const __mmask16 hm = left >= 32 ? (__mmask16)0xFFFF : left <= 16 ? 0 : (__mmask16)((1u << (left - 16)) - 1);
                low = _mm512_maskz_loadu_ps(lm, row + at);
                high = _mm512_maskz_loadu_ps(hm, row + at + 16);
            }
            const __m512 x = _mm512_permutex2var_ps(low, index, high);
            const __m512 wk = _mm512_load_ps(w);
            acc = fused ? _mm512_fmadd_ps(x, wk, acc) : _mm512_add_ps(acc, _mm512_mul_ps(wk, x));
        }
        const __mmask16 out = group->lanes >= 16 ? (__mmask16)0xFFFF : (__mmask16)((1u << group->lanes) - 1);
        _mm512_mask_storeu_ps(dst + group->sample, out, acc);
    }
}
#endif
