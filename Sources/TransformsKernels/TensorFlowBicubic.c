// TensorFlow's ResizeBicubic (half-pixel centres, Keys a = -0.5, no antialiasing) into float32, bit for bit with
// TensorFlow 2.21's CPU kernel (`interpolate_with_caching`). TensorFlow computes, per output row, the vertical
// interpolation v = ((r0 * w0 + r1 * w1) + r2 * w2) + r3 * w3 of every input column an output reads (caching the last
// four), then per output sample ((v0 * x0 + v1 * x1) + v2 * x2) + v3 * x3, in float32 with a rounding per operation.
// A sample's vertical value depends only on the sample, so here each output row computes it, 16 samples per vector,
// over the runs of row samples the row's outputs read (the whole row when upscaling, a few pixels per output when
// shrinking), then the horizontal pass gathers from those. Contraction into fused multiply-adds is switched off, so the
// bits are TensorFlow's.
#include "KernelsCPU.h"
#include "SampleLoad.h"

#include <string.h>

#pragma STDC FP_CONTRACT OFF
#pragma clang fp contract(off)
// The helpers pass vectors by value; all are always_inline, so no call (and no vector ABI) is left.
#pragma clang diagnostic ignored "-Wpsabi"

#define TF_INLINE static inline __attribute__((always_inline))

typedef float tf_f16 __attribute__((ext_vector_type(16)));
CTK_DEFINE_LOAD_VECTOR(tf_load16, tf_f16, 16)

/// TensorFlow's Interpolate1D: v0 * w0 + v1 * w1 + v2 * w2 + v3 * w3, left to right.
TF_INLINE float tf_cubic(float v0, float v1, float v2, float v3, float w0, float w1, float w2, float w3) {
    const float a = v0 * w0 + v1 * w1;
    const float b = a + v2 * w2;
    return b + v3 * w3;
}

/// tf_cubic on 16 lanes.
TF_INLINE tf_f16 tf_cubic16(tf_f16 v0, tf_f16 v1, tf_f16 v2, tf_f16 v3, float w0, float w1, float w2, float w3) {
    const tf_f16 a = v0 * w0 + v1 * w1;
    const tf_f16 b = a + v2 * w2;
    return b + v3 * w3;
}

/// Lanes [shift, shift + 16) of (v, 0): v moved down by `shift` lanes.
#define TF_DOWN(v, shift)                                                                                              \
    __builtin_shufflevector(v, (tf_f16)0.0f, shift, shift + 1, shift + 2, shift + 3, shift + 4, shift + 5, shift + 6,  \
                            shift + 7, shift + 8, shift + 9, shift + 10, shift + 11, shift + 12, shift + 13,           \
                            shift + 14, shift + 15)

/// One output row's horizontal pass with `C` channels (1 to 4): an output pixel whose taps are 4 consecutive pixels
/// from x_base[x] multiplies those 4 * C vertical values by x_lanes[16x ...] (tap k's weight in lanes k * C ...) and
/// sums the 4 products of each channel left to right by shifting the vector down C lanes at a time; the others (at the
/// edges, where TensorFlow clamps the taps) take tf_cubic per channel. Same products and sums as tf_cubic.
#define TF_BICUBIC_HORIZONTAL(C)                                                                                       \
    for (int x = 0; x < out_width; x++) {                                                                              \
        float *o = out + (ptrdiff_t)x * C;                                                                             \
        if (x_base[x] >= 0) {                                                                                          \
            tf_f16 v, w;                                                                                               \
            memcpy(&v, vertical + (ptrdiff_t)x_base[x] * C, sizeof v);                                                 \
            memcpy(&w, x_lanes + 16 * (ptrdiff_t)x, sizeof w);                                                         \
            const tf_f16 p = v * w;                                                                                    \
            const tf_f16 r = ((p + TF_DOWN(p, C)) + TF_DOWN(p, 2 * C)) + TF_DOWN(p, 3 * C);                            \
            for (int ch = 0; ch < C; ch++) o[ch] = r[ch];                                                              \
        } else {                                                                                                       \
            const float *v0 = vertical + (ptrdiff_t)x_taps[x] * C;                                                     \
            const float *v1 = vertical + (ptrdiff_t)x_taps[out_width + x] * C;                                         \
            const float *v2 = vertical + (ptrdiff_t)x_taps[2 * out_width + x] * C;                                     \
            const float *v3 = vertical + (ptrdiff_t)x_taps[3 * out_width + x] * C;                                     \
            for (int ch = 0; ch < C; ch++)                                                                             \
                o[ch] = tf_cubic(v0[ch], v1[ch], v2[ch], v3[ch], x_weight[x], x_weight[out_width + x],                 \
                                 x_weight[2 * out_width + x], x_weight[3 * out_width + x]);                            \
        }                                                                                                              \
    }

