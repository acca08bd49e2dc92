// TensorFlow's ResizeBilinear (see TensorFlowBilinear.c) with AVX-512 VBMI: the left and right bytes of 16 (or 8)
// output samples are picked by vpermi2b from a 128-byte window of the source row, widened to float32 and
// interpolated; the vertical lerp is the shared loop compiled for AVX-512. Same arithmetic and order as the plain
// loops (no contraction), so the same bits.
#include "TensorFlowBilinearInternal.h"

#if CTK_X86
#include <immintrin.h>

#pragma STDC FP_CONTRACT OFF
#pragma clang fp contract(off)

#define TFB_TARGET __attribute__((target("avx512f,avx512bw,avx512vl,avx512vbmi")))

int ctk_tf_bilinear_plan_avx512(const int32_t *left, const int32_t *right, int samples, ctk_tfb_block *blocks) {
    int count = 0;
    for (int j = 0; j < samples && count < CTK_TFB_MAX_BLOCKS;) {
        ctk_tfb_block *b = &blocks[count++];
        *b = ctk_tf_bilinear_next_block(left, right, j, samples, 16, 8, 128);
        const int n = b->count;
        for (int k = 0; k < 16; k++) {
            b->left[k] = k < n && b->base >= 0 ? (uint8_t)(left[j + k] - b->base) : 0;
            b->right[k] = k < n && b->base >= 0 ? (uint8_t)(right[j + k] - b->base) : 0;
        }
        j += n;
    }
    return count;
}

TFB_TARGET
void ctk_tf_bilinear_hrow_avx512(const uint8_t *row, int row_samples, const ctk_tfb_block *blocks, int block_count,
                                 const int32_t *left, const int32_t *right, const float *x_lerp, float *h) {
    int j = 0;
    for (int i = 0; i < block_count; i++) {
        const ctk_tfb_block *b = &blocks[i];
        const int n = b->count;
        if (b->base < 0) {
            ctk_tf_bilinear_hrow_plain(row, left, right, x_lerp, h, j, j + n);
            j += n;
            continue;
        }
        const __mmask16 lanes = (__mmask16)((1u << n) - 1);
        // The window, without reading past the row: bytes beyond it load as zero and are never picked.
        const int available = row_samples - b->base;
        const __mmask64 low = available >= 64 ? ~0ULL : (1ULL << available) - 1;
        const __mmask64 high = available >= 128 ? ~0ULL : available <= 64 ? 0 : (1ULL << (available - 64)) - 1;
        const __m512i w0 = _mm512_maskz_loadu_epi8(low, row + b->base);
        const __m512i w1 = _mm512_maskz_loadu_epi8(high, row + b->base + 64);
        const __m128i li = _mm_loadu_si128((const __m128i *)b->left);
        const __m128i ri = _mm_loadu_si128((const __m128i *)b->right);
        const __m128i lb = _mm512_castsi512_si128(_mm512_permutex2var_epi8(w0, _mm512_castsi128_si512(li), w1));
        const __m128i rb = _mm512_castsi512_si128(_mm512_permutex2var_epi8(w0, _mm512_castsi128_si512(ri), w1));
        const __m512 l = _mm512_cvtepi32_ps(_mm512_cvtepu8_epi32(lb));
        const __m512 r = _mm512_cvtepi32_ps(_mm512_cvtepu8_epi32(rb));
        const __m512 x = _mm512_maskz_loadu_ps(lanes, x_lerp + j);
        _mm512_mask_storeu_ps(h + j, lanes, _mm512_add_ps(l, _mm512_mul_ps(_mm512_sub_ps(r, l), x)));
        j += n;
    }
}

TFB_TARGET
void ctk_tf_bilinear_vertical_avx512(const float *top, const float *bottom, float y_lerp, float *out, int samples) {
    ctk_tf_bilinear_lerp_rows(top, bottom, y_lerp, out, samples);
}
#endif
