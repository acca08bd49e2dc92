// 8-bit separable resize passes: plans (weight layouts), plain C rows, and run-time dispatch to the vector kernels.
#include "TransformsKernels.h"
#include "Resample8Internal.h"

#include <stdlib.h>
#include <string.h>

static int capped_level(int level) {
    int best = ctk_cpu_level();
    return level < best ? (level < CTK_LEVEL_PLAIN ? CTK_LEVEL_PLAIN : level) : best;
}

/// Splits k as hi * 2^15 + lo, lo in [0, 2^15). 0 when hi does not fit int16.
static int split_weight(int32_t k, int16_t *hi, int16_t *lo) {
    int32_t h = k >> 15;  // arithmetic shift (clang/gcc)
    if (h < INT16_MIN || h > INT16_MAX) return 0;
    *hi = (int16_t)h;
    *lo = (int16_t)(k & 0x7FFF);
    return 1;
}

/// Writes k as d[0] + d[1] * 2^8 + d[2] * 2^16 with every digit in [-128, 127]. 0 when |k| is too large (~2^23).
static inline int signed_digits(int32_t k, int8_t d[3]) {
    int32_t d0 = (int8_t)(uint8_t)((uint32_t)k & 0xFF), r = (k - d0) / 256;  // exact divisions
    int32_t d1 = (int8_t)(uint8_t)((uint32_t)r & 0xFF), d2 = (r - d1) / 256;
    if (d2 < INT8_MIN || d2 > INT8_MAX) return 0;
    d[0] = (int8_t)d0;
    d[1] = (int8_t)d1;
    d[2] = (int8_t)d2;
    return 1;
}

static int32_t *copy_weights(const int32_t *k, ptrdiff_t kstride, ptrdiff_t outputs) {
    size_t n = (size_t)kstride * (size_t)outputs;
    int32_t *copy = malloc(n ? n * sizeof(int32_t) : 1);
    if (copy && n) memcpy(copy, k, n * sizeof(int32_t));
    return copy;
}

// MARK: horizontal plan

/// Which tap (within its group) and channel 16-bit slot `i` of an AVX2 group vector carries (channel -1: unused).
/// The 16 slots come from one 16-byte load broadcast to both halves.
static void h_slot(int bpp, int i, int *tap, int *channel) {
    int lane = i / 8, q = i % 8, pair = q / 2, e = q % 2;
    switch (bpp) {
    case 1:
        *tap = i;
        *channel = 0;
        break;
    case 2:
        *tap = 4 * lane + (pair / 2) * 2 + e;
        *channel = pair % 2;
        break;
    default:  // 3 and 4: lane holds two taps, slots (c, tap0), (c, tap1) for c = 0...3
        *tap = 2 * lane + e;
        *channel = pair < bpp ? pair : -1;
        break;
    }
}

