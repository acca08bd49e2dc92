// Private to the luma kernels: the SIMD variants Luma8.c dispatches to.
#ifndef IMAGO_TRANSFORMS_KERNELS_LUMA8_INTERNAL_H
#define IMAGO_TRANSFORMS_KERNELS_LUMA8_INTERNAL_H

#include "TransformsKernels.h"

#include "KernelsCPU.h"

// Pillow's weights (Convert.c, ITU-R 601-2 in 16.16 fixed point) and rounding.
#define CTK_LUMA_R 19595
#define CTK_LUMA_G 38470
#define CTK_LUMA_B 7471
#define CTK_LUMA_ROUND 0x8000
// 38470 does not fit int16: the green weight is used twice, once in each (x, G) pair, as 19235 + 19235.
#define CTK_LUMA_G_HALF 19235

/// `width` pixels of one row (bpp 3 or 4). Reads exactly width * bpp bytes of src, writes exactly width bytes of dst.
void ctk_luma8_row_scalar(const uint8_t *src, int bpp, uint8_t *dst, ptrdiff_t width);

#if CTK_X86
void ctk_luma8_row_avx2(const uint8_t *src, int bpp, uint8_t *dst, ptrdiff_t width);
void ctk_luma8_row_avx512(const uint8_t *src, int bpp, uint8_t *dst, ptrdiff_t width);
#endif

#endif
