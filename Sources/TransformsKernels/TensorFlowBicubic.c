// TensorFlow's ResizeBicubic (half-pixel centres, Keys a = -0.5, no antialiasing) into float32, bit for bit with
// TensorFlow 2.21's CPU kernel (`interpolate_with_caching`). TensorFlow computes, per output row, the vertical
// interpolation v = ((r0 * w0 + r1 * w1) + r2 * w2) + r3 * w3 of every input column an output reads (caching the last
// four), then per output sample ((v0 * x0 + v1 * x1) + v2 * x2) + v3 * x3, in float32 with a rounding per operation.
// A column's vertical value depends only on the column, so here each output row computes it once for the columns the
// row's outputs read (all of them when upscaling, four per output when shrinking), then the horizontal pass gathers
// from those. Contraction into fused multiply-adds is switched off, so the bits are TensorFlow's.
#include "KernelsCPU.h"
#include "TransformsKernels.h"

#include <string.h>

#pragma STDC FP_CONTRACT OFF
#pragma clang fp contract(off)

#define TF_INLINE static inline __attribute__((always_inline))

/// Sample `i` of a row of `type` samples, as TensorFlow's static_cast<float>.
TF_INLINE float tf_sample(const uint8_t *row, ptrdiff_t i, const int type) {
    if (type == CTK_TF_U8) return row[i];
    if (type == CTK_TF_U16) {
        uint16_t v;
        memcpy(&v, row + 2 * i, 2);
        return v;
    }
    float f;
    memcpy(&f, row + 4 * i, 4);
    return f;
}

/// TensorFlow's Interpolate1D: v0 * w0 + v1 * w1 + v2 * w2 + v3 * w3, left to right.
TF_INLINE float tf_cubic(float v0, float v1, float v2, float v3, float w0, float w1, float w2, float w3) {
    const float a = v0 * w0 + v1 * w1;
    const float b = a + v2 * w2;
    return b + v3 * w3;
}

TF_INLINE void tf_bicubic_rows(const uint8_t *src, const int type, ptrdiff_t src_stride, int channels, int out_height,
                               const int32_t *y_index, const float *y_weight, int columns, const int32_t *column_pixels,
                               int out_width, const int32_t *x_taps, const float *x_weight, float *restrict vertical,
                               float *restrict dst) {
    const ptrdiff_t c = channels, column_samples = (ptrdiff_t)columns * c;
    for (int y = 0; y < out_height; y++) {
        const uint8_t *r0 = src + (ptrdiff_t)y_index[4 * y] * src_stride;
        const uint8_t *r1 = src + (ptrdiff_t)y_index[4 * y + 1] * src_stride;
        const uint8_t *r2 = src + (ptrdiff_t)y_index[4 * y + 2] * src_stride;
        const uint8_t *r3 = src + (ptrdiff_t)y_index[4 * y + 3] * src_stride;
        const float w0 = y_weight[4 * y], w1 = y_weight[4 * y + 1], w2 = y_weight[4 * y + 2], w3 = y_weight[4 * y + 3];
        if (column_pixels) {
            for (int j = 0; j < columns; j++) {
                const ptrdiff_t o = (ptrdiff_t)column_pixels[j] * c;
                for (ptrdiff_t ch = 0; ch < c; ch++)
                    vertical[j * c + ch] = tf_cubic(tf_sample(r0, o + ch, type), tf_sample(r1, o + ch, type),
                                                    tf_sample(r2, o + ch, type), tf_sample(r3, o + ch, type), w0, w1,
                                                    w2, w3);
            }
        } else {
            for (ptrdiff_t i = 0; i < column_samples; i++)
                vertical[i] = tf_cubic(tf_sample(r0, i, type), tf_sample(r1, i, type), tf_sample(r2, i, type),
                                       tf_sample(r3, i, type), w0, w1, w2, w3);
        }
        float *out = dst + (ptrdiff_t)y * out_width * c;
        for (int x = 0; x < out_width; x++) {
            const float *v0 = vertical + (ptrdiff_t)x_taps[x] * c;
            const float *v1 = vertical + (ptrdiff_t)x_taps[out_width + x] * c;
            const float *v2 = vertical + (ptrdiff_t)x_taps[2 * out_width + x] * c;
            const float *v3 = vertical + (ptrdiff_t)x_taps[3 * out_width + x] * c;
            const float x0 = x_weight[x], x1 = x_weight[out_width + x], x2 = x_weight[2 * out_width + x],
                        x3 = x_weight[3 * out_width + x];
            for (ptrdiff_t ch = 0; ch < c; ch++)
                out[x * c + ch] = tf_cubic(v0[ch], v1[ch], v2[ch], v3[ch], x0, x1, x2, x3);
        }
    }
}

#define TF_BICUBIC_LEVEL(suffix, target)                                                                               \
    target static void tf_bicubic_##suffix(const uint8_t *src, int type, ptrdiff_t src_stride, int channels,           \
                                           int out_height, const int32_t *y_index, const float *y_weight, int columns, \
                                           const int32_t *column_pixels, int out_width, const int32_t *x_taps,         \
                                           const float *x_weight, float *vertical, float *dst) {                       \
        if (type == CTK_TF_U8)                                                                                         \
            tf_bicubic_rows(src, CTK_TF_U8, src_stride, channels, out_height, y_index, y_weight, columns,              \
                            column_pixels, out_width, x_taps, x_weight, vertical, dst);                                \
        else if (type == CTK_TF_U16)                                                                                   \
            tf_bicubic_rows(src, CTK_TF_U16, src_stride, channels, out_height, y_index, y_weight, columns,             \
                            column_pixels, out_width, x_taps, x_weight, vertical, dst);                                \
        else                                                                                                           \
            tf_bicubic_rows(src, CTK_TF_F32, src_stride, channels, out_height, y_index, y_weight, columns,             \
                            column_pixels, out_width, x_taps, x_weight, vertical, dst);                                \
    }

TF_BICUBIC_LEVEL(plain, )
#if CTK_X86
TF_BICUBIC_LEVEL(avx2, __attribute__((target("avx2"))))
TF_BICUBIC_LEVEL(avx512, __attribute__((target("avx512f,avx512bw,avx512vl"))))
#endif

void ctk_tf_bicubic(const void *src, int sample_type, ptrdiff_t src_stride, int channels, int out_height,
                    const int32_t *y_index, const float *y_weight, int columns, const int32_t *column_pixels,
                    int out_width, const int32_t *x_taps, const float *x_weight, float *vertical, float *dst,
                    int level) {
#define TF_BICUBIC_ARGUMENTS                                                                                           \
    src, sample_type, src_stride, channels, out_height, y_index, y_weight, columns, column_pixels, out_width, x_taps,   \
        x_weight, vertical, dst
#if CTK_X86
    const int cpu = ctk_cpu_level();
    switch (level < cpu ? level : cpu) {
    case CTK_LEVEL_AVX512: tf_bicubic_avx512(TF_BICUBIC_ARGUMENTS); return;
    case CTK_LEVEL_AVX2: tf_bicubic_avx2(TF_BICUBIC_ARGUMENTS); return;
    default: break;
    }
#else
    (void)level;
#endif
    tf_bicubic_plain(TF_BICUBIC_ARGUMENTS);
}
