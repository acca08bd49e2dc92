// TensorFlow's ResizeArea into float32, bit for bit with TensorFlow 2.21's CPU kernel. For every output sample
// TensorFlow sums, for each input row i of the output's row span in order, the row's horizontal span
//   h = v[start] * start_scale + v[start + 1] + ... + v[end - 2] + v[end - 1] * end_scale   (left to right; just
//   v[start] * start_scale for a one-column span)
// into sum = sum + h * y_scale[i] from 0, and stores sum * scale, all in float32 with a rounding per operation. `h`
// depends only on the input row and the output column, so each input row's spans are computed once (a row shared by two
// output rows is reused), straight from the row's samples, for 4 interleaved channels at a time, each lane with
// TensorFlow's order. Contraction into fused multiply-adds is switched off, so the bits are TensorFlow's.
#include "KernelsCPU.h"
#include "SampleLoad.h"

#include <string.h>

#pragma STDC FP_CONTRACT OFF
#pragma clang fp contract(off)
// The helpers pass vectors by value; all are always_inline, so no call (and no vector ABI) is left.
#pragma clang diagnostic ignored "-Wpsabi"

#define TFA_INLINE static inline __attribute__((always_inline))

typedef float tfa_f4 __attribute__((ext_vector_type(4)));
CTK_DEFINE_LOAD_VECTOR(tfa_load4, tfa_f4, 4)

/// Samples i ..< i + 4 as floats, 0 for those at or past `samples` (the row's end).
TFA_INLINE tfa_f4 tfa_load4_end(const uint8_t *row, ptrdiff_t i, ptrdiff_t samples, const int type) {
    if (i + 4 <= samples) return tfa_load4(row, i, type);
    tfa_f4 v = 0.0f;
    for (int k = 0; k < 4 && i + k < samples; k++) v[k] = ctk_load_sample(row, i + k, type);
    return v;
}

/// The horizontal spans of one input row: h[x * channels + c] for every output x and channel c. A pixel's last
/// 4-channel block may spill into the next pixel's samples (`h` has 4 spare floats), which the next pixel's stores
/// overwrite.
TFA_INLINE void tfa_spans(const uint8_t *row, const int type, const int channels, ptrdiff_t row_samples, int out_width,
                          const int32_t *x_start, const int32_t *x_index, const float *x_weight,
                          float *h) {
    const ptrdiff_t c = channels;
    for (int x = 0; x < out_width; x++) {
        const int32_t f = x_start[x], n = x_start[x + 1] - f;
        const ptrdiff_t first = x_index[f], last = x_index[f + n - 1];
        const float start_scale = x_weight[f], end_scale = x_weight[f + n - 1];
        for (ptrdiff_t b = 0; b < c; b += 4) {
            tfa_f4 sum;
            if (last - first == n - 1 && last * c + b + 4 <= row_samples) {
                // Consecutive pixels, every load inside the row (TensorFlow's spans without bounding).
                sum = tfa_load4(row, first * c + b, type) * start_scale;
                if (n > 1) {
                    for (ptrdiff_t p = first + 1; p < last; p++) sum += tfa_load4(row, p * c + b, type);
                    sum += tfa_load4(row, last * c + b, type) * end_scale;
                }
            } else {
                sum = tfa_load4_end(row, first * c + b, row_samples, type) * start_scale;
                if (n > 1) {
                    for (int32_t m = f + 1; m < f + n - 1; m++)
                        sum += tfa_load4_end(row, (ptrdiff_t)x_index[m] * c + b, row_samples, type);
                    sum += tfa_load4_end(row, last * c + b, row_samples, type) * end_scale;
                }
            }
            memcpy(h + x * c + b, &sum, sizeof sum);
        }
    }
}

