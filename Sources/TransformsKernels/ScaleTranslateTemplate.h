// The scale-and-translate passes (float32) for one kernel level. Not a header of its own: each ScaleTranslate*.c
// file defines
//   ST_ENTRY     the attributes of the entry points (the level's target)
//   ST_NAME(n)   the entry point's name for the level (n ## _avx2 ...)
//   ST_LANES     floats per vector (8 or 16)
// then includes this file once.
//
// The vertical pass reads 8-bit, 16-bit or float samples (converted to float exactly) and, given runs, computes only
// the row samples in them.
//
// Exactness: every output is acc = 0, then per tap in tap order acc = fma(x, w, acc) (`fused`: one rounding, numpy's
// BLAS contraction) or acc = acc + w * x (two roundings, TensorFlow's loops). Contraction of the unfused form into
// fused multiply-adds is switched off below, so every level gives the same bits.
#include "ScaleTranslateInternal.h"
#include "SampleLoad.h"

#include <string.h>

#pragma STDC FP_CONTRACT OFF
#pragma clang fp contract(off)
#pragma clang diagnostic ignored "-Wpsabi"

typedef float ST_NAME(st_vec) __attribute__((ext_vector_type(ST_LANES)));
CTK_DEFINE_LOAD_VECTOR(ST_NAME(st_load), ST_NAME(st_vec), ST_LANES)

/// Tap k reads the row at src + k * src_stride, or (float rows) at pointers[k] when pointers is not NULL. `fused` is
/// a constant where the entry points call this (one copy of the loops per arithmetic, no test per tap).
/// Four vectors are summed side by side (four independent chains of multiply-adds, each in tap order), so the
/// loop runs at the multiply-add's throughput rather than its latency.
static inline __attribute__((always_inline)) void
ST_NAME(st_vertical_rows)(const uint8_t *src, const int type, ptrdiff_t src_stride, const float *const *pointers,
                          const float *weights, int taps, int runs, const int32_t *run_bounds, float *dst,
                          ptrdiff_t samples, const int fused) {
    typedef ST_NAME(st_vec) vec;
#define ST_ROW(k) (pointers ? (const uint8_t *)pointers[k] : src + (ptrdiff_t)(k) * src_stride)
#define ST_TAP(acc, x, w) ((acc) = fused ? __builtin_elementwise_fma((x), (w), (acc)) : (acc) + (w) * (x))
    for (int r = 0; r < runs; r++) {
        ptrdiff_t i = run_bounds ? run_bounds[2 * r] : 0;
        const ptrdiff_t end = run_bounds ? run_bounds[2 * r + 1] : samples;
        for (; end - i >= 4 * ST_LANES; i += 4 * ST_LANES) {
            vec a0 = (vec)0.0f, a1 = (vec)0.0f, a2 = (vec)0.0f, a3 = (vec)0.0f;
            for (int k = 0; k < taps; k++) {
                const uint8_t *row = ST_ROW(k);
                const vec w = (vec)weights[k];
                ST_TAP(a0, ST_NAME(st_load)(row, i, type), w);
                ST_TAP(a1, ST_NAME(st_load)(row, i + ST_LANES, type), w);
                ST_TAP(a2, ST_NAME(st_load)(row, i + 2 * ST_LANES, type), w);
                ST_TAP(a3, ST_NAME(st_load)(row, i + 3 * ST_LANES, type), w);
            }
            memcpy(dst + i, &a0, sizeof a0);
            memcpy(dst + i + ST_LANES, &a1, sizeof a1);
            memcpy(dst + i + 2 * ST_LANES, &a2, sizeof a2);
            memcpy(dst + i + 3 * ST_LANES, &a3, sizeof a3);
        }
        for (; i < end && samples >= ST_LANES; i += ST_LANES) {
            // A vector past the row's end is moved back to end there (recomputing a few samples, to the same values).
            const ptrdiff_t at = i + ST_LANES <= samples ? i : samples - ST_LANES;
            vec acc = (vec)0.0f;
            for (int k = 0; k < taps; k++) ST_TAP(acc, ST_NAME(st_load)(ST_ROW(k), at, type), (vec)weights[k]);
            memcpy(dst + at, &acc, sizeof acc);
        }
        for (; i < end; i++) {
            float acc = 0.0f;
            for (int k = 0; k < taps; k++) {
                const float x = ctk_load_sample(ST_ROW(k), i, type);
                acc = fused ? __builtin_fmaf(x, weights[k], acc) : acc + weights[k] * x;
            }
            dst[i] = acc;
        }
    }
#undef ST_TAP
}

