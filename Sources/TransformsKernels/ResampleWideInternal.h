// Private to the kernels: the double-precision resize passes (TransformsKernels.h, "double-precision resize passes"),
// shared by the plain C, AVX2 and AVX-512 files, each of which instantiates ResampleWideTemplate.h once.
#ifndef IMAGO_TRANSFORMS_KERNELS_WIDE_INTERNAL_H
#define IMAGO_TRANSFORMS_KERNELS_WIDE_INTERNAL_H

#include "TransformsKernels.h"
#include "KernelsCPU.h"

#include <stdint.h>

/// Eight doubles: the lanes every kernel level works in (one 512-bit, two 256-bit or four 128-bit registers).
typedef double ctk_wd8 __attribute__((ext_vector_type(8)));
typedef float ctk_wf8 __attribute__((ext_vector_type(8)));
typedef uint16_t ctk_wu8 __attribute__((ext_vector_type(8)));
typedef int32_t ctk_wi8 __attribute__((ext_vector_type(8)));

void ctk_wide_h_rows_plain(const ctk_wide_taps *taps, int type, int channels, const uint8_t *src, ptrdiff_t src_stride,
                          uint8_t *dst, ptrdiff_t dst_stride, ptrdiff_t row_begin, ptrdiff_t row_end);
void ctk_wide_v_rows_plain(const ctk_wide_taps *taps, int type, const uint8_t *src, ptrdiff_t src_stride,
                           uint8_t *dst, ptrdiff_t dst_stride, ptrdiff_t samples, ptrdiff_t y_begin, ptrdiff_t y_end);
#if CTK_X86
void ctk_wide_h_rows_avx2(const ctk_wide_taps *taps, int type, int channels, const uint8_t *src, ptrdiff_t src_stride,
                         uint8_t *dst, ptrdiff_t dst_stride, ptrdiff_t row_begin, ptrdiff_t row_end);
void ctk_wide_v_rows_avx2(const ctk_wide_taps *taps, int type, const uint8_t *src, ptrdiff_t src_stride,
                          uint8_t *dst, ptrdiff_t dst_stride, ptrdiff_t samples, ptrdiff_t y_begin, ptrdiff_t y_end);
void ctk_wide_h_rows_avx512(const ctk_wide_taps *taps, int type, int channels, const uint8_t *src, ptrdiff_t src_stride,
                           uint8_t *dst, ptrdiff_t dst_stride, ptrdiff_t row_begin, ptrdiff_t row_end);
void ctk_wide_v_rows_avx512(const ctk_wide_taps *taps, int type, const uint8_t *src, ptrdiff_t src_stride,
                            uint8_t *dst, ptrdiff_t dst_stride, ptrdiff_t samples, ptrdiff_t y_begin, ptrdiff_t y_end);
#endif

#endif
