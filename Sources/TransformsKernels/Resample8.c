// 8-bit separable resize passes: plain C rows, and the dispatch of a plan's rows to its vector kernels.
#include "TransformsKernels.h"
#include "Resample8Internal.h"

#include <stdlib.h>
#include <string.h>

static inline uint8_t clip8(uint32_t ss) {
    int32_t v = (int32_t)ss >> CTK_PRECISION_BITS;
    return v < 0 ? 0 : v > 255 ? 255 : (uint8_t)v;
}

/// One row in plain C, Pillow's loop (wrapping uint32 arithmetic equals Pillow's int32 sums).
void ctk_h_row_scalar(const ctk_hplan *plan, const uint8_t *src, uint8_t *dst) {
    const int bpp = plan->bpp;
    for (ptrdiff_t x = 0; x < plan->out_width; x++) {
        const int32_t *w = plan->k + x * plan->kstride;
        const uint8_t *p = src + plan->first[x] * bpp;
        for (int c = 0; c < bpp; c++) {
            uint32_t ss = CTK_HALF;
            for (ptrdiff_t j = 0; j < plan->count[x]; j++) ss += (uint32_t)p[j * bpp + c] * (uint32_t)w[j];
            dst[x * bpp + c] = clip8(ss);
        }
    }
}

typedef void (*h_rows_fn)(const ctk_hplan *, const uint8_t *, ptrdiff_t, uint8_t *, ptrdiff_t, int);

void ctk_resample8_horizontal(const ctk_hplan *plan, const uint8_t *src, ptrdiff_t src_stride, ptrdiff_t src_bytes,
                              uint8_t *dst, ptrdiff_t dst_stride, ptrdiff_t r, ptrdiff_t row_end) {
    h_rows_fn rows = NULL;
#if CTK_X86
    if (plan->level == CTK_LEVEL_AVX512) rows = ctk_h_rows_window;
    if (plan->level == CTK_LEVEL_AVX2) rows = ctk_h_rows_avx2;
#endif
    if (!rows) {
        for (; r < row_end; r++) ctk_h_row_scalar(plan, src + r * src_stride, dst + r * dst_stride);
        return;
    }
    // Vector loads may read up to read_end bytes past a row's start; rows closer than that to the end of the source
    // go through a zero-padded scratch copy (plain C if no scratch could be allocated).
    for (; r + 4 <= row_end && (r + 3) * src_stride + plan->read_end <= src_bytes; r += 4)
        rows(plan, src + r * src_stride, src_stride, dst + r * dst_stride, dst_stride, 4);
    uint8_t *scratch = NULL;
    for (; r < row_end; r++) {
        const uint8_t *row = src + r * src_stride;
        uint8_t *out = dst + r * dst_stride;
        ptrdiff_t readable = src_bytes - r * src_stride;
        if (plan->read_end <= readable) {
            rows(plan, row, src_stride, out, dst_stride, 1);
            continue;
        }
        if (!scratch) scratch = malloc((size_t)plan->read_end + 32);
        if (!scratch) {
            ctk_h_row_scalar(plan, row, out);
            continue;
        }
        ptrdiff_t n = readable < 0 ? 0 : readable;
        memcpy(scratch, row, (size_t)n);
        memset(scratch + n, 0, (size_t)(plan->read_end - n));
        rows(plan, scratch, 0, out, 0, 1);
    }
    free(scratch);
}

/// Bytes [b_begin, b_end) of output row y in plain C.
void ctk_v_bytes_scalar(const ctk_vplan *plan, const uint8_t *src, ptrdiff_t src_stride, uint8_t *out, ptrdiff_t y,
                        ptrdiff_t b_begin, ptrdiff_t b_end) {
    const int32_t *w = plan->k + y * plan->kstride;
    const uint8_t *rows = src + plan->first[y] * src_stride;
    for (ptrdiff_t b = b_begin; b < b_end; b++) {
        uint32_t ss = CTK_HALF;
        for (ptrdiff_t j = 0; j < plan->count[y]; j++) ss += (uint32_t)rows[j * src_stride + b] * (uint32_t)w[j];
        out[b] = clip8(ss);
    }
}

typedef void (*v_row_fn)(const ctk_vplan *, const uint8_t *, ptrdiff_t, uint8_t *, ptrdiff_t, ptrdiff_t);

void ctk_resample8_vertical(const ctk_vplan *plan, const uint8_t *src, ptrdiff_t src_stride,
                            uint8_t *dst, ptrdiff_t dst_stride, ptrdiff_t row_bytes, ptrdiff_t y_begin, ptrdiff_t y_end) {
    v_row_fn row = NULL;
#if CTK_X86
    if (plan->level == CTK_LEVEL_AVX512) row = ctk_v_row_avx512;
    if (plan->level == CTK_LEVEL_AVX2) row = ctk_v_row_avx2;
#endif
    for (ptrdiff_t y = y_begin; y < y_end; y++) {
        uint8_t *out = dst + y * dst_stride;
        if (row && row_bytes >= 32) row(plan, src, src_stride, out, y, row_bytes);
        else ctk_v_bytes_scalar(plan, src, src_stride, out, y, 0, row_bytes);
    }
}
