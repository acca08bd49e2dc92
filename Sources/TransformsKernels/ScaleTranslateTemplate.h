// The scale-and-translate passes (float32) for one kernel level. Not a header of its own: each ScaleTranslate*.c
// file defines
//   ST_ENTRY     the attributes of the entry points (the level's target)
//   ST_NAME(n)   the entry point's name for the level (n ## _avx2 ...)
//   ST_LANES     floats per vector (8 or 16)
// then includes this file once.
//
// Exactness: every output is acc = 0, then per tap in tap order acc = fma(x, w, acc) (`fused`: one rounding, numpy's
// BLAS contraction) or acc = acc + w * x (two roundings, TensorFlow's loops). Contraction of the unfused form into
// fused multiply-adds is switched off below, so every level gives the same bits.
#include "ScaleTranslateInternal.h"

#include <string.h>

#pragma STDC FP_CONTRACT OFF
#pragma clang fp contract(off)
#pragma clang diagnostic ignored "-Wpsabi"

typedef float ST_NAME(st_vec) __attribute__((ext_vector_type(ST_LANES)));

ST_ENTRY void ST_NAME(ctk_st_vertical)(const float *src, ptrdiff_t src_stride, const float *weights, int taps,
                                       float *dst, ptrdiff_t samples, int fused) {
    typedef ST_NAME(st_vec) vec;
    ptrdiff_t i = 0;
    for (; i + ST_LANES <= samples; i += ST_LANES) {
        vec acc = (vec)0.0f;
        for (int k = 0; k < taps; k++) {
            vec x;
            memcpy(&x, src + (ptrdiff_t)k * src_stride + i, sizeof x);
            const vec w = (vec)weights[k];
            acc = fused ? __builtin_elementwise_fma(x, w, acc) : acc + w * x;
        }
        memcpy(dst + i, &acc, sizeof acc);
    }
    for (; i < samples; i++) {
        float acc = 0.0f;
        for (int k = 0; k < taps; k++) {
            const float x = src[(ptrdiff_t)k * src_stride + i];
            acc = fused ? __builtin_fmaf(x, weights[k], acc) : acc + weights[k] * x;
        }
        dst[i] = acc;
    }
}

ST_ENTRY void ST_NAME(ctk_st_horizontal)(const float *row, int channels, const int32_t *first, const int32_t *offset,
                                         const int32_t *count, const float *weights, int outputs, float *dst,
                                         int fused) {
    for (int j = 0; j < outputs; j++) {
        const float *w = weights + offset[j];
        const float *p = row + (ptrdiff_t)first[j] * channels;
        const int n = count[j];
        for (int c = 0; c < channels; c++) {
            float acc = 0.0f;
            if (fused) {
                for (int k = 0; k < n; k++) acc = __builtin_fmaf(p[k * channels + c], w[k], acc);
            } else {
                for (int k = 0; k < n; k++) acc = acc + w[k] * p[k * channels + c];
            }
            dst[(ptrdiff_t)j * channels + c] = acc;
        }
    }
}
