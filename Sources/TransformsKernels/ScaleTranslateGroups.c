// The horizontal scale-and-translate pass regrouped for a vector level (plan side, portable C). AVX-512: neighbouring
// outputs whose taps start within 32 floats of each other share one vector, so each tap is one permute of a 32-float
// window and one multiply-add for up to 16 output samples, instead of one small vector per output pixel. AVX2: two
// neighbouring pixels of 3 or 4 channels share one 8-float vector (a 4-float load per pixel and tap), with their
// weights laid out per tap as the vector wants them.
#include "ScaleTranslateInternal.h"

#include <stdlib.h>
#include <string.h>

/// Lanes per group and the window a permute of two vectors reaches.
enum { LANES = 16, WINDOW = 32 };

#if CTK_X86
/// The AVX-512 groups, or NULL when the outputs lie too far apart (or memory runs out).
static ctk_st_hgroups *create_groups(int channels, const int32_t *first, const int32_t *offset, const int32_t *count,
                                     const float *weights, int outputs) {
    if (channels < 1 || channels > LANES || outputs < 1) return NULL;
    // First pass: the groups (greedy, in output order) and the tap count of each.
    int groups = 0;
    size_t weight_floats = 0;
    for (int j = 0; j < outputs;) {
        int end = j + 1, taps = count[j];
        while (end < outputs && (end - j + 1) * channels <= LANES && first[end] >= first[j] &&
               (int64_t)(first[end] - first[j]) * channels + channels <= WINDOW) {
            if (count[end] > taps) taps = count[end];
            end++;
        }
        groups++;
        weight_floats += (size_t)taps * LANES;
        j = end;
    }
    // Worth it only when a group holds two outputs or more on average.
    if (groups * 2 > outputs) return NULL;
    ctk_st_hgroups *g = calloc(1, sizeof(*g));
    if (g == NULL) return NULL;
    g->channels = channels;
    g->count = groups;
    g->group = malloc((size_t)groups * sizeof(*g->group));
    g->index = aligned_alloc(64, (size_t)groups * LANES * sizeof(int32_t));
    g->weights = aligned_alloc(64, (weight_floats ? weight_floats : LANES) * sizeof(float));
    if (g->group == NULL || g->index == NULL || g->weights == NULL) {
        ctk_st_hgroups_destroy(g);
        return NULL;
    }
    // Second pass: each lane's offset in its group's window, and its weight per tap (0 past its own taps, which adds
    // an exact zero to the sum: the same bits as stopping there, for finite samples).
    size_t w = 0;
    int gi = 0;
    for (int j = 0; j < outputs; gi++) {
        int end = j + 1, taps = count[j];
        while (end < outputs && (end - j + 1) * channels <= LANES && first[end] >= first[j] &&
               (int64_t)(first[end] - first[j]) * channels + channels <= WINDOW) {
            if (count[end] > taps) taps = count[end];
            end++;
        }
        ctk_st_hgroup *group = &g->group[gi];
        group->sample = (int64_t)j * channels;
        group->lanes = (end - j) * channels;
        group->base = (int64_t)first[j] * channels;
        group->taps = taps;
        group->weights = (int64_t)w;
        int32_t *index = g->index + (size_t)gi * LANES;
        float *gw = g->weights + w;
        memset(gw, 0, (size_t)taps * LANES * sizeof(float));
        for (int lane = 0; lane < LANES; lane++) index[lane] = 0;
        for (int o = j; o < end; o++) {
            for (int c = 0; c < channels; c++) {
                const int lane = (o - j) * channels + c;
                index[lane] = (first[o] - first[j]) * channels + c;
                for (int k = 0; k < count[o]; k++) gw[(size_t)k * LANES + lane] = weights[offset[o] + k];
            }
        }
        w += (size_t)taps * LANES;
        j = end;
    }
    return g;
}

/// The AVX2 pairs (3 or 4 channels), or NULL when no output has taps or memory runs out.
static ctk_st_hgroups *create_pairs(int channels, const int32_t *first, const int32_t *offset, const int32_t *count,
                                    const float *weights, int outputs) {
    if ((channels != 3 && channels != 4) || outputs < 1) return NULL;
    // Every pair sums `taps` taps, so the loop's length never changes (no mispredicted exits on rows whose outputs
    // have 2 or 3 taps in no regular order). An output without taps reads a sample some other output reads.
    int taps = 0, any = -1;
    for (int j = 0; j < outputs; j++) {
        if (count[j] > taps) taps = count[j];
        if (count[j] > 0 && any < 0) any = first[j];
    }
    if (taps == 0) return NULL;
    const int pairs = (outputs + 1) / 2;
    ctk_st_hgroups *g = calloc(1, sizeof(*g));
    if (g == NULL) return NULL;
    g->channels = channels;
    g->count = pairs;
    g->outputs = outputs;
    g->pairs = 1;
    g->taps = taps;
    g->index = malloc((size_t)pairs * (size_t)taps * 2 * sizeof(int32_t));
    g->weights = aligned_alloc(32, (size_t)pairs * (size_t)taps * 8 * sizeof(float));
    if (g->index == NULL || g->weights == NULL) {
        ctk_st_hgroups_destroy(g);
        return NULL;
    }
    for (int p = 0; p < pairs; p++) {
        for (int half = 0; half < 2; half++) {
            const int o = 2 * p + 1 < outputs ? 2 * p + half : 2 * p;  // a lone last pixel fills both halves
            for (int k = 0; k < taps; k++) {
                const size_t tap = (size_t)p * taps + k;
                const int own = k < count[o];
                const int pixel = count[o] == 0 ? any : first[o] + (own ? k : count[o] - 1);
                g->index[2 * tap + half] = pixel * channels;
                for (int lane = 0; lane < 4; lane++) g->weights[8 * tap + 4 * half + lane] = own ? weights[offset[o] + k] : 0.0f;
            }
        }
    }
    return g;
}
#endif

ctk_st_hgroups *ctk_st_hgroups_create(int channels, const int32_t *first, const int32_t *offset, const int32_t *count,
                                      const float *weights, int outputs, int level, int finite_rows) {
#if CTK_X86
    if (!finite_rows) return NULL;
    const int run = ctk_st_level(level);
    ctk_st_hgroups *g = NULL;
    if (run >= CTK_LEVEL_AVX512) g = create_groups(channels, first, offset, count, weights, outputs);
    if (g == NULL && run >= CTK_LEVEL_AVX2) g = create_pairs(channels, first, offset, count, weights, outputs);
    return g;
#else
    (void)channels, (void)first, (void)offset, (void)count, (void)weights, (void)outputs, (void)level;
    (void)finite_rows;
    return NULL;
#endif
}

int ctk_st_hgroups_read_whole_rows(const ctk_st_hgroups *g) { return g != NULL && !g->pairs; }

void ctk_st_hgroups_destroy(ctk_st_hgroups *g) {
    if (g == NULL) return;
    free(g->group);
    free(g->index);
    free(g->weights);
    free(g);
}

void ctk_st_horizontal_grouped(const ctk_st_hgroups *g, const float *row, ptrdiff_t samples, float *dst, int fused) {
#if CTK_X86
    if (g->pairs)
        ctk_st_horizontal_pairs_avx2(g, row, dst, fused);
    else
        ctk_st_horizontal_grouped_avx512(g, row, samples, dst, fused);
#else
    (void)g, (void)row, (void)samples, (void)dst, (void)fused;
#endif
}
