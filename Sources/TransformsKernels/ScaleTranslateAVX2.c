// The scale-and-translate passes at CTK_LEVEL_AVX2 (with FMA): 8 floats per vector. Compiled for the x86-64 baseline;
// only these functions use AVX2/FMA (target attribute), called only when the CPU has both.
#include "KernelsCPU.h"

#if CTK_X86
#define ST_ENTRY __attribute__((target("avx2,fma")))
#define ST_NAME(n) n##_avx2
#define ST_LANES 8
#include "ScaleTranslateTemplate.h"
#endif