TFA_INLINE void tfa_rows(const uint8_t *src, const int type, ptrdiff_t src_stride, int channels, ptrdiff_t row_samples,
                         int out_height, const int32_t *y_start, const int32_t *y_index, const float *y_weight,
                         int out_width, const int32_t *x_start, const int32_t *x_index, const float *x_weight,
                         float scale, float *restrict h, float *restrict dst) {
    const ptrdiff_t samples = (ptrdiff_t)out_width * channels;
    int32_t cached = -1;
    for (int y = 0; y < out_height; y++) {
        float *restrict out = dst + (ptrdiff_t)y * samples;
        for (ptrdiff_t s = 0; s < samples; s++) out[s] = 0.0f;
        for (int32_t k = y_start[y]; k < y_start[y + 1]; k++) {
            if (y_index[k] != cached) {
                cached = y_index[k];
                const uint8_t *row = src + (ptrdiff_t)cached * src_stride;
                // Constant channel counts for the common cases, so their loops compile without the channel loop.
                switch (channels) {
                case 1: tfa_spans(row, type, 1, row_samples, out_width, x_start, x_index, x_weight, h); break;
                case 3: tfa_spans(row, type, 3, row_samples, out_width, x_start, x_index, x_weight, h); break;
                case 4: tfa_spans(row, type, 4, row_samples, out_width, x_start, x_index, x_weight, h); break;
                default: tfa_spans(row, type, channels, row_samples, out_width, x_start, x_index, x_weight, h);
                }
            }
            const float w = y_weight[k];
            for (ptrdiff_t s = 0; s < samples; s++) out[s] = out[s] + h[s] * w;
        }
        for (ptrdiff_t s = 0; s < samples; s++) out[s] = out[s] * scale;
    }
}

#define TF_AREA_LEVEL(suffix, target)                                                                                  \
    target static void tf_area_##suffix(const uint8_t *src, int type, ptrdiff_t src_stride, int channels,              \
                                        ptrdiff_t row_samples, int out_height, const int32_t *y_start,                 \
                                        const int32_t *y_index, const float *y_weight, int out_width,                  \
                                        const int32_t *x_start, const int32_t *x_index, const float *x_weight,         \
                                        float scale, float *h, float *dst) {                                           \
        if (type == CTK_SAMPLE_U8)                                                                                         \
            tfa_rows(src, CTK_SAMPLE_U8, src_stride, channels, row_samples, out_height, y_start, y_index, y_weight,        \
                     out_width, x_start, x_index, x_weight, scale, h, dst);                                            \
        else if (type == CTK_SAMPLE_U16)                                                                                   \
            tfa_rows(src, CTK_SAMPLE_U16, src_stride, channels, row_samples, out_height, y_start, y_index, y_weight,       \
                     out_width, x_start, x_index, x_weight, scale, h, dst);                                            \
        else                                                                                                           \
            tfa_rows(src, CTK_SAMPLE_F32, src_stride, channels, row_samples, out_height, y_start, y_index, y_weight,       \
                     out_width, x_start, x_index, x_weight, scale, h, dst);                                            \
    }

TF_AREA_LEVEL(plain, )
#if CTK_X86
TF_AREA_LEVEL(avx2, __attribute__((target("avx2"))))
TF_AREA_LEVEL(avx512, __attribute__((target("avx512f,avx512bw,avx512vl"))))
#endif

void ctk_tf_area(const void *src, int sample_type, ptrdiff_t src_stride, int channels, ptrdiff_t row_samples,
                 int out_height, const int32_t *y_start, const int32_t *y_index, const float *y_weight, int out_width,
                 const int32_t *x_start, const int32_t *x_index, const float *x_weight, float scale, float *h,
                 float *dst, int level) {
#define TF_AREA_ARGUMENTS                                                                                              \
    src, sample_type, src_stride, channels, row_samples, out_height, y_start, y_index, y_weight, out_width, x_start,    \
        x_index, x_weight, scale, h, dst
#if CTK_X86
    const int cpu = ctk_cpu_level();
    switch (level < cpu ? level : cpu) {
    case CTK_LEVEL_AVX512: tf_area_avx512(TF_AREA_ARGUMENTS); return;
    case CTK_LEVEL_AVX2: tf_area_avx2(TF_AREA_ARGUMENTS); return;
    default: break;
    }
#else
    (void)level;
#endif
    tf_area_plain(TF_AREA_ARGUMENTS);
}
