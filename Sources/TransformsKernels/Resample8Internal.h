// Private to the kernels: plan layouts shared by the plain C and AVX2 files.
#ifndef IMAGO_TRANSFORMS_KERNELS_INTERNAL_H
#define IMAGO_TRANSFORMS_KERNELS_INTERNAL_H

#include "TransformsKernels.h"

#if defined(__x86_64__) || defined(__i386__)
#define CTK_X86 1
#else
#define CTK_X86 0
#endif

#define CTK_PRECISION_BITS 22
#define CTK_HALF (1u << (CTK_PRECISION_BITS - 1))

struct ctk_hplan {
    ptrdiff_t out_width;
    int bpp;
    int group_taps;   // taps one 256-bit vector covers: 16 (1 byte/pixel), 8 (2), 4 (3 or 4)
    int group_bytes;  // group_taps * bpp
    ptrdiff_t read_end;  // furthest byte past a row's start any vector load reads (exclusive)
    ptrdiff_t *first, *count;
    ptrdiff_t *groups;   // vector groups per output
    ptrdiff_t *wstart;   // index of the output's first group in `weights`
    int16_t *weights;    // per group: 16 low halves, then 16 high halves, in the slot order of `shuffle`
    int32_t *k;          // original weights, kstride per output (plain C rows)
    ptrdiff_t kstride;
    uint8_t shuffle[32]; // pshufb of a broadcast 16-byte load into the group's 16-bit slots (unused for 1 byte/pixel)
};

struct ctk_vplan {
    ptrdiff_t out_height;
    ptrdiff_t *first, *count;
    ptrdiff_t *pstart;   // index of the row's first pair word in `pairs`
    int32_t *pairs;      // per tap pair (j, j+1): low halves packed lo_j | lo_j+1 << 16, then high halves alike
    int32_t *k;
    ptrdiff_t kstride;
};

void ctk_h_row_scalar(const ctk_hplan *plan, const uint8_t *src, uint8_t *dst);
void ctk_v_bytes_scalar(const ctk_vplan *plan, const uint8_t *src, ptrdiff_t src_stride, uint8_t *out, ptrdiff_t y,
                        ptrdiff_t b_begin, ptrdiff_t b_end);

#if CTK_X86
void ctk_h_avx2(const ctk_hplan *plan, const uint8_t *src, ptrdiff_t src_stride, ptrdiff_t src_bytes,
                uint8_t *dst, ptrdiff_t dst_stride, ptrdiff_t row_begin, ptrdiff_t row_end);
void ctk_v_avx2(const ctk_vplan *plan, const uint8_t *src, ptrdiff_t src_stride,
                uint8_t *dst, ptrdiff_t dst_stride, ptrdiff_t row_bytes, ptrdiff_t y_begin, ptrdiff_t y_end);
#endif

#endif
