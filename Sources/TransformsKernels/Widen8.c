// uint8 samples to float32 (value * scale): a loop the compiler vectorises, compiled once per level (plain x86-64 or
// any CPU, AVX2, AVX-512) and chosen at run time. Exact at every level: each output is (float)v * scale, one rounding.
#include "KernelsCPU.h"
#include "TransformsKernels.h"

#include <stddef.h>
#include <stdint.h>

#define WIDEN_BODY                                                   \
    if (scale == 1.0f) {                                             \
        for (size_t i = 0; i < count; i++) dst[i] = (float)src[i];   \
    } else {                                                         \
        for (size_t i = 0; i < count; i++) dst[i] = (float)src[i] * scale; \
    }

static void widen_plain(const uint8_t *restrict src, float *restrict dst, size_t count, float scale) { WIDEN_BODY }

#if CTK_X86
__attribute__((target("avx2")))
static void widen_avx2(const uint8_t *restrict src, float *restrict dst, size_t count, float scale) { WIDEN_BODY }

__attribute__((target("avx512f,avx512bw,avx512vl")))
static void widen_avx512(const uint8_t *restrict src, float *restrict dst, size_t count, float scale) { WIDEN_BODY }
#endif

void ctk_widen_u8(const uint8_t *src, float *dst, size_t count, float scale, int level) {
#if CTK_X86
    const int cpu = ctk_cpu_level();
    switch (level < cpu ? level : cpu) {
    case CTK_LEVEL_AVX512: widen_avx512(src, dst, count, scale); return;
    case CTK_LEVEL_AVX2: widen_avx2(src, dst, count, scale); return;
    default: break;
    }
#else
    (void)level;
#endif
    widen_plain(src, dst, count, scale);
}
