// Private to the kernels: plan layouts shared by the plain C, AVX2 and AVX-512 files.
#ifndef IMAGO_TRANSFORMS_KERNELS_INTERNAL_H
#define IMAGO_TRANSFORMS_KERNELS_INTERNAL_H

#include "TransformsKernels.h"

#include "KernelsCPU.h"

#include <stdlib.h>
#include <string.h>

#define CTK_PRECISION_BITS 22
#define CTK_HALF (1u << (CTK_PRECISION_BITS - 1))

/// One vector of the window layout: where its 64-byte window starts in a row, how many tap steps it takes (the
/// window moves 4 x parts pixels on per step), and the byte offset of its control and digits in `weights`.
typedef struct {
    ptrdiff_t window, steps, wstart;
} ctk_window_vector;

/// A horizontal plan, in one of two layouts.
///
/// AVX2 *groups*: per output, groups of taps, each read by one 256-bit vector whose 32-bit lanes each sum one channel
/// over some taps; per 128-bit half, lane l holds channel l (3 or 4 bytes per pixel), channel l % 2 (2 bytes) or the
/// only channel (1 byte), and the lanes of an output fold alike (Resample8VectorCommon.h).
///
/// AVX-512 *windows*: outputs in blocks whose results fill one 512-bit vector, lane = (output, channel): per 128-bit
/// quarter 4 / lpo outputs of lpo lanes each (lpo, lanes per output: bpp, or 4 for 3 bytes per pixel). A block is
/// read by `window_parts` vectors (1, 2 or 4); in each, a quarter holds one part (four consecutive taps per lane) of
/// a quarter's worth of outputs, gathered by vpermb from one 64-byte window of the row. Parts of the same outputs sit
/// in adjacent quarters and are added by quarter shuffles, so the block's sums come out lane = (output, channel).
/// More parts cover larger downscales (the taps of a vector's outputs must fit its window): 1 part up to ~4x for
/// 3 bytes per pixel, 4 parts always for 3 and 4 bytes per pixel.
struct ctk_hplan {
    ptrdiff_t out_width;
    int bpp;
    int level;           // CTK_LEVEL_* the layout below is for (CTK_LEVEL_PLAIN: none, plain C rows only)
    ptrdiff_t read_end;  // furthest byte past a row's start any vector load reads (exclusive)
    ptrdiff_t *first, *count;
    int32_t *k;          // original weights, kstride per output (plain C rows)
    ptrdiff_t kstride;
    // AVX2 groups.
    int group_taps;      // taps one vector covers
    int group_bytes;     // group_taps * bpp: the step from one group's pixels to the next
    ptrdiff_t *groups;   // vector groups per output
    ptrdiff_t *wstart;   // byte offset of the output's first group in `weights`
    uint8_t shuffle[32]; // pshufb from a broadcast 16-byte load into the group's 16-bit slots (unused for 1 byte/pixel)
    // AVX-512 windows.
    int window_parts;    // vectors per block; 0: the AVX2 group layout
    ptrdiff_t blocks;
    ctk_window_vector *vectors;  // blocks * window_parts, block by block
    // 32-byte aligned. AVX2, per group: 16 int16 low halves, then 16 high halves, in the slot order of `shuffle`.
    // Windows, per vector, 64-byte aligned: the 64-byte vpermb control, then per step 64 digits d0, 64 d1, 64 d2.
    uint8_t *weights;
};

/// A vertical plan: the taps of each output row in the layout of the plan's ISA.
struct ctk_vplan {
    ptrdiff_t out_height;
    int level;
    ptrdiff_t *first, *count;
    ptrdiff_t *pstart;   // index of the row's first word in `words`
    // AVX2, per tap pair (j, j+1): low halves packed lo_j | lo_j+1 << 16, then high halves alike.
    // AVX-512, per tap quad (j...j+3): three words, digit d0 of the four taps (byte i: tap j+i), then d1, then d2.
    int32_t *words;
    int32_t *k;
    ptrdiff_t kstride;
};

// MARK: weight helpers shared by the plan files

