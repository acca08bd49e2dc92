// Private to the kernels: what the AVX2 and AVX-512 passes share: the specialisation of a row kernel on its row
// count and pixel size, and the walk over a vertical output row in fixed-size blocks.
#ifndef IMAGO_TRANSFORMS_KERNELS_VECTOR_COMMON_H
#define IMAGO_TRANSFORMS_KERNELS_VECTOR_COMMON_H

#include "Resample8Internal.h"

/// Calls the always-inline `kernel(plan, src, src_stride, dst, dst_stride, ROWS, BPP)` with ROWS (1 or 4) and
/// BPP (1...4) as constants, so each combination compiles to its own specialised loop.
#define CTK_SPECIALISE_ROWS_BPP(kernel, plan, src, src_stride, dst, dst_stride, rows, bpp)                     \
    do {                                                                                                       \
        switch ((rows) == 4 ? (bpp) : -(bpp)) {                                                                \
        case 1: kernel(plan, src, src_stride, dst, dst_stride, 4, 1); break;                                   \
        case 2: kernel(plan, src, src_stride, dst, dst_stride, 4, 2); break;                                   \
        case 3: kernel(plan, src, src_stride, dst, dst_stride, 4, 3); break;                                   \
        case 4: kernel(plan, src, src_stride, dst, dst_stride, 4, 4); break;                                   \
        case -1: kernel(plan, src, src_stride, dst, dst_stride, 1, 1); break;                                  \
        case -2: kernel(plan, src, src_stride, dst, dst_stride, 1, 2); break;                                  \
        case -3: kernel(plan, src, src_stride, dst, dst_stride, 1, 3); break;                                  \
        default: kernel(plan, src, src_stride, dst, dst_stride, 1, 4); break;                                  \
        }                                                                                                      \
    } while (0)

/// Output row y of a vertical pass (row_bytes >= size) as `block(rows, src_stride, count, words, out, b)` calls for
/// `size`-byte blocks at offsets b; the last block overlaps the previous one when row_bytes is not a multiple of
/// `size` (the same values are rewritten).
#define CTK_EACH_BLOCK_OF_ROW(block, size, plan, src, src_stride, out, y, row_bytes)                           \
    do {                                                                                                       \
        const uint8_t *rows_ = (src) + (plan)->first[y] * (src_stride);                                        \
        const int32_t *words_ = (plan)->words + (plan)->pstart[y];                                             \
        for (ptrdiff_t b_ = 0;; b_ += (size)) {                                                                \
            if (b_ + (size) > (row_bytes)) b_ = (row_bytes) - (size);                                          \
            block(rows_, src_stride, (plan)->count[y], words_, out, b_);                                       \
            if (b_ + (size) >= (row_bytes)) break;                                                             \
        }                                                                                                      \
    } while (0)

#endif
