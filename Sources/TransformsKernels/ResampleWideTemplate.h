// The double-precision resize passes for one kernel level. Not a header of its own: each ResampleWide*.c file defines
//   WIDE_INLINE  the attributes of the inline helpers (always_inline, plus the level's target)
//   WIDE_ENTRY   the attributes of the two entry points
//   WIDE_NAME(n) the entry point's name for the level (n ## _avx2 ...)
//   WIDE_VBLOCK  8-sample vectors per block of the vertical pass (its independent accumulators)
//   WIDE_HJOBS   horizontal outputs summed in lockstep (independent accumulators of 8 rows each)
// then includes this file once.
//
// Exactness: every lane computes ss = 0.0, then ss = ss + in * w per tap in tap order, which is Pillow's scalar loop;
// contraction into fused multiply-adds is switched off below (the AVX-512 target has FMA instructions). Conversions
// of uint16 and float samples to double (through float for uint16) are exact.
#include "ResampleWideInternal.h"

#include <stdlib.h>
#include <string.h>

#pragma STDC FP_CONTRACT OFF
#pragma clang fp contract(off)
// The helpers pass 8-lane vectors by value; all are always_inline, so no call (and no vector ABI) is left.
#pragma clang diagnostic ignored "-Wpsabi"

/// One sample at p as a double.
WIDE_INLINE double wide_load1(const uint8_t *p, const int type) {
    if (type == CTK_WIDE_U16) {
        uint16_t v;
        memcpy(&v, p, 2);
        return v;
    }
    float f;
    memcpy(&f, p, 4);
    return f;
}

/// Eight consecutive samples at p as floats (exact for uint16).
WIDE_INLINE ctk_wf8 wide_load8f(const uint8_t *p, const int type) {
    if (type == CTK_WIDE_U16) {
        ctk_wu8 u;
        memcpy(&u, p, sizeof u);
        return __builtin_convertvector(u, ctk_wf8);
    }
    ctk_wf8 f;
    memcpy(&f, p, sizeof f);
    return f;
}

WIDE_INLINE ctk_wd8 wide_load8d(const uint8_t *p, const int type) {
    return __builtin_convertvector(wide_load8f(p, type), ctk_wd8);
}

/// Pillow's store of one sum: uint16 rounds half away from zero and clamps (a negative sum rounds to <= 0, so
/// clamping it to 0 first changes nothing), float casts.
WIDE_INLINE void wide_store1(double ss, uint8_t *p, const int type) {
    if (type == CTK_WIDE_U16) {
        double v = (ss > 0 ? ss : 0.0) + 0.5;
        uint16_t u = (uint16_t)(int32_t)(v < 65535.0 ? v : 65535.0);
        memcpy(p, &u, 2);
    } else {
        float f = (float)ss;
        memcpy(p, &f, 4);
    }
}

/// The eight sums of `ss` as `wide_store1` would store them, in a vector of 16-bit or 32-bit samples.
WIDE_INLINE ctk_wu8 wide_round8_u16(ctk_wd8 ss) {
    ctk_wd8 v = __builtin_elementwise_max(ss, (ctk_wd8)0.0) + 0.5;
    v = __builtin_elementwise_min(v, (ctk_wd8)65535.0);
    return __builtin_convertvector(__builtin_convertvector(v, ctk_wi8), ctk_wu8);
}

WIDE_INLINE void wide_store8(ctk_wd8 ss, uint8_t *p, const int type) {
    if (type == CTK_WIDE_U16) {
        ctk_wu8 u = wide_round8_u16(ss);
        memcpy(p, &u, sizeof u);
    } else {
        ctk_wf8 f = __builtin_convertvector(ss, ctk_wf8);
        memcpy(p, &f, sizeof f);
    }
}

// MARK: vertical pass: lanes are adjacent samples of a row, one broadcast weight per tap.

