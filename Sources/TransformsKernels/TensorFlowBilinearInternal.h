// Private to the kernels: TensorFlow's ResizeBilinear on 8-bit samples, per level.
#ifndef IMAGO_TF_BILINEAR_INTERNAL_H
#define IMAGO_TF_BILINEAR_INTERNAL_H

#include "KernelsCPU.h"
#include "TransformsKernels.h"

#include <stddef.h>
#include <stdint.h>

/// One source row's horizontal lerps: h[j] = l + (r - l) * x_lerp[j] with l = row[left[j]], r = row[right[j]], for
/// j in [begin, end) (TensorFlow's `top` or `bottom` of every output sample that reads this row), plain C.
void ctk_tf_bilinear_hrow_plain(const uint8_t *row, const int32_t *left, const int32_t *right, const float *x_lerp,
                                float *h, int begin, int end);

/// out[j] = top[j] + (bottom[j] - top[j]) * y_lerp for j < samples: the vertical lerp of every level, inlined into
/// each level's entry point so that it is vectorised for that level's target. No contraction, so the same bits.
static inline __attribute__((always_inline)) void ctk_tf_bilinear_lerp_rows(const float *top, const float *bottom,
                                                                          float y_lerp, float *out, int samples) {
#pragma clang fp contract(off)
    for (int j = 0; j < samples; j++) out[j] = top[j] + (bottom[j] - top[j]) * y_lerp;
}

/// A block of output samples whose source bytes lie in one window from `base`: up to 16 samples in 128 bytes (AVX-512
/// VBMI level: `left` and `right` hold left[j] - base and right[j] - base) or up to 8 in 32 bytes (AVX2 level: `left`
/// and `right` are the pshufb indices of the window's first and second 16 bytes, lanes 0-7 picking the samples' left
/// bytes and lanes 8-15 their right bytes, 0x80 where the other half or no sample supplies the lane).
typedef struct {
    int32_t base;     ///< first byte of the block's window in the row; -1: the block takes the plain loop
    int32_t count;    ///< samples in the block (16 or 8 for AVX-512, 8 or 4 for AVX2, fewer at the end of the row)
    uint8_t left[16];
    uint8_t right[16];
} ctk_tfb_block;

/// The block of a vector level's plan that starts at sample `j` of `samples`: `full` samples (fewer at the row's end),
/// or `half` where `full` read more than `window` bytes; `base` is the lowest byte it reads, or -1 where even `half`
/// do not fit (the plain loop). The picking indices are the level's to fill.
ctk_tfb_block ctk_tf_bilinear_next_block(const int32_t *left, const int32_t *right, int j, int samples, int full,
                                         int half, int window);

/// The most blocks a row may have for a vector level (longer rows take the plain loops).
#define CTK_TFB_MAX_BLOCKS 2048

#if CTK_X86
/// Splits the `samples` of a row into blocks (16 samples, or 8 where 16 span more than 128 bytes); returns their
/// number.
int ctk_tf_bilinear_plan_avx512(const int32_t *left, const int32_t *right, int samples, ctk_tfb_block *blocks);

/// One source row's horizontal lerps through the plan: each block's bytes picked by vpermi2b from a 128-byte
/// window (reading only the row's `row_samples` bytes), widened and interpolated as in the plain loop.
void ctk_tf_bilinear_hrow_avx512(const uint8_t *row, int row_samples, const ctk_tfb_block *blocks, int block_count,
                                 const int32_t *left, const int32_t *right, const float *x_lerp, float *h);

/// ctk_tf_bilinear_lerp_rows compiled for AVX-512.
void ctk_tf_bilinear_vertical_avx512(const float *top, const float *bottom, float y_lerp, float *out, int samples);

/// Splits the `samples` of a row into AVX2 blocks (8 samples, or 4 where 8 span more than 32 bytes; blocks whose 4
/// samples still do not fit take the plain loop); returns their number.
int ctk_tf_bilinear_plan_avx2(const int32_t *left, const int32_t *right, int samples, ctk_tfb_block *blocks);

/// One source row's horizontal lerps through an AVX2 plan: each block's bytes picked from a 32-byte window (reading
/// only the row's `row_samples` bytes), widened and interpolated as in the plain loop.
void ctk_tf_bilinear_hrow_avx2(const uint8_t *row, int row_samples, const ctk_tfb_block *blocks, int block_count,
                               const int32_t *left, const int32_t *right, const float *x_lerp, float *h);

/// ctk_tf_bilinear_lerp_rows compiled for AVX2.
void ctk_tf_bilinear_vertical_avx2(const float *top, const float *bottom, float y_lerp, float *out, int samples);
#endif

#endif
