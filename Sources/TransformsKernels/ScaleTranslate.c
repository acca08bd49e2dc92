// The scale-and-translate passes: dispatch by kernel level, and the plain level (portable vector code; fused
// multiply-adds through the C library's correctly rounded fmaf where the CPU has no FMA instruction).
#include "ScaleTranslateInternal.h"

#include <pthread.h>

#define ST_ENTRY
#define ST_NAME(n) n##_plain
#define ST_LANES 8
#include "ScaleTranslateTemplate.h"

#if CTK_X86
static pthread_once_t fma_once = PTHREAD_ONCE_INIT;
static int has_fma;

static void detect_fma(void) {
    __builtin_cpu_init();
    has_fma = __builtin_cpu_supports("fma");
}
#endif

int ctk_st_level(int level) {
#if CTK_X86
    pthread_once(&fma_once, detect_fma);
    if (!has_fma) return CTK_LEVEL_PLAIN;
    const int cpu = ctk_cpu_level();
    return level < cpu ? level : cpu;
#else
    (void)level;
    return CTK_LEVEL_PLAIN;
#endif
}

void ctk_st_vertical(const void *src, int sample_type, ptrdiff_t src_stride, const float *weights, int taps, int runs,
                     const int32_t *run_bounds, float *dst, ptrdiff_t samples, int fused, int level) {
#if CTK_X86
    switch (ctk_st_level(level)) {
    case CTK_LEVEL_AVX512:
        ctk_st_vertical_avx512(src, sample_type, src_stride, weights, taps, runs, run_bounds, dst, samples, fused);
        return;
    case CTK_LEVEL_AVX2:
        ctk_st_vertical_avx2(src, sample_type, src_stride, weights, taps, runs, run_bounds, dst, samples, fused);
        return;
    default: break;
    }
#else
    (void)level;
#endif
    ctk_st_vertical_plain(src, sample_type, src_stride, weights, taps, runs, run_bounds, dst, samples, fused);
}

void ctk_st_vertical_pointers(const float *const *rows, const float *weights, int taps, int runs,
                              const int32_t *run_bounds, float *dst, ptrdiff_t samples, int fused, int level) {
#if CTK_X86
    switch (ctk_st_level(level)) {
    case CTK_LEVEL_AVX512: ctk_st_vertical_pointers_avx512(rows, weights, taps, runs, run_bounds, dst, samples, fused); return;
    case CTK_LEVEL_AVX2: ctk_st_vertical_pointers_avx2(rows, weights, taps, runs, run_bounds, dst, samples, fused); return;
    default: break;
    }
#else
    (void)level;
#endif
    ctk_st_vertical_pointers_plain(rows, weights, taps, runs, run_bounds, dst, samples, fused);
}

void ctk_st_horizontal(const float *row, int channels, const int32_t *first, const int32_t *offset,
                       const int32_t *count, const float *weights, int outputs, float *dst, int fused, int level) {
#if CTK_X86
    switch (ctk_st_level(level)) {
    case CTK_LEVEL_AVX512: ctk_st_horizontal_avx512(row, channels, first, offset, count, weights, outputs, dst, fused); return;
    case CTK_LEVEL_AVX2: ctk_st_horizontal_avx2(row, channels, first, offset, count, weights, outputs, dst, fused); return;
    default: break;
    }
#else
    (void)level;
#endif
    ctk_st_horizontal_plain(row, channels, first, offset, count, weights, outputs, dst, fused);
}