/// Lays out `plan` in AVX2 groups. 0 when a weight does not fit the split, or on allocation failure.
static int h_group_layout(ctk_hplan *plan, const int32_t *k) {
    const int bpp = plan->bpp;
    plan->group_taps = bpp == 1 ? 16 : bpp == 2 ? 8 : 4;
    plan->group_bytes = plan->group_taps * bpp;
    int slot_tap[16], slot_channel[16];
    for (int i = 0; i < 16; i++) h_slot(bpp, i, &slot_tap[i], &slot_channel[i]);
    size_t n = (size_t)(plan->out_width ? plan->out_width : 1);
    free(plan->weights);  // from a window layout that did not fit
    plan->weights = NULL;
    plan->groups = malloc(n * sizeof(ptrdiff_t));
    plan->wstart = malloc(n * sizeof(ptrdiff_t));
    if (!plan->groups || !plan->wstart) return 0;

    size_t total_groups = 0;
    plan->read_end = 0;
    for (ptrdiff_t x = 0; x < plan->out_width; x++) {
        plan->groups[x] = (plan->count[x] + plan->group_taps - 1) / plan->group_taps;
        plan->wstart[x] = (ptrdiff_t)total_groups * 64;
        total_groups += (size_t)plan->groups[x];
        if (plan->groups[x] > 0) {
            ptrdiff_t end = plan->first[x] * bpp + (plan->groups[x] - 1) * plan->group_bytes + 16;
            if (end > plan->read_end) plan->read_end = end;
        }
    }
    plan->weights = aligned_alloc(32, (total_groups ? total_groups : 1) * 64);
    if (!plan->weights) return 0;
    for (ptrdiff_t x = 0; x < plan->out_width; x++) {
        const int32_t *w = k + x * plan->kstride;
        for (ptrdiff_t g = 0; g < plan->groups[x]; g++) {
            uint8_t *group = plan->weights + plan->wstart[x] + g * 64;
            for (int i = 0; i < 16; i++) {
                ptrdiff_t j = g * plan->group_taps + slot_tap[i];
                int16_t hi, lo;
                if (!split_weight(slot_channel[i] >= 0 && j < plan->count[x] ? w[j] : 0, &hi, &lo)) return 0;
                memcpy(group + 2 * i, &lo, 2);
                memcpy(group + 32 + 2 * i, &hi, 2);
            }
        }
    }
    for (int i = 0; i < 16; i++) {  // the byte, then a zero high byte
        plan->shuffle[2 * i] = slot_channel[i] < 0 ? 0x80 : (uint8_t)(slot_tap[i] * bpp + slot_channel[i]);
        plan->shuffle[2 * i + 1] = 0x80;
    }
    plan->level = CTK_LEVEL_AVX2;
    return 1;
}

/// Lays out `plan` in AVX-512 windows of `parts` vectors per block (Resample8Internal.h). 0 when a vector's taps
/// do not fit its window, when a weight does not fit the digits, or on allocation failure.
static int h_window_layout(ctk_hplan *plan, const int32_t *k, int parts) {
    const int bpp = plan->bpp, lanes_per_output = bpp == 3 ? 4 : bpp, outputs_per_quarter = 4 / lanes_per_output;
    const int vector_outputs = 4 * outputs_per_quarter / parts, step_taps = 4 * parts;
    const ptrdiff_t blocks = (plan->out_width + 4 * outputs_per_quarter - 1) / (4 * outputs_per_quarter);
    const ptrdiff_t vectors = blocks * parts;
    free(plan->vectors);
    plan->vectors = malloc((size_t)(vectors ? vectors : 1) * sizeof(ctk_window_vector));
    if (!plan->vectors) return 0;
    size_t total = 0;
    plan->read_end = 0;
    for (ptrdiff_t v = 0; v < vectors; v++) {
        const ptrdiff_t x0 = v * vector_outputs, rest = plan->out_width - x0;
        const ptrdiff_t n = rest < 0 ? 0 : rest < vector_outputs ? rest : vector_outputs;
        ctk_window_vector *vec = plan->vectors + v;
        vec->steps = 0;
        for (ptrdiff_t i = 0; i < n; i++) {
            ptrdiff_t offset = plan->first[x0 + i] - plan->first[x0];
            if (offset < 0 || (offset + step_taps) * bpp > 64) return 0;  // a step's last tap byte must be < 64
            ptrdiff_t steps = (plan->count[x0 + i] + step_taps - 1) / step_taps;
            if (steps > vec->steps) vec->steps = steps;
        }
        vec->window = n > 0 ? plan->first[x0] * bpp : 0;
        vec->wstart = (ptrdiff_t)total;
        total += 64 + (size_t)vec->steps * 192;
        if (vec->steps > 0 && vec->window + (vec->steps - 1) * step_taps * bpp + 64 > plan->read_end)
            plan->read_end = vec->window + (vec->steps - 1) * step_taps * bpp + 64;
    }
    free(plan->weights);
    plan->weights = aligned_alloc(64, total ? (total + 63) / 64 * 64 : 64);
    if (!plan->weights) return 0;
    for (ptrdiff_t v = 0; v < vectors; v++) {
        const ptrdiff_t x0 = v * vector_outputs, rest = plan->out_width - x0;
        const ptrdiff_t n = rest < 0 ? 0 : rest < vector_outputs ? rest : vector_outputs;
        uint8_t *control = plan->weights + plan->vectors[v].wstart, *digits = control + 64;
        memset(control, 0, 64 + (size_t)plan->vectors[v].steps * 192);
        for (ptrdiff_t i = 0; i < n; i++) {
            // Output i of the vector: group i / outputs_per_quarter takes quarters group * parts + part.
            const ptrdiff_t x = x0 + i, offset = plan->first[x] - plan->first[x0];
            const int group = (int)(i / outputs_per_quarter), lane0 = (int)(i % outputs_per_quarter) * lanes_per_output;
            for (int part = 0; part < parts; part++)
                for (int c = 0; c < bpp; c++)
                    for (int tap = 0; tap < 4; tap++)
                        control[((group * parts + part) * 4 + lane0 + c) * 4 + tap] =
                            (uint8_t)((offset + part * 4 + tap) * bpp + c);
            for (ptrdiff_t j = 0; j < plan->count[x]; j++) {
                int8_t d[3];
                if (!signed_digits(k[x * plan->kstride + j], d)) return 0;
                const int part = (int)(j % step_taps) / 4, tap = (int)(j % 4);
                uint8_t *slot = digits + (j / step_taps) * 192 + ((group * parts + part) * 4 + lane0) * 4 + tap;
                for (int c = 0; c < bpp; c++)
                    for (int digit = 0; digit < 3; digit++) slot[digit * 64 + c * 4] = (uint8_t)d[digit];
            }
        }
    }
    plan->window_parts = parts;
    plan->blocks = blocks;
    plan->level = CTK_LEVEL_AVX512;
    return 1;
}

