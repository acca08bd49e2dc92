// TensorFlow's ResizeArea into float32, bit for bit with TensorFlow 2.21's CPU kernel. For every output sample
// TensorFlow sums, for each input row i of the output's row span in order, the row's horizontal span
//   h = v[start] * start_scale + v[start + 1] + ... + v[end - 2] + v[end - 1] * end_scale   (left to right; just
//   v[start] * start_scale for a one-column span)
// into sum = sum + h * y_scale[i] from 0, and stores sum * scale, all in float32 with a rounding per operation. `h`
// depends only on the input row and the output column, so each input row's spans are computed once (a row shared by two
// output rows is reused), for 4 interleaved channels at a time, each lane with TensorFlow's order. Contraction into fused
// multiply-adds is switched off, so the bits are TensorFlow's.
#include "KernelsCPU.h"
#include "TransformsKernels.h"

#include <string.h>

#pragma STDC FP_CONTRACT OFF
#pragma clang fp contract(off)
#pragma clang diagnostic ignored "-Wpsabi"

typedef float ctk_tfa_v4 __attribute__((ext_vector_type(4)));

/// One input row as floats into `row` (static_cast<float> of each sample).
static void tf_area_widen(const uint8_t *src, int type, int samples, float *row, int level) {
    if (type == CTK_TF_U8) {
        ctk_widen_u8(src, row, (size_t)samples, 1.0f, level);
    } else if (type == CTK_TF_U16) {
        for (int i = 0; i < samples; i++) {
            uint16_t v;
            memcpy(&v, src + 2 * (ptrdiff_t)i, 2);
            row[i] = v;
        }
    } else {
        memcpy(row, src, (size_t)samples * sizeof(float));
    }
}

/// The horizontal spans of one widened row: h[x * channels + c] for every output x and channel c.
static void tf_area_spans(const float *row, int channels, int out_width, const int32_t *x_start,
                          const int32_t *x_index, const float *x_weight, float *h) {
    if (channels == 1) {
        for (int x = 0; x < out_width; x++) {
            const int32_t f = x_start[x], n = x_start[x + 1] - f;
            float sum = row[x_index[f]] * x_weight[f];
            if (n > 1) {
                for (int32_t m = f + 1; m < f + n - 1; m++) sum += row[x_index[m]];
                sum += row[x_index[f + n - 1]] * x_weight[f + n - 1];
            }
            h[x] = sum;
        }
        return;
    }
    // Four channels per vector; a pixel's last block may spill into the next pixel's samples (and `row` and `h` have
    // 4 spare floats), which the next pixel's stores overwrite.
    for (int x = 0; x < out_width; x++) {
        const int32_t f = x_start[x], n = x_start[x + 1] - f;
        for (int c = 0; c < channels; c += 4) {
            ctk_tfa_v4 v, sum;
            memcpy(&v, row + (ptrdiff_t)x_index[f] * channels + c, sizeof v);
            sum = v * x_weight[f];
            if (n > 1) {
                for (int32_t m = f + 1; m < f + n - 1; m++) {
                    memcpy(&v, row + (ptrdiff_t)x_index[m] * channels + c, sizeof v);
                    sum += v;
                }
                memcpy(&v, row + (ptrdiff_t)x_index[f + n - 1] * channels + c, sizeof v);
                sum += v * x_weight[f + n - 1];
            }
            memcpy(h + (ptrdiff_t)x * channels + c, &sum, sizeof sum);
        }
    }
}

void ctk_tf_area(const void *src, int sample_type, ptrdiff_t src_stride, int channels, int row_samples, int out_height,
                 const int32_t *y_start, const int32_t *y_index, const float *y_weight, int out_width,
                 const int32_t *x_start, const int32_t *x_index, const float *x_weight, float scale, float *row,
                 float *h, float *dst, int level) {
    const int samples = out_width * channels;
    memset(row + row_samples, 0, 4 * sizeof(float));
    int32_t cached = -1;
    for (int y = 0; y < out_height; y++) {
        float *out = dst + (ptrdiff_t)y * samples;
        for (int s = 0; s < samples; s++) out[s] = 0.0f;
        for (int32_t k = y_start[y]; k < y_start[y + 1]; k++) {
            if (y_index[k] != cached) {
                cached = y_index[k];
                tf_area_widen((const uint8_t *)src + (ptrdiff_t)cached * src_stride, sample_type, row_samples, row,
                              level);
                tf_area_spans(row, channels, out_width, x_start, x_index, x_weight, h);
            }
            const float w = y_weight[k];
            for (int s = 0; s < samples; s++) out[s] = out[s] + h[s] * w;
        }
        for (int s = 0; s < samples; s++) out[s] = out[s] * scale;
    }
}
