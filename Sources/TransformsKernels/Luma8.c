// RGB/RGBA -> L (Pillow's luma): run-time choice of the SIMD level, the plain C row, and the row loop.
#include "TransformsKernels.h"
#include "Luma8Internal.h"

void ctk_luma8_row_scalar(const uint8_t *src, int bpp, uint8_t *dst, ptrdiff_t width) {
    for (ptrdiff_t x = 0; x < width; x++, src += bpp) {
        uint32_t sum = CTK_LUMA_R * (uint32_t)src[0] + CTK_LUMA_G * (uint32_t)src[1] + CTK_LUMA_B * (uint32_t)src[2];
        dst[x] = (uint8_t)((sum + CTK_LUMA_ROUND) >> 16);
    }
}

void ctk_luma8_rows(const uint8_t *src, ptrdiff_t src_stride, int bpp, uint8_t *dst, ptrdiff_t dst_stride,
                    ptrdiff_t width, ptrdiff_t rows, int max_level) {
    if ((bpp != 3 && bpp != 4) || width <= 0 || rows <= 0) return;
    void (*row)(const uint8_t *, int, uint8_t *, ptrdiff_t) = ctk_luma8_row_scalar;
#if CTK_X86
    int level = ctk_cpu_level();
    if (max_level < level) level = max_level;
    if (level >= CTK_LEVEL_AVX512) row = ctk_luma8_row_avx512;
    else if (level == CTK_LEVEL_AVX2) row = ctk_luma8_row_avx2;
#else
    (void)max_level;
#endif
    // Packed rows on both sides are one long row: one tail for the whole image instead of one per row.
    if (src_stride == width * bpp && dst_stride == width) {
        row(src, bpp, dst, width * rows);
        return;
    }
    for (ptrdiff_t y = 0; y < rows; y++) row(src + y * src_stride, bpp, dst + y * dst_stride, width);
}
