// TensorFlow's ResizeBilinear (half-pixel centres, no antialiasing) on 8-bit samples into float32, bit for bit.
// TensorFlow computes, per output sample, top = tl + (tr - tl) * xl and bottom = bl + (br - bl) * xl from the two
// source rows, then top + (bottom - top) * yl, in float32 with a rounding per operation. `top` depends only on the
// source row and the sample, so each source row's horizontal lerps are computed once (a row shared by consecutive
// output rows is not redone) and the vertical lerp runs over whole rows. Contraction into fused multiply-adds is
// switched off, so every level gives the same bits.
#include "TensorFlowBilinearInternal.h"

#pragma STDC FP_CONTRACT OFF
#pragma clang fp contract(off)

void ctk_tf_bilinear_hrow_plain(const uint8_t *row, const int32_t *left, const int32_t *right, const float *x_lerp,
                                float *h, int begin, int end) {
    for (int j = begin; j < end; j++) {
        const float l = row[left[j]], r = row[right[j]];
        h[j] = l + (r - l) * x_lerp[j];
    }
}

/// The lowest left and highest right offset of samples [j, j + n).
static void window_bounds(const int32_t *left, const int32_t *right, int j, int n, int *lowest, int *highest) {
    int lo = left[j], hi = right[j];
    for (int k = 1; k < n; k++) {
        if (left[j + k] < lo) lo = left[j + k];
        if (right[j + k] > hi) hi = right[j + k];
    }
    *lowest = lo;
    *highest = hi;
}

ctk_tfb_block ctk_tf_bilinear_next_block(const int32_t *left, const int32_t *right, int j, int samples, int full,
                                         int half, int window) {
    int n = samples - j < full ? samples - j : full;
    int lowest, highest;
    window_bounds(left, right, j, n, &lowest, &highest);
    if (highest - lowest >= window && n > half) {
        n = half;
        window_bounds(left, right, j, n, &lowest, &highest);
    }
    ctk_tfb_block block = {.base = highest - lowest < window ? lowest : -1, .count = n};
    return block;
}

void ctk_tf_bilinear_u8(const uint8_t *src, ptrdiff_t src_stride, const int32_t *y_index, const float *y_lerp,
                        int out_height, const int32_t *left, const int32_t *right, const float *x_lerp, int samples,
                        int row_samples, float *rows, float *dst, int level) {
    // The vector level that runs (0: the plain loops). Its plan's blocks hold at least 8 (AVX-512) or 4 (AVX2)
    // samples but the last, so a row of up to 8 or 4 * CTK_TFB_MAX_BLOCKS samples always fits.
    int wide = 0;
#if CTK_X86
    const int cpu = ctk_cpu_level(), runs = level < cpu ? level : cpu;
    const int fits = samples <= (runs >= CTK_LEVEL_AVX512 ? 8 : 4) * CTK_TFB_MAX_BLOCKS;
    ctk_tfb_block blocks[fits ? CTK_TFB_MAX_BLOCKS : 1];
    int block_count = 0;
    if (fits && runs >= CTK_LEVEL_AVX512) {
        block_count = ctk_tf_bilinear_plan_avx512(left, right, samples, blocks);
        wide = CTK_LEVEL_AVX512;
    } else if (fits && runs >= CTK_LEVEL_AVX2) {
        block_count = ctk_tf_bilinear_plan_avx2(left, right, samples, blocks);
        wide = CTK_LEVEL_AVX2;
    }
#else
    (void)level;
    (void)row_samples;
#endif
    // rows holds two horizontal rows; slot[k] is the source row in rows + k * samples (-1: none yet).
    int32_t slot[2] = {-1, -1};
    for (int y = 0; y < out_height; y++) {
        const int32_t want[2] = {y_index[2 * y], y_index[2 * y + 1]};
        int used[2];
        for (int k = 0; k < 2; k++) {
            int found = slot[0] == want[k] ? 0 : slot[1] == want[k] ? 1 : -1;
            if (found < 0) {
                // Fill a slot that the other row of this output row does not need.
                found = k == 1 ? 1 - used[0] : (slot[0] == want[1] ? 1 : 0);
                slot[found] = want[k];
                const uint8_t *row = src + (ptrdiff_t)want[k] * src_stride;
                float *h = rows + (ptrdiff_t)found * samples;
#if CTK_X86
                if (wide == CTK_LEVEL_AVX512) {
                    ctk_tf_bilinear_hrow_avx512(row, row_samples, blocks, block_count, left, right, x_lerp, h);
                } else if (wide == CTK_LEVEL_AVX2) {
                    ctk_tf_bilinear_hrow_avx2(row, row_samples, blocks, block_count, left, right, x_lerp, h);
                } else
#endif
                    ctk_tf_bilinear_hrow_plain(row, left, right, x_lerp, h, 0, samples);
            }
            used[k] = found;
        }
        const float *h[2] = {rows + (ptrdiff_t)used[0] * samples, rows + (ptrdiff_t)used[1] * samples};
        const float *top = h[0], *bottom = h[1];
        const float yl = y_lerp[y];
        float *out = dst + (ptrdiff_t)y * samples;
#if CTK_X86
        if (wide == CTK_LEVEL_AVX512) {
            ctk_tf_bilinear_vertical_avx512(top, bottom, yl, out, samples);
            continue;
        }
        if (wide == CTK_LEVEL_AVX2) {
            ctk_tf_bilinear_vertical_avx2(top, bottom, yl, out, samples);
            continue;
        }
#endif
        ctk_tf_bilinear_lerp_rows(top, bottom, yl, out, samples);
    }
}
