// Private to the scale-and-translate kernels: the per-level entry points the dispatcher in ScaleTranslate.c calls.
#ifndef IMAGO_SCALE_TRANSLATE_INTERNAL_H
#define IMAGO_SCALE_TRANSLATE_INTERNAL_H

#include "KernelsCPU.h"
#include "TransformsKernels.h"

#define CTK_ST_DECLARE(suffix)                                                                                         \
    void ctk_st_vertical_##suffix(const void *src, int sample_type, ptrdiff_t src_stride, const float *weights,         \
                                  int taps, int runs, const int32_t *run_bounds, float *dst, ptrdiff_t samples,        \
                                  int fused);                                                                          \
    void ctk_st_vertical_pointers_##suffix(const float *const *rows, const float *weights, int taps, int runs,          \
                                           const int32_t *run_bounds, float *dst, ptrdiff_t samples, int fused);       \
    void ctk_st_horizontal_##suffix(const float *row, int channels, const int32_t *first, const int32_t *offset,       \
                                    const int32_t *count, const float *weights, int outputs, float *dst, int fused);

/// One group of the regrouped horizontal pass: `lanes` output samples from `sample` on, whose taps read the window of
/// 32 floats at `base + k * channels` for tap k < `taps`; their weights start at `weights` (16 floats per tap).
typedef struct {
    int64_t sample, base, weights;
    int lanes, taps;
} ctk_st_hgroup;

/// A regrouped width pass. AVX-512 (`pairs` 0): `count` groups, 16 window offsets each in `index`. AVX2 (`pairs` 1):
/// `count` pairs of neighbouring pixels, pair p holding pixels 2p and 2p + 1 (the last one alone when `outputs` is
/// odd), every pair summing `taps` taps (the most any pixel has): for tap k the pixels read the samples at
/// index[2 * (p * taps + k)] and the next, with the 8 weights at weights + 8 * (p * taps + k) (4 lanes each); past a
/// pixel's own taps its weight is 0 and it reads its last tap again (an exact zero added, the sample being finite).
struct ctk_st_hgroups {
    int channels, count, outputs;
    int pairs;
    int taps;
    ctk_st_hgroup *group;
    int32_t *index;
    float *weights;
};

/// The level the passes run at: the lower of `level` and the CPU's, and plain when the CPU lacks FMA.
int ctk_st_level(int level);

CTK_ST_DECLARE(plain)
#if CTK_X86
CTK_ST_DECLARE(avx2)
CTK_ST_DECLARE(avx512)
void ctk_st_horizontal_grouped_avx512(const ctk_st_hgroups *g, const float *row, ptrdiff_t samples, float *dst,
                                      int fused);
void ctk_st_horizontal_pairs_avx2(const ctk_st_hgroups *g, const float *row, float *dst, int fused);
#endif

#endif