WIDE_INLINE void wide_v_rows(const ctk_wide_taps *taps, const int type, const uint8_t *src, ptrdiff_t src_stride,
                             uint8_t *dst, ptrdiff_t dst_stride, ptrdiff_t samples, ptrdiff_t y_begin, ptrdiff_t y_end) {
    const ptrdiff_t size = type == CTK_WIDE_U16 ? 2 : 4;
    for (ptrdiff_t y = y_begin; y < y_end; y++) {
        const double *w = taps->k + y * taps->kstride;
        const ptrdiff_t n = taps->count[y];
        const uint8_t *base = src + taps->first[y] * src_stride;
        uint8_t *out = dst + y * dst_stride;
        ptrdiff_t s = 0;
        for (; s + 8 * WIDE_VBLOCK <= samples; s += 8 * WIDE_VBLOCK) {
            ctk_wd8 acc[WIDE_VBLOCK];
            for (int b = 0; b < WIDE_VBLOCK; b++) acc[b] = (ctk_wd8)0.0;
            const uint8_t *p = base + s * size;
            for (ptrdiff_t j = 0; j < n; j++, p += src_stride) {
                const double wj = w[j];
                for (int b = 0; b < WIDE_VBLOCK; b++) acc[b] = acc[b] + wide_load8d(p + b * 8 * size, type) * wj;
            }
            for (int b = 0; b < WIDE_VBLOCK; b++) wide_store8(acc[b], out + (s + 8 * b) * size, type);
        }
        for (; s + 8 <= samples; s += 8) {
            ctk_wd8 acc = (ctk_wd8)0.0;
            const uint8_t *p = base + s * size;
            for (ptrdiff_t j = 0; j < n; j++, p += src_stride) acc = acc + wide_load8d(p, type) * w[j];
            wide_store8(acc, out + s * size, type);
        }
        for (; s < samples; s++) {
            double ss = 0.0;
            const uint8_t *p = base + s * size;
            for (ptrdiff_t j = 0; j < n; j++, p += src_stride) ss = ss + wide_load1(p, type) * w[j];
            wide_store1(ss, out + s * size, type);
        }
    }
}

WIDE_ENTRY void WIDE_NAME(ctk_wide_v_rows)(const ctk_wide_taps *taps, int type, const uint8_t *src, ptrdiff_t src_stride,
                                           uint8_t *dst, ptrdiff_t dst_stride, ptrdiff_t samples, ptrdiff_t y_begin,
                                           ptrdiff_t y_end) {
    if (type == CTK_WIDE_U16)
        wide_v_rows(taps, CTK_WIDE_U16, src, src_stride, dst, dst_stride, samples, y_begin, y_end);
    else
        wide_v_rows(taps, CTK_WIDE_F32, src, src_stride, dst, dst_stride, samples, y_begin, y_end);
}

// MARK: horizontal pass: lanes are 8 rows. A block of rows is first transposed into doubles, one 8-lane vector per
// source sample (`t`), so that each tap of an output is one aligned load times one broadcast weight.

/// Transposes 8 rows of 8 floats: c[k][i] = r[i][k].
WIDE_INLINE void wide_transpose8(const ctk_wf8 r[8], ctk_wf8 c[8]) {
    ctk_wf8 t[8], u[8];
    for (int i = 0; i < 8; i += 2) {
        t[i] = __builtin_shufflevector(r[i], r[i + 1], 0, 8, 1, 9, 4, 12, 5, 13);
        t[i + 1] = __builtin_shufflevector(r[i], r[i + 1], 2, 10, 3, 11, 6, 14, 7, 15);
    }
    for (int i = 0; i < 8; i += 4) {
        for (int h = 0; h < 2; h++) {
            u[i + 2 * h] = __builtin_shufflevector(t[i + h], t[i + h + 2], 0, 1, 8, 9, 4, 5, 12, 13);
            u[i + 2 * h + 1] = __builtin_shufflevector(t[i + h], t[i + h + 2], 2, 3, 10, 11, 6, 7, 14, 15);
        }
    }
    for (int k = 0; k < 4; k++) {
        c[k] = __builtin_shufflevector(u[k], u[k + 4], 0, 1, 2, 3, 8, 9, 10, 11);
        c[k + 4] = __builtin_shufflevector(u[k], u[k + 4], 4, 5, 6, 7, 12, 13, 14, 15);
    }
}

/// Samples [lo, hi) of the 8 rows into t: t[(s - lo) * 8 + i] = row i's sample s.
WIDE_INLINE void wide_h_transpose(const uint8_t *const rows[8], ptrdiff_t lo, ptrdiff_t hi, double *t, const int type) {
    const ptrdiff_t size = type == CTK_WIDE_U16 ? 2 : 4;
    ptrdiff_t s = lo;
    for (; s + 8 <= hi; s += 8) {
        ctk_wf8 r[8], c[8];
        for (int i = 0; i < 8; i++) r[i] = wide_load8f(rows[i] + s * size, type);
        wide_transpose8(r, c);
        for (int k = 0; k < 8; k++) *(ctk_wd8 *)(t + (s - lo + k) * 8) = __builtin_convertvector(c[k], ctk_wd8);
    }
    for (; s < hi; s++)
        for (int i = 0; i < 8; i++) t[(s - lo) * 8 + i] = wide_load1(rows[i] + s * size, type);
}