TF_INLINE void tf_bicubic_horizontal(const float *vertical, int channels, int out_width, const int32_t *x_base,
                                     const float *x_lanes, const int32_t *x_taps, const float *x_weight, float *out) {
    switch (channels) {
    case 1: TF_BICUBIC_HORIZONTAL(1) break;
    case 2: TF_BICUBIC_HORIZONTAL(2) break;
    case 3: TF_BICUBIC_HORIZONTAL(3) break;
    case 4: TF_BICUBIC_HORIZONTAL(4) break;
    default:
        // x_base is -1 everywhere: tf_cubic per channel.
        for (int x = 0; x < out_width; x++) {
            const float *v0 = vertical + (ptrdiff_t)x_taps[x] * channels;
            const float *v1 = vertical + (ptrdiff_t)x_taps[out_width + x] * channels;
            const float *v2 = vertical + (ptrdiff_t)x_taps[2 * out_width + x] * channels;
            const float *v3 = vertical + (ptrdiff_t)x_taps[3 * out_width + x] * channels;
            for (int ch = 0; ch < channels; ch++)
                out[(ptrdiff_t)x * channels + ch] =
                    tf_cubic(v0[ch], v1[ch], v2[ch], v3[ch], x_weight[x], x_weight[out_width + x],
                             x_weight[2 * out_width + x], x_weight[3 * out_width + x]);
        }
    }
}

TF_INLINE void tf_bicubic_rows(const uint8_t *src, const int type, ptrdiff_t src_stride, ptrdiff_t row_samples,
                               int channels, int out_height, const int32_t *y_index, const float *y_weight, int runs,
                               const int32_t *run_bounds, int out_width, const int32_t *x_base, const float *x_lanes,
                               const int32_t *x_taps, const float *x_weight, float *restrict vertical,
                               float *restrict dst) {
    for (int y = 0; y < out_height; y++) {
        const uint8_t *r0 = src + (ptrdiff_t)y_index[4 * y] * src_stride;
        const uint8_t *r1 = src + (ptrdiff_t)y_index[4 * y + 1] * src_stride;
        const uint8_t *r2 = src + (ptrdiff_t)y_index[4 * y + 2] * src_stride;
        const uint8_t *r3 = src + (ptrdiff_t)y_index[4 * y + 3] * src_stride;
        const float w0 = y_weight[4 * y], w1 = y_weight[4 * y + 1], w2 = y_weight[4 * y + 2], w3 = y_weight[4 * y + 3];
        for (int r = 0; r < runs; r++) {
            ptrdiff_t i = run_bounds[2 * r];
            const ptrdiff_t end = run_bounds[2 * r + 1];
            for (; i < end && row_samples >= 16; i += 16) {
                // A vector past the row's end is moved back to end there (recomputing a few samples, to the same values).
                const ptrdiff_t at = i + 16 <= row_samples ? i : row_samples - 16;
                const tf_f16 v = tf_cubic16(tf_load16(r0, at, type), tf_load16(r1, at, type), tf_load16(r2, at, type),
                                            tf_load16(r3, at, type), w0, w1, w2, w3);
                memcpy(vertical + at, &v, sizeof v);
            }
            for (; i < end; i++)
                vertical[i] = tf_cubic(ctk_load_sample(r0, i, type), ctk_load_sample(r1, i, type), ctk_load_sample(r2, i, type),
                                       ctk_load_sample(r3, i, type), w0, w1, w2, w3);
        }
        tf_bicubic_horizontal(vertical, channels, out_width, x_base, x_lanes, x_taps, x_weight,
                              dst + (ptrdiff_t)y * out_width * channels);
    }
}

#define TF_BICUBIC_LEVEL(suffix, target)                                                                               \
    target static void tf_bicubic_##suffix(const uint8_t *src, int type, ptrdiff_t src_stride, ptrdiff_t row_samples,  \
                                           int channels, int out_height, const int32_t *y_index, const float *y_weight, \
                                           int runs, const int32_t *run_bounds, int out_width, const int32_t *x_base,  \
                                           const float *x_lanes, const int32_t *x_taps, const float *x_weight,         \
                                           float *vertical, float *dst) {                                              \
        if (type == CTK_SAMPLE_U8)                                                                                         \
            tf_bicubic_rows(src, CTK_SAMPLE_U8, src_stride, row_samples, channels, out_height, y_index, y_weight, runs,     \
                            run_bounds, out_width, x_base, x_lanes, x_taps, x_weight, vertical, dst);                                                 \
        else if (type == CTK_SAMPLE_U16)                                                                                   \
            tf_bicubic_rows(src, CTK_SAMPLE_U16, src_stride, row_samples, channels, out_height, y_index, y_weight, runs,     \
                            run_bounds, out_width, x_base, x_lanes, x_taps, x_weight, vertical, dst);                                                 \
        else                                                                                                           \
            tf_bicubic_rows(src, CTK_SAMPLE_F32, src_stride, row_samples, channels, out_height, y_index, y_weight, runs,     \
                            run_bounds, out_width, x_base, x_lanes, x_taps, x_weight, vertical, dst);                                                 \
    }

TF_BICUBIC_LEVEL(plain, )
#if CTK_X86
TF_BICUBIC_LEVEL(avx2, __attribute__((target("avx2"))))
TF_BICUBIC_LEVEL(avx512, __attribute__((target("avx512f,avx512bw,avx512vl"))))
#endif

void ctk_tf_bicubic(const void *src, int sample_type, ptrdiff_t src_stride, ptrdiff_t row_samples, int channels,
                    int out_height, const int32_t *y_index, const float *y_weight, int runs, const int32_t *run_bounds,
                    int out_width, const int32_t *x_base, const float *x_lanes, const int32_t *x_taps,
                    const float *x_weight, float *vertical, float *dst, int level) {
#define TF_BICUBIC_ARGUMENTS                                                                                           \
    src, sample_type, src_stride, row_samples, channels, out_height, y_index, y_weight, runs, run_bounds, out_width,    \
        x_base, x_lanes, x_taps, x_weight, vertical, dst
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
