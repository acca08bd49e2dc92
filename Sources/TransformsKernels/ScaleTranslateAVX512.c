// The scale-and-translate passes at CTK_LEVEL_AVX512: 16 floats per vector. Compiled for the x86-64 baseline; only
// these functions use AVX-512 (target attribute), called only when ctk_cpu_level() allows it.
#include "KernelsCPU.h"

#if CTK_X86
#define ST_ENTRY __attribute__((target("avx512f,avx512vl,fma")))
#define ST_NAME(n) n##_avx512
#define ST_LANES 16
#include "ScaleTranslateTemplate.h"
#endif