/// st_vertical_rows with `fused` as a constant.
static inline __attribute__((always_inline)) void
ST_NAME(st_vertical_either)(const uint8_t *src, const int type, ptrdiff_t src_stride, const float *const *pointers,
                            const float *weights, int taps, int runs, const int32_t *run_bounds, float *dst,
                            ptrdiff_t samples, int fused) {
    if (fused)
        ST_NAME(st_vertical_rows)(src, type, src_stride, pointers, weights, taps, runs, run_bounds, dst, samples, 1);
    else
        ST_NAME(st_vertical_rows)(src, type, src_stride, pointers, weights, taps, runs, run_bounds, dst, samples, 0);
}

#undef ST_ROW

ST_ENTRY void ST_NAME(ctk_st_vertical)(const void *src, int sample_type, ptrdiff_t src_stride, const float *weights,
                                       int taps, int runs, const int32_t *run_bounds, float *dst, ptrdiff_t samples,
                                       int fused) {
    const uint8_t *s = src;
    if (!run_bounds) runs = 1;
    if (sample_type == CTK_SAMPLE_U8)
        ST_NAME(st_vertical_either)(s, CTK_SAMPLE_U8, src_stride, NULL, weights, taps, runs, run_bounds, dst, samples, fused);
    else if (sample_type == CTK_SAMPLE_U16)
        ST_NAME(st_vertical_either)(s, CTK_SAMPLE_U16, src_stride, NULL, weights, taps, runs, run_bounds, dst, samples, fused);
    else
        ST_NAME(st_vertical_either)(s, CTK_SAMPLE_F32, src_stride, NULL, weights, taps, runs, run_bounds, dst, samples, fused);
}

ST_ENTRY void ST_NAME(ctk_st_vertical_pointers)(const float *const *rows, const float *weights, int taps, int runs,
                                                const int32_t *run_bounds, float *dst, ptrdiff_t samples, int fused) {
    if (!run_bounds) runs = 1;
    ST_NAME(st_vertical_either)(NULL, CTK_SAMPLE_F32, 0, rows, weights, taps, runs, run_bounds, dst, samples, fused);
}

typedef float ST_NAME(st_vec4) __attribute__((ext_vector_type(4)));

/// The width pass for pixels of `CHANNELS` (3 or 4) floats: one vector lane per channel, so each lane still sums its
/// taps in tap order (the same bits as the scalar loop), with a third or a quarter of its instructions.
static inline __attribute__((always_inline)) void
ST_NAME(st_horizontal_pixels)(const float *row, const int CHANNELS, const int32_t *first, const int32_t *offset,
                              const int32_t *count, const float *weights, int outputs, float *dst, int fused) {
    typedef ST_NAME(st_vec4) vec4;
    for (int j = 0; j < outputs; j++) {
        const float *w = weights + offset[j];
        const float *p = row + (ptrdiff_t)first[j] * CHANNELS;
        const int n = count[j];
        vec4 acc = (vec4)0.0f;
        for (int k = 0; k < n; k++) {
            vec4 x = (vec4)0.0f;
            memcpy(&x, p + (ptrdiff_t)k * CHANNELS, (size_t)CHANNELS * sizeof(float));  // never past the pixel
            const vec4 wk = (vec4)w[k];
            acc = fused ? __builtin_elementwise_fma(x, wk, acc) : acc + wk * x;
        }
        memcpy(dst + (ptrdiff_t)j * CHANNELS, &acc, (size_t)CHANNELS * sizeof(float));
    }
}

ST_ENTRY void ST_NAME(ctk_st_horizontal)(const float *row, int channels, const int32_t *first, const int32_t *offset,
                                         const int32_t *count, const float *weights, int outputs, float *dst,
                                         int fused) {
    if (channels == 3) {
        ST_NAME(st_horizontal_pixels)(row, 3, first, offset, count, weights, outputs, dst, fused);
        return;
    }
    if (channels == 4) {
        ST_NAME(st_horizontal_pixels)(row, 4, first, offset, count, weights, outputs, dst, fused);
        return;
    }
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
