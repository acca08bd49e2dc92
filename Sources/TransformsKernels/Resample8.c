// 8-bit separable resize passes: plans (weight layouts), plain C rows, and run-time dispatch to the AVX2 kernels.
#include "TransformsKernels.h"
#include "Resample8Internal.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#if CTK_X86
static pthread_once_t avx2_once = PTHREAD_ONCE_INIT;
static int avx2_available;

static void detect_avx2(void) {
    __builtin_cpu_init();
    avx2_available = __builtin_cpu_supports("avx2") ? 1 : 0;
}
#endif

int ctk_resample8_has_avx2(void) {
#if CTK_X86
    pthread_once(&avx2_once, detect_avx2);
    return avx2_available;
#else
    return 0;
#endif
}

/// Splits k as hi * 2^15 + lo, lo in [0, 2^15). 0 when hi does not fit int16.
static int split_weight(int32_t k, int16_t *hi, int16_t *lo) {
    int32_t h = k >> 15;  // arithmetic shift (clang/gcc)
    if (h < INT16_MIN || h > INT16_MAX) return 0;
    *hi = (int16_t)h;
    *lo = (int16_t)(k & 0x7FFF);
    return 1;
}

static int32_t *copy_weights(const int32_t *k, ptrdiff_t kstride, ptrdiff_t outputs) {
    size_t n = (size_t)kstride * (size_t)outputs;
    int32_t *copy = malloc(n ? n * sizeof(int32_t) : 1);
    if (copy && n) memcpy(copy, k, n * sizeof(int32_t));
    return copy;
}

// MARK: horizontal plan

/// Tap (within its group) and channel that 16-bit slot `i` of a group vector carries; channel -1 for an unused slot.
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

