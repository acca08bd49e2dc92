// The double-precision resize passes at CTK_LEVEL_AVX2: 256-bit vectors (two per 8-lane vector). Compiled for the
// x86-64 baseline; only these functions use AVX2 (target attribute), called only when ctk_cpu_level() allows it.
#include "KernelsCPU.h"

#if CTK_X86
#define WIDE_INLINE __attribute__((target("avx2"), always_inline)) static inline
#define WIDE_ENTRY __attribute__((target("avx2")))
#define WIDE_NAME(n) n##_avx2
#define WIDE_VBLOCK 4
#define WIDE_HJOBS 4
#include "ResampleWideTemplate.h"
#endif
