// Private to the kernels: plan layouts shared by the plain C, AVX2 and AVX-512 VNNI files.
#ifndef IMAGO_TRANSFORMS_KERNELS_INTERNAL_H
#define IMAGO_TRANSFORMS_KERNELS_INTERNAL_H

#include "TransformsKernels.h"

#include "KernelsCPU.h"

#define CTK_PRECISION_BITS 22
#define CTK_HALF (1u << (CTK_PRECISION_BITS - 1))

/// A horizontal plan. Both vector layouts read a group of taps per output with one 256-bit vector whose 32-bit lanes
/// each sum one channel over some taps, so the lanes of an output fold alike (Resample8VectorCommon.h): per 128-bit half,
/// lane l holds channel l (3 or 4 bytes per pixel), channel l % 2 (2 bytes) or the only channel (1 byte).
/// With CTK_LEVEL_AVX512, a plan may instead use the *window* layout: outputs in blocks of 16 / lanes-per-output
/// (lanes per output: bpp, or 4 for 3 bytes per pixel), one 512-bit vector per block with four taps of one
/// (output, channel) per 32-bit lane, gathered by vpermb from one 64-byte window of the row (per tap quad, the window
/// moves 4 pixels on). It needs the block's taps to fit the window, i.e. moderate downscales and every upscale.
struct ctk_hplan {
    ptrdiff_t out_width;
    int bpp;
    int level;             // CTK_LEVEL_* the layout below is for (CTK_LEVEL_PLAIN: none, plain C rows only)
    int windowed;        // 1: the window layout (then `groups`/`wstart` are per block, `shuffle` unused)
    int block_outputs;   // window layout: outputs per block
    ptrdiff_t blocks;    // window layout: number of blocks
    ptrdiff_t *window;   // window layout: byte offset of each block's first window from a row's start
    int group_taps;      // taps one vector covers
    int group_bytes;     // group_taps * bpp: the step from one group's pixels to the next
    int group_weight_bytes;  // bytes of `weights` per group: 64 (AVX2), 96 (VNNI)
    ptrdiff_t read_end;  // furthest byte past a row's start any vector load reads (exclusive)
    ptrdiff_t *first, *count;
    ptrdiff_t *groups;   // vector groups per output
    ptrdiff_t *wstart;   // byte offset of the output's first group in `weights`
    // Per group, 32-byte aligned. AVX2: 16 int16 low halves, then 16 high halves, in the 16-bit slot order of
    // `shuffle`. VNNI: 32 int8 digits d0, then d1, then d2, in the byte order of `shuffle`. Window layout, per
    // block, 64-byte aligned: the 64-byte vpermb control, then per tap quad 64 digits d0, 64 d1, 64 d2.
    uint8_t *weights;
    int32_t *k;          // original weights, kstride per output (plain C rows)
    ptrdiff_t kstride;
    uint8_t shuffle[32]; // pshufb from the loaded bytes into the group's slots (unused for 1 byte/pixel)
};

/// A vertical plan: the taps of each output row in the layout of the plan's ISA.
struct ctk_vplan {
    ptrdiff_t out_height;
    int level;
    ptrdiff_t *first, *count;
    ptrdiff_t *pstart;   // index of the row's first word in `words`
    // AVX2, per tap pair (j, j+1): low halves packed lo_j | lo_j+1 << 16, then high halves alike.
    // VNNI, per tap quad (j...j+3): three words, digit d0 of the four taps (byte i: tap j+i), then d1, then d2.
    int32_t *words;
    int32_t *k;
    ptrdiff_t kstride;
};

void ctk_h_row_scalar(const ctk_hplan *plan, const uint8_t *src, uint8_t *dst);
void ctk_v_bytes_scalar(const ctk_vplan *plan, const uint8_t *src, ptrdiff_t src_stride, uint8_t *out, ptrdiff_t y,
                        ptrdiff_t b_begin, ptrdiff_t b_end);

#if CTK_X86
/// `rows` (1 or 4) consecutive rows of a horizontal pass; vector loads may read `plan->read_end` bytes from each row.
void ctk_h_rows_avx2(const ctk_hplan *plan, const uint8_t *src, ptrdiff_t src_stride, uint8_t *dst,
                     ptrdiff_t dst_stride, int rows);
void ctk_h_rows_vnni(const ctk_hplan *plan, const uint8_t *src, ptrdiff_t src_stride, uint8_t *dst,
                     ptrdiff_t dst_stride, int rows);
void ctk_h_rows_window(const ctk_hplan *plan, const uint8_t *src, ptrdiff_t src_stride, uint8_t *dst,
                       ptrdiff_t dst_stride, int rows);
/// Output row y of a vertical pass, `row_bytes` >= 32.
void ctk_v_row_avx2(const ctk_vplan *plan, const uint8_t *src, ptrdiff_t src_stride, uint8_t *out, ptrdiff_t y,
                    ptrdiff_t row_bytes);
void ctk_v_row_vnni(const ctk_vplan *plan, const uint8_t *src, ptrdiff_t src_stride, uint8_t *out, ptrdiff_t y,
                    ptrdiff_t row_bytes);
#endif

#endif