ctk_hplan *ctk_hplan_create(const int32_t *k, ptrdiff_t kstride, const ptrdiff_t *first, const ptrdiff_t *count,
                            ptrdiff_t out_width, int bpp) {
    if (bpp < 1 || bpp > 4 || out_width < 0 || kstride < 0) return NULL;
    ctk_hplan *plan = calloc(1, sizeof *plan);
    if (!plan) return NULL;
    plan->out_width = out_width;
    plan->bpp = bpp;
    plan->kstride = kstride;
    plan->group_taps = bpp == 1 ? 16 : bpp == 2 ? 8 : 4;
    plan->group_bytes = plan->group_taps * bpp;
    int slot_tap[16], slot_channel[16];
    for (int i = 0; i < 16; i++) h_slot(bpp, i, &slot_tap[i], &slot_channel[i]);
    size_t n = (size_t)(out_width ? out_width : 1);
    plan->first = malloc(n * sizeof(ptrdiff_t));
    plan->count = malloc(n * sizeof(ptrdiff_t));
    plan->groups = malloc(n * sizeof(ptrdiff_t));
    plan->wstart = malloc(n * sizeof(ptrdiff_t));
    plan->k = copy_weights(k, kstride, out_width);
    if (!plan->first || !plan->count || !plan->groups || !plan->wstart || !plan->k) goto fail;

    size_t total_groups = 0;
    for (ptrdiff_t x = 0; x < out_width; x++) {
        if (count[x] < 0 || first[x] < 0 || count[x] > kstride) goto fail;
        plan->first[x] = first[x];
        plan->count[x] = count[x];
        plan->groups[x] = (count[x] + plan->group_taps - 1) / plan->group_taps;
        plan->wstart[x] = (ptrdiff_t)total_groups * 32;
        total_groups += (size_t)plan->groups[x];
        if (plan->groups[x] > 0) {
            ptrdiff_t end = first[x] * bpp + (plan->groups[x] - 1) * plan->group_bytes + 16;
            if (end > plan->read_end) plan->read_end = end;
        }
    }
    plan->weights = aligned_alloc(32, (total_groups ? total_groups : 1) * 64);
    if (!plan->weights) goto fail;
    for (ptrdiff_t x = 0; x < out_width; x++) {
        const int32_t *w = k + x * kstride;
        for (ptrdiff_t g = 0; g < plan->groups[x]; g++) {
            int16_t *lo = plan->weights + plan->wstart[x] + g * 32, *hi = lo + 16;
            for (int i = 0; i < 16; i++) {
                ptrdiff_t j = g * plan->group_taps + slot_tap[i];
                lo[i] = hi[i] = 0;
                if (slot_channel[i] >= 0 && j < count[x] && !split_weight(w[j], &hi[i], &lo[i])) goto fail;
            }
        }
    }
    for (int i = 0; i < 16; i++) {
        uint8_t byte = slot_channel[i] < 0 ? 0x80 : (uint8_t)(slot_tap[i] * bpp + slot_channel[i]);
        plan->shuffle[2 * i] = byte;
        plan->shuffle[2 * i + 1] = 0x80;  // zero high byte: 16-bit lanes
    }
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

void ctk_resample8_horizontal(const ctk_hplan *plan, const uint8_t *src, ptrdiff_t src_stride, ptrdiff_t src_bytes,
                              uint8_t *dst, ptrdiff_t dst_stride, ptrdiff_t row_begin, ptrdiff_t row_end) {
#if CTK_X86
    if (ctk_resample8_has_avx2()) {
        ctk_h_avx2(plan, src, src_stride, src_bytes, dst, dst_stride, row_begin, row_end);
        return;
    }
#endif
    (void)src_bytes;
    for (ptrdiff_t r = row_begin; r < row_end; r++) ctk_h_row_scalar(plan, src + r * src_stride, dst + r * dst_stride);
}

// MARK: vertical plan

ctk_vplan *ctk_vplan_create(const int32_t *k, ptrdiff_t kstride, const ptrdiff_t *first, const ptrdiff_t *count,
                            ptrdiff_t out_height) {
    if (out_height < 0 || kstride < 0) return NULL;
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
    size_t total_pairs = 0;
    for (ptrdiff_t y = 0; y < out_height; y++) {
        if (count[y] < 0 || first[y] < 0 || count[y] > kstride) goto fail;
        plan->first[y] = first[y];
        plan->count[y] = count[y];
        plan->pstart[y] = (ptrdiff_t)total_pairs * 2;
        total_pairs += (size_t)(count[y] + 1) / 2;
    }
    plan->pairs = malloc((total_pairs ? total_pairs : 1) * 2 * sizeof(int32_t));
    if (!plan->pairs) goto fail;
    for (ptrdiff_t y = 0; y < out_height; y++) {
        const int32_t *w = k + y * kstride;
        int32_t *out = plan->pairs + plan->pstart[y];
        for (ptrdiff_t j = 0; j < count[y]; j += 2) {
            int16_t hi0, lo0, hi1 = 0, lo1 = 0;
            if (!split_weight(w[j], &hi0, &lo0)) goto fail;
            if (j + 1 < count[y] && !split_weight(w[j + 1], &hi1, &lo1)) goto fail;
            // 16-bit lane 0 multiplies row j, lane 1 row j + 1.
            *out++ = (int32_t)((uint32_t)(uint16_t)lo0 | (uint32_t)(uint16_t)lo1 << 16);
            *out++ = (int32_t)((uint32_t)(uint16_t)hi0 | (uint32_t)(uint16_t)hi1 << 16);
        }
    }
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
    free(plan->pairs);
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

void ctk_resample8_vertical(const ctk_vplan *plan, const uint8_t *src, ptrdiff_t src_stride,
                            uint8_t *dst, ptrdiff_t dst_stride, ptrdiff_t row_bytes, ptrdiff_t y_begin, ptrdiff_t y_end) {
#if CTK_X86
    if (ctk_resample8_has_avx2()) {
        ctk_v_avx2(plan, src, src_stride, dst, dst_stride, row_bytes, y_begin, y_end);
        return;
    }
#endif
    for (ptrdiff_t y = y_begin; y < y_end; y++) ctk_v_bytes_scalar(plan, src, src_stride, dst + y * dst_stride, y, 0, row_bytes);
}
