// Horizontal resize plans: the AVX2 group layout and the AVX-512 window layout (see Resample8Internal.h).
#include "TransformsKernels.h"
#include "Resample8Internal.h"

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
                if (!ctk_split_weight(slot_channel[i] >= 0 && j < plan->count[x] ? w[j] : 0, &hi, &lo)) return 0;
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
                if (!ctk_signed_digits(k[x * plan->kstride + j], d)) return 0;
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
    if (!ctk_copy_taps(k, kstride, first, count, out_width, &plan->first, &plan->count, &plan->k)) goto fail;
    const int min_parts = (level & CTK_RESAMPLE_MIN_PARTS_MASK) >> 8;
    level = ctk_capped_level(level & ~CTK_RESAMPLE_MIN_PARTS_MASK);
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
