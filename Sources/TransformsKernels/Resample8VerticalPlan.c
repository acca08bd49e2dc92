// Vertical resize plans: tap words for the AVX2 pairs and the AVX-512 quads (see Resample8Internal.h).
#include "TransformsKernels.h"
#include "Resample8Internal.h"

/// Lays out the tap words for `level`. 0 when a weight does not fit, or on allocation failure.
static int v_layout(ctk_vplan *plan, const int32_t *k, int level) {
    const int avx512 = level == CTK_LEVEL_AVX512;
    const ptrdiff_t taps_per_step = avx512 ? 4 : 2, words_per_step = avx512 ? 3 : 2;
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
                if (avx512) {  // byte i of digit word d: digit d of tap j + i
                    int8_t d[3];
                    if (!ctk_signed_digits(weight, d)) return 0;
                    for (int digit = 0; digit < 3; digit++) word[digit] |= (uint32_t)(uint8_t)d[digit] << (8 * i);
                } else {     // 16-bit lane i of the low word multiplies row j + i; the high word likewise
                    int16_t hi, lo;
                    if (!ctk_split_weight(weight, &hi, &lo)) return 0;
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
    if (!ctk_copy_taps(k, kstride, first, count, out_height, &plan->first, &plan->count, &plan->k)) goto fail;
    plan->pstart = malloc((size_t)(out_height ? out_height : 1) * sizeof(ptrdiff_t));
    if (!plan->pstart) goto fail;
    level = ctk_capped_level(level);
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
