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

/// The AVX2 width pass: pairs of neighbouring pixels (`pixel` and `pixel + 1`, or `pixel` alone when `single`), every
/// pair summing the same number of taps (`taps` of ctk_st_hgroups: the most any pixel has). For tap k, the pixels
/// read the samples at `offsets[2 * k]` and `offsets[2 * k + 1]` with the 8 weights at `weights + 8 * k` (4 lanes
/// each); past a pixel's own taps its weight is 0 and it reads its last tap again (an exact zero added, the sample
/// being finite).
typedef struct {
    int64_t weights, offsets;
    int32_t pixel, single;
} ctk_st_hpair;

struct ctk_st_hgroups {
    int channels, count;
    int pairs;  ///< 1: `pair` holds AVX2 pairs; 0: `group` and `index` hold AVX-512 groups
    int taps;   ///< taps of every pair
    ctk_st_hgroup *group;
    ctk_st_hpair *pair;
    int32_t *index;  ///< 16 window offsets per group, or 2 sample offsets per pair and tap
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