/// A job's eight sums (lane = row) as the values to store, in floats: uint16 results are exact in float.
WIDE_INLINE ctk_wf8 wide_h_result(ctk_wd8 ss, const int type) {
    if (type == CTK_WIDE_U16) return __builtin_convertvector(wide_round8_u16(ss), ctk_wf8);
    return __builtin_convertvector(ss, ctk_wf8);
}

/// Stores `n` jobs' results (res[job][row]) from sample `sample` on, in the first `valid` rows: eight jobs by
/// transposing them into row vectors, fewer lane by lane.
WIDE_INLINE void wide_h_store(ctk_wf8 res[8], int n, uint8_t *const out[8], int valid, ptrdiff_t sample,
                              const int type) {
    const ptrdiff_t size = type == CTK_WIDE_U16 ? 2 : 4;
    if (n == 8) {
        ctk_wf8 rows[8];
        wide_transpose8(res, rows);
        for (int i = 0; i < valid; i++) {
            if (type == CTK_WIDE_U16) {
                const ctk_wu8 u = __builtin_convertvector(rows[i], ctk_wu8);
                memcpy(out[i] + sample * 2, &u, sizeof u);
            } else {
                memcpy(out[i] + sample * 4, &rows[i], sizeof rows[i]);
            }
        }
        return;
    }
    for (int g = 0; g < n; g++) {
#pragma clang loop vectorize(disable)
        for (int i = 0; i < valid; i++) {
            const float v = res[g][i];
            if (type == CTK_WIDE_U16) {
                const uint16_t u = (uint16_t)v;
                memcpy(out[i] + (sample + g) * size, &u, 2);
            } else {
                memcpy(out[i] + (sample + g) * size, &v, 4);
            }
        }
    }
}

/// The sum of one job (an output's channel) over taps [from, n) of its column `p` of t, continuing `acc`.
WIDE_INLINE ctk_wd8 wide_h_taps(ctk_wd8 acc, const double *p, const double *w, ptrdiff_t from, ptrdiff_t n,
                                ptrdiff_t step) {
    for (ptrdiff_t j = from; j < n; j++) acc = acc + *(const ctk_wd8 *)(p + j * step) * w[j];
    return acc;
}

/// One block of up to 8 rows (`valid`), already transposed into t from sample `lo` on. A job is one (output, channel)
/// sum; jobs go in chunks of eight (stored together), within which WIDE_HJOBS consecutive jobs run in lockstep over
/// their common taps, then each finishes its own.
WIDE_INLINE void wide_h_block(const ctk_wide_taps *taps, const int type, const int channels, const double *t,
                              ptrdiff_t lo, uint8_t *const out[8], int valid) {
    const ptrdiff_t jobs = taps->outputs * channels;
    const ptrdiff_t step = channels * 8;  // doubles between taps of one job in t
    for (ptrdiff_t chunk = 0; chunk < jobs; chunk += 8) {
        const int n = jobs - chunk < 8 ? (int)(jobs - chunk) : 8;
        ctk_wf8 res[8];
        int done = 0;
        for (; done + WIDE_HJOBS <= n; done += WIDE_HJOBS) {
            const double *w[WIDE_HJOBS], *p[WIDE_HJOBS];
            ptrdiff_t count[WIDE_HJOBS], common = PTRDIFF_MAX;
            ctk_wd8 acc[WIDE_HJOBS];
            for (int g = 0; g < WIDE_HJOBS; g++) {
                const ptrdiff_t job = chunk + done + g, x = job / channels, ch = job % channels;
                w[g] = taps->k + x * taps->kstride;
                p[g] = t + (taps->first[x] * channels + ch - lo) * 8;
                count[g] = taps->count[x];
                common = count[g] < common ? count[g] : common;
                acc[g] = (ctk_wd8)0.0;
            }
            for (ptrdiff_t j = 0; j < common; j++)
                for (int g = 0; g < WIDE_HJOBS; g++) acc[g] = acc[g] + *(const ctk_wd8 *)(p[g] + j * step) * w[g][j];
            for (int g = 0; g < WIDE_HJOBS; g++)
                res[done + g] = wide_h_result(wide_h_taps(acc[g], p[g], w[g], common, count[g], step), type);
        }
        for (; done < n; done++) {
            const ptrdiff_t job = chunk + done, x = job / channels, ch = job % channels;
            const double *p = t + (taps->first[x] * channels + ch - lo) * 8;
            res[done] = wide_h_result(wide_h_taps((ctk_wd8)0.0, p, taps->k + x * taps->kstride, 0, taps->count[x], step), type);
        }
        wide_h_store(res, n, out, valid, chunk, type);
    }
}

