// TensorFlow's ResizeBilinear (see TensorFlowBilinear.c) with AVX2: the left and right bytes of 8 (or 4) output
// samples are picked from a 32-byte window of the source row by two in-register byte shuffles (pshufb, one per
// 16-byte half, the other half's lanes zeroed by the index's high bit) into one 16-byte vector, widened to float32 and
// interpolated 8 at a time; the vertical lerp is the shared loop compiled for AVX2. Same arithmetic and order as the plain loops
// (no contraction), so the same bits.
#include "TensorFlowBilinearInternal.h"

#if CTK_X86
#include <immintrin.h>
#include <string.h>

#pragma STDC FP_CONTRACT OFF
#pragma clang fp contract(off)

#define TFB_AVX2 __attribute__((target("avx2")))

int ctk_tf_bilinear_plan_avx2(const int32_t *left, const int32_t *right, int samples, ctk_tfb_block *blocks) {
    int count = 0;
    for (int j = 0; j < samples && count < CTK_TFB_MAX_BLOCKS;) {
        ctk_tfb_block *b = &blocks[count++];
        *b = ctk_tf_bilinear_next_block(left, right, j, samples, 8, 4, 32);
        const int n = b->count;
        // Lanes 0-7 pick the left bytes, lanes 8-15 the right ones; unused lanes pick zero.
        for (int k = 0; k < 16; k++) {
            const int sample = k & 7;
            int offset = -1;
            if (sample < n && b->base >= 0) offset = (k < 8 ? left[j + sample] : right[j + sample]) - b->base;
            b->left[k] = offset >= 0 && offset < 16 ? (uint8_t)offset : 0x80;   // from the window's first half
            b->right[k] = offset >= 16 ? (uint8_t)(offset - 16) : 0x80;         // from its second half
        }
        j += n;
    }
    return count;
}

TFB_AVX2
void ctk_tf_bilinear_hrow_avx2(const uint8_t *row, int row_samples, const ctk_tfb_block *blocks, int block_count,
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
        __m128i w0, w1;
        if (b->base + 32 <= row_samples) {
            w0 = _mm_loadu_si128((const __m128i *)(row + b->base));
            w1 = _mm_loadu_si128((const __m128i *)(row + b->base + 16));
        } else {
            // The window crosses the row's end: copy what there is (bytes beyond it are never picked).
            uint8_t window[32] = {0};
            memcpy(window, row + b->base, (size_t)(row_samples - b->base));
            w0 = _mm_loadu_si128((const __m128i *)window);
            w1 = _mm_loadu_si128((const __m128i *)(window + 16));
        }
        const __m128i picked = _mm_or_si128(_mm_shuffle_epi8(w0, _mm_loadu_si128((const __m128i *)b->left)),
                                            _mm_shuffle_epi8(w1, _mm_loadu_si128((const __m128i *)b->right)));
        const __m256 l = _mm256_cvtepi32_ps(_mm256_cvtepu8_epi32(picked));
        const __m256 r = _mm256_cvtepi32_ps(_mm256_cvtepu8_epi32(_mm_srli_si128(picked, 8)));
        if (n == 8) {
            const __m256 x = _mm256_loadu_ps(x_lerp + j);
            _mm256_storeu_ps(h + j, _mm256_add_ps(l, _mm256_mul_ps(_mm256_sub_ps(r, l), x)));
        } else {
            const __m256i lanes = _mm256_cmpgt_epi32(_mm256_set1_epi32(n), _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7));
            const __m256 x = _mm256_maskload_ps(x_lerp + j, lanes);
            _mm256_maskstore_ps(h + j, lanes, _mm256_add_ps(l, _mm256_mul_ps(_mm256_sub_ps(r, l), x)));
        }
        j += n;
    }
}

TFB_AVX2
void ctk_tf_bilinear_vertical_avx2(const float *top, const float *bottom, float y_lerp, float *out, int samples) {
    ctk_tf_bilinear_lerp_rows(top, bottom, y_lerp, out, samples);
}
#endif