ctk_hplan *ctk_hplan_create(const int32_t *k, ptrdiff_t kstride, const ptrdiff_t *first, const ptrdiff_t *count,
                            ptrdiff_t out_width, int bpp, int level) {
    if (bpp < 1 || bpp > 4 || out_width < 0 || kstride < 0) return NULL;
    ctk_hplan *plan = calloc(1, sizeof *plan);
    if (!plan) return NULL;
    plan->out_width = out_width;
    plan->bpp = bpp;
    plan->kstride = kstride;
    size_t n = (size_t)(out_width ? out_width : 1);
    plan->first = malloc(n * sizeof(ptrdiff_t));
    plan->count = malloc(n * sizeof(ptrdiff_t));
    plan->k = copy_weights(k, kstride, out_width);
    if (!plan->first || !plan->count || !plan->k) goto fail;
    for (ptrdiff_t x = 0; x < out_width; x++) {
        if (count[x] < 0 || first[x] < 0 || count[x] > kstride) goto fail;
        plan->first[x] = first[x];
        plan->count[x] = count[x];
    }
    const int min_parts = (level & CTK_RESAMPLE_MIN_PARTS_MASK) >> 8;
    level = capped_level(level & ~CTK_RESAMPLE_MIN_PARTS_MASK);
    if (level == CTK_LEVEL_AVX512) {
        // The fewest parts whose windows hold the taps (fewer parts: fewer loads and no folding).
        for (int parts = 1; parts <= 4; parts *= 2)
            if (parts >= min_parts && h_window_layout(plan, k, parts)) return plan;
        level = CTK_LEVEL_AVX2;
    }
    if (level == CTK_LEVEL_AVX2 && !h_group_layout(plan, k)) goto fail;
    plan->level = level;
    return plan;
fail:
    ctk_hplan_free(plan);
    return NULL;
}

void ctk_hplan_free(ctk_hplan *plan) {
    if (!plan) return;
    free(plan->first);
    free(plan->count);
    free(plan->groups);
    free(plan->wstart);
    free(plan->vectors);
    free(plan->weights);
    free(plan->k);
    free(plan);
}

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

// MARK: vertical plan