/// Pillow's own loop, for when the block buffer cannot be allocated.
WIDE_INLINE void wide_h_rows_scalar(const ctk_wide_taps *taps, const int type, const int channels, const uint8_t *src,
                                    ptrdiff_t src_stride, uint8_t *dst, ptrdiff_t dst_stride, ptrdiff_t row_begin,
                                    ptrdiff_t row_end) {
    const ptrdiff_t size = type == CTK_WIDE_U16 ? 2 : 4;
    for (ptrdiff_t r = row_begin; r < row_end; r++)
        for (ptrdiff_t x = 0; x < taps->outputs; x++)
            for (int ch = 0; ch < channels; ch++) {
                const double *w = taps->k + x * taps->kstride;
                const uint8_t *p = src + r * src_stride + (taps->first[x] * channels + ch) * size;
                double ss = 0.0;
                for (ptrdiff_t j = 0; j < taps->count[x]; j++) ss = ss + wide_load1(p + j * channels * size, type) * w[j];
                wide_store1(ss, dst + r * dst_stride + (x * channels + ch) * size, type);
            }
}

WIDE_INLINE void wide_h_rows(const ctk_wide_taps *taps, const int type, const int channels, const uint8_t *src,
                            ptrdiff_t src_stride, uint8_t *dst, ptrdiff_t dst_stride, ptrdiff_t row_begin,
                            ptrdiff_t row_end) {
    // The samples any output reads.
    ptrdiff_t lo = PTRDIFF_MAX, hi = 0;
    for (ptrdiff_t x = 0; x < taps->outputs; x++) {
        if (taps->count[x] <= 0) continue;
        const ptrdiff_t a = taps->first[x] * channels, b = (taps->first[x] + taps->count[x]) * channels;
        lo = a < lo ? a : lo;
        hi = b > hi ? b : hi;
    }
    if (lo >= hi) lo = hi = 0;
    double *t = aligned_alloc(64, (size_t)(hi - lo + 1) * 8 * sizeof(double));
    if (!t) {
        wide_h_rows_scalar(taps, type, channels, src, src_stride, dst, dst_stride, row_begin, row_end);
        return;
    }
    for (ptrdiff_t r0 = row_begin; r0 < row_end; r0 += 8) {
        const int valid = row_end - r0 < 8 ? (int)(row_end - r0) : 8;
        const uint8_t *rows[8];
        uint8_t *out[8];
        for (int i = 0; i < 8; i++) {  // lanes past the last row repeat it, and are not stored
            rows[i] = src + (r0 + (i < valid ? i : 0)) * src_stride;
            out[i] = dst + (r0 + (i < valid ? i : 0)) * dst_stride;
        }
        wide_h_transpose(rows, lo, hi, t, type);
        wide_h_block(taps, type, channels, t, lo, out, valid);
    }
    free(t);
}

#define WIDE_H_CASE(type, channels) \
    wide_h_rows(taps, type, channels, src, src_stride, dst, dst_stride, row_begin, row_end); \
    return

WIDE_ENTRY void WIDE_NAME(ctk_wide_h_rows)(const ctk_wide_taps *taps, int type, int channels, const uint8_t *src,
                                          ptrdiff_t src_stride, uint8_t *dst, ptrdiff_t dst_stride,
                                          ptrdiff_t row_begin, ptrdiff_t row_end) {
    // The common sample types and channel counts get their own loops (constant channel arithmetic).
    if (type == CTK_WIDE_U16) {
        switch (channels) {
        case 1: WIDE_H_CASE(CTK_WIDE_U16, 1);
        case 3: WIDE_H_CASE(CTK_WIDE_U16, 3);
        case 4: WIDE_H_CASE(CTK_WIDE_U16, 4);
        default: WIDE_H_CASE(CTK_WIDE_U16, channels);
        }
    }
    switch (channels) {
    case 1: WIDE_H_CASE(CTK_WIDE_F32, 1);
    case 3: WIDE_H_CASE(CTK_WIDE_F32, 3);
    case 4: WIDE_H_CASE(CTK_WIDE_F32, 4);
    default: WIDE_H_CASE(CTK_WIDE_F32, channels);
    }
}

#undef WIDE_H_CASE
