// The double-precision resize passes at CTK_LEVEL_AVX512: one 512-bit vector per 8 lanes. Compiled for the x86-64
// baseline; only these functions use AVX-512 (target attribute), called only when ctk_cpu_level() allows it.
#include "KernelsCPU.h"

#if CTK_X86
#define WIDE_INLINE __attribute__((target("avx512f,avx512bw,avx512vl"), always_inline)) static inline
#define WIDE_ENTRY __attribute__((target("avx512f,avx512bw,avx512vl")))
#define WIDE_NAME(n) n##_avx512
#define WIDE_VBLOCK 8
#define WIDE_HJOBS 4
#include "ResampleWideTemplate.h"
#endif
