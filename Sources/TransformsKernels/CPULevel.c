// The SIMD level of this CPU, detected once (see ctk_cpu_level in TransformsKernels.h).
#include "TransformsKernels.h"
#include "KernelsCPU.h"

#include <pthread.h>

#if CTK_X86
static pthread_once_t level_once = PTHREAD_ONCE_INIT;
static int cpu_level;

static void detect_level(void) {
    __builtin_cpu_init();
    cpu_level = CTK_LEVEL_PLAIN;
    if (!__builtin_cpu_supports("avx2")) return;
    cpu_level = CTK_LEVEL_AVX2;
    if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") && __builtin_cpu_supports("avx512vl") &&
        __builtin_cpu_supports("avx512vnni") && __builtin_cpu_supports("avx512vbmi"))
        cpu_level = CTK_LEVEL_AVX512;
}
#endif

int ctk_cpu_level(void) {
#if CTK_X86
    pthread_once(&level_once, detect_level);
    return cpu_level;
#else
    return CTK_LEVEL_PLAIN;
#endif
}