/// `level` (flags removed) capped to what this CPU runs.
static inline int ctk_capped_level(int level) {
    int best = ctk_cpu_level();
    return level < best ? (level < CTK_LEVEL_PLAIN ? CTK_LEVEL_PLAIN : level) : best;
}

/// Splits k as hi * 2^15 + lo, lo in [0, 2^15). 0 when hi does not fit int16.
static inline int ctk_split_weight(int32_t k, int16_t *hi, int16_t *lo) {
    int32_t h = k >> 15;  // arithmetic shift (clang/gcc)
    if (h < INT16_MIN || h > INT16_MAX) return 0;
    *hi = (int16_t)h;
    *lo = (int16_t)(k & 0x7FFF);
    return 1;
}

/// Writes k as d[0] + d[1] * 2^8 + d[2] * 2^16 with every digit in [-128, 127]. 0 when |k| is too large (~2^23).
static inline int ctk_signed_digits(int32_t k, int8_t d[3]) {
    int32_t d0 = (int8_t)(uint8_t)((uint32_t)k & 0xFF), r = (k - d0) / 256;  // exact divisions
    int32_t d1 = (int8_t)(uint8_t)((uint32_t)r & 0xFF), d2 = (r - d1) / 256;
    if (d2 < INT8_MIN || d2 > INT8_MAX) return 0;
    d[0] = (int8_t)d0;
    d[1] = (int8_t)d1;
    d[2] = (int8_t)d2;
    return 1;
}

/// Copies an axis's taps (`outputs` x first, count, and `kstride` weights each) into new arrays, checking every
/// tap range. 0 on a bad range or an allocation failure; whatever was allocated is left for the plan's free function.
static inline int ctk_copy_taps(const int32_t *k, ptrdiff_t kstride, const ptrdiff_t *first, const ptrdiff_t *count,
                                ptrdiff_t outputs, ptrdiff_t **first_copy, ptrdiff_t **count_copy, int32_t **k_copy) {
    size_t n = (size_t)(outputs ? outputs : 1), weights = (size_t)kstride * (size_t)outputs;
    *first_copy = malloc(n * sizeof(ptrdiff_t));
    *count_copy = malloc(n * sizeof(ptrdiff_t));
    *k_copy = malloc(weights ? weights * sizeof(int32_t) : 1);
    if (!*first_copy || !*count_copy || !*k_copy) return 0;
    if (weights) memcpy(*k_copy, k, weights * sizeof(int32_t));
    for (ptrdiff_t i = 0; i < outputs; i++) {
        if (count[i] < 0 || first[i] < 0 || count[i] > kstride) return 0;
        (*first_copy)[i] = first[i];
        (*count_copy)[i] = count[i];
    }
    return 1;
}

void ctk_h_row_scalar(const ctk_hplan *plan, const uint8_t *src, uint8_t *dst);
void ctk_v_bytes_scalar(const ctk_vplan *plan, const uint8_t *src, ptrdiff_t src_stride, uint8_t *out, ptrdiff_t y,
                        ptrdiff_t b_begin, ptrdiff_t b_end);

#if CTK_X86
/// `rows` (1 or 4) consecutive rows of a horizontal pass; vector loads may read `plan->read_end` bytes from each row.
void ctk_h_rows_avx2(const ctk_hplan *plan, const uint8_t *src, ptrdiff_t src_stride, uint8_t *dst,
                     ptrdiff_t dst_stride, int rows);
void ctk_h_rows_window(const ctk_hplan *plan, const uint8_t *src, ptrdiff_t src_stride, uint8_t *dst,
                       ptrdiff_t dst_stride, int rows);
/// Output row y of a vertical pass, `row_bytes` >= 32.
void ctk_v_row_avx2(const ctk_vplan *plan, const uint8_t *src, ptrdiff_t src_stride, uint8_t *out, ptrdiff_t y,
                    ptrdiff_t row_bytes);
void ctk_v_row_avx512(const ctk_vplan *plan, const uint8_t *src, ptrdiff_t src_stride, uint8_t *out, ptrdiff_t y,
                    ptrdiff_t row_bytes);
#endif

#endif