/// Lays out the tap words for `level`. 0 when a weight does not fit, or on allocation failure.
static int v_layout(ctk_vplan *plan, const int32_t *k, int level) {
    const int vnni = level == CTK_LEVEL_AVX512;
    const ptrdiff_t taps_per_step = vnni ? 4 : 2, words_per_step = vnni ? 3 : 2;
    size_t total_words = 0;
    for (ptrdiff_t y = 0; y < plan->out_height; y++) {
        plan->pstart[y] = (ptrdiff_t)total_words;
        total_words += (size_t)((plan->count[y] + taps_per_step - 1) / taps_per_step * words_per_step);
    }
    free(plan->words);
    plan->words = malloc((total_words ? total_words : 1) * sizeof(int32_t));
    if (!plan->words) return 0;
    for (ptrdiff_t y = 0; y < plan->out_height; y++) {
        const int32_t *w = k + y * plan->kstride;
        int32_t *out = plan->words + plan->pstart[y];
        for (ptrdiff_t j = 0; j < plan->count[y]; j += taps_per_step) {
            uint32_t word[3] = {0, 0, 0};
            for (ptrdiff_t i = 0; i < taps_per_step; i++) {
                int32_t weight = j + i < plan->count[y] ? w[j + i] : 0;
                if (vnni) {  // byte i of digit word d: digit d of tap j + i
                    int8_t d[3];
                    if (!signed_digits(weight, d)) return 0;
                    for (int digit = 0; digit < 3; digit++) word[digit] |= (uint32_t)(uint8_t)d[digit] << (8 * i);
                } else {     // 16-bit lane i of the low word multiplies row j + i; the high word likewise
                    int16_t hi, lo;
                    if (!split_weight(weight, &hi, &lo)) return 0;
                    word[0] |= (uint32_t)(uint16_t)lo << (16 * i);
                    word[1] |= (uint32_t)(uint16_t)hi << (16 * i);
                }
            }
            for (ptrdiff_t i = 0; i < words_per_step; i++) *out++ = (int32_t)word[i];
        }
    }
    plan->level = level;
    return 1;
}

ctk_vplan *ctk_vplan_create(const int32_t *k, ptrdiff_t kstride, const ptrdiff_t *first, const ptrdiff_t *count,
                            ptrdiff_t out_height, int level) {
    if (out_height < 0 || kstride < 0) return NULL;
    level &= ~CTK_RESAMPLE_MIN_PARTS_MASK;
    ctk_vplan *plan = calloc(1, sizeof *plan);
    if (!plan) return NULL;
    plan->out_height = out_height;
    plan->kstride = kstride;
    size_t n = (size_t)(out_height ? out_height : 1);
    plan->first = malloc(n * sizeof(ptrdiff_t));
    plan->count = malloc(n * sizeof(ptrdiff_t));
    plan->pstart = malloc(n * sizeof(ptrdiff_t));
    plan->k = copy_weights(k, kstride, out_height);
    if (!plan->first || !plan->count || !plan->pstart || !plan->k) goto fail;
    for (ptrdiff_t y = 0; y < out_height; y++) {
        if (count[y] < 0 || first[y] < 0 || count[y] > kstride) goto fail;
        plan->first[y] = first[y];
        plan->count[y] = count[y];
    }
    level = capped_level(level);
    if (level == CTK_LEVEL_AVX512 && !v_layout(plan, k, level)) level = CTK_LEVEL_AVX2;
    if (level == CTK_LEVEL_AVX2 && !v_layout(plan, k, level)) goto fail;
    plan->level = level;
    return plan;
fail:
    ctk_vplan_free(plan);
    return NULL;
}

void ctk_vplan_free(ctk_vplan *plan) {
    if (!plan) return;
    free(plan->first);
    free(plan->count);
    free(plan->pstart);
    free(plan->words);
    free(plan->k);
    free(plan);
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
    if (plan->level == CTK_LEVEL_AVX512) row = ctk_v_row_vnni;
    if (plan->level == CTK_LEVEL_AVX2) row = ctk_v_row_avx2;
#endif
    for (ptrdiff_t y = y_begin; y < y_end; y++) {
        uint8_t *out = dst + y * dst_stride;
        if (row && row_bytes >= 32) row(plan, src, src_stride, out, y, row_bytes);
        else ctk_v_bytes_scalar(plan, src, src_stride, out, y, 0, row_bytes);
    }
}
