// Private to the scale-and-translate kernels: the per-level entry points the dispatcher in ScaleTranslate.c calls.
#ifndef IMAGO_SCALE_TRANSLATE_INTERNAL_H
#define IMAGO_SCALE_TRANSLATE_INTERNAL_H

#include "KernelsCPU.h"
#include "TransformsKernels.h"

#define CTK_ST_DECLARE(suffix)                                                                                         \
    void ctk_st_vertical_##suffix(const void *src, int sample_type, ptrdiff_t src_stride, const float *weights,         \
                                  int taps, int runs, const int32_t *run_bounds, float *dst, ptrdiff_t samples,        \
                                  int fused);                                                                          \
    void ctk_st_horizontal_##suffix(const float *row, int channels, const int32_t *first, const int32_t *offset,       \
                                    const int32_t *count, const float *weights, int outputs, float *dst, int fused);

CTK_ST_DECLARE(plain)
#if CTK_X86
CTK_ST_DECLARE(avx2)
CTK_ST_DECLARE(avx512)
#endif

#endif
