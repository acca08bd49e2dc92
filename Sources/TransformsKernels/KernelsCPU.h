// Private to the kernels: which CPU family the SIMD files are compiled for.
#ifndef IMAGO_TRANSFORMS_KERNELS_CPU_H
#define IMAGO_TRANSFORMS_KERNELS_CPU_H

#if defined(__x86_64__) || defined(__i386__)
#define CTK_X86 1
#else
#define CTK_X86 0
#endif

#endif
