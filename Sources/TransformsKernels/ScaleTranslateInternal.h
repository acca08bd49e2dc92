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

struct ctk_st_hgroups {
    int channels, count;
    ctk_st_hgroup *group;
    int32_t *index;  ///< 16 window offsets per group
    float *weights;
};

CTK_ST_DECLARE(plain)
#if CTK_X86
CTK_ST_DECLARE(avx2)
CTK_ST_DECLARE(avx512)
void ctk_st_horizontal_grouped_avx512(const ctk_st_hgroups *g, const float *row, ptrdiff_t samples, float *dst,
                                      int fused);
#endif

#endif
