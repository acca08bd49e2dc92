#ifndef IMAGO_TRANSFORMS_KERNELS_H
#define IMAGO_TRANSFORMS_KERNELS_H

// Hot loops of Imago's 8-bit separable resize (Pillow 13's ImagingResampleHorizontal_8bpc / ..Vertical_8bpc),
// bit-exact: int32 sums of uint8 x 22-bit int32 weights, seeded with 1 << 21, then clamp(ss >> 22, 0, 255).
// Vector versions are chosen at run time (AVX-512, else AVX2); the plain C loops run without AVX2 (Imago then uses
// its Swift passes instead).
//
// Exactness: sums of byte x weight products are formed from exact partial sums that add up, in wrapping int32
// arithmetic, to Pillow's int32 sum bit for bit:
// - AVX2: each weight k is split as k = hi * 2^15 + lo (lo in [0, 2^15), both fit int16), so products run on 16-bit
//   multiply-adds (pmaddwd), two taps per 32-bit lane: sum(p*k) = (sum(p*hi) << 15) + sum(p*lo).
// - AVX-512: k is written in three signed-byte digits, k = d0 + d1 * 2^8 + d2 * 2^16 (each in [-128, 127]), and
//   vpdpbusd (VNNI) adds four byte x digit products to a 32-bit lane at a time: sum(p*k) = s0 + (s1 << 8) + (s2 << 16).
//   Horizontally, vpermb (VBMI) gathers the taps of several outputs from one 64-byte window of the row, so a vector's
//   lanes end as whole output samples.
//
// Threading is the caller's: every function below handles a range of rows and may run concurrently on disjoint ranges.

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// The SIMD levels the kernels are built for, in increasing order. Every kernel runs at the lower of the level it is
/// given and the CPU's (`ctk_cpu_level`), so callers (and tests) may ask for less.
enum {
    CTK_LEVEL_PLAIN = 0,   ///< plain C loops
    CTK_LEVEL_AVX2 = 1,    ///< AVX2
    CTK_LEVEL_AVX512 = 2,  ///< AVX-512 F, BW, VL, VNNI and VBMI (Ice Lake, Zen 4 and later)
};

/// Copies whole pixels along an affine walk of byte offsets: output pixel (x, y), at `dst + y * dst_stride +
/// x * bytes_per_pixel`, is the `bytes_per_pixel` bytes at `src + origin + x * step_x + y * step_y`. Every flip, quarter
/// turn, transpose and transverse is one; walks across the source rows (|step_x| != bytes_per_pixel) go through the
/// output in 32x32 tiles. The caller guarantees every pixel of the walk lies inside the `src_size` bytes of `src`.
void ctk_affine_copy(const uint8_t *src, size_t src_size, uint8_t *dst, size_t dst_stride, size_t width, size_t height,
                     ptrdiff_t origin, ptrdiff_t step_x, ptrdiff_t step_y, size_t bytes_per_pixel);

/// The best level this CPU runs (detected once).
int ctk_cpu_level(void);

/// Or'ed into the `level` argument of `ctk_hplan_create`: at least `parts` (1, 2 or 4) vectors per block in the
/// AVX-512 window layout (tests use it to reach the wider layouts on every case).
#define CTK_RESAMPLE_MIN_PARTS(parts) ((parts) << 8)
#define CTK_RESAMPLE_MIN_PARTS_MASK 0x700

/// Horizontal taps of one axis, laid out for the kernels. Immutable once made: share it across threads.
typedef struct ctk_hplan ctk_hplan;

/// Prepares `out_width` outputs: output x reads `count[x]` pixels from pixel `first[x]` with weights
/// `k[x * kstride ...]`; `bpp` bytes per pixel (1...4), each byte its own channel. The plan uses the best kernels up
/// to `level` that this CPU runs and the weights fit (the AVX-512 digits need |k| < 2^23; the AVX2 split |k| < 2^30).
/// NULL on allocation failure, on a bpp outside 1...4, or when no vector layout fits the weights.
ctk_hplan *ctk_hplan_create(const int32_t *k, ptrdiff_t kstride, const ptrdiff_t *first, const ptrdiff_t *count,
                            ptrdiff_t out_width, int bpp, int level);
void ctk_hplan_free(ctk_hplan *plan);

/// Rows [row_begin, row_end): dst row r from src row r. `src_bytes` bytes are readable from `src` (reads stay inside).
void ctk_resample8_horizontal(const ctk_hplan *plan, const uint8_t *src, ptrdiff_t src_stride, ptrdiff_t src_bytes,
                              uint8_t *dst, ptrdiff_t dst_stride, ptrdiff_t row_begin, ptrdiff_t row_end);

/// Vertical taps: output row y sums `count[y]` source rows from row `first[y]` with weights `k[y * kstride ...]`.
typedef struct ctk_vplan ctk_vplan;

ctk_vplan *ctk_vplan_create(const int32_t *k, ptrdiff_t kstride, const ptrdiff_t *first, const ptrdiff_t *count,
                            ptrdiff_t out_height, int level);
void ctk_vplan_free(ctk_vplan *plan);

/// Output rows [y_begin, y_end), `row_bytes` bytes each (all channels alike).
void ctk_resample8_vertical(const ctk_vplan *plan, const uint8_t *src, ptrdiff_t src_stride,
                            uint8_t *dst, ptrdiff_t dst_stride, ptrdiff_t row_bytes, ptrdiff_t y_begin, ptrdiff_t y_end);

#ifdef __cplusplus
}
#endif

// RGB/RGBA -> L with Pillow 13's arithmetic (Convert.c): L = (19595 R + 38470 G + 7471 B + 0x8000) >> 16, alpha
// ignored. Bit-exact at every level: the SIMD kernels multiply 16-bit (R, G) and (B, G) pairs by (19595, 19235) and
// (7471, 19235) (pmaddwd / vpdpwssd; 38470 = 2 x 19235), so each 32-bit lane holds Pillow's sum exactly.
#ifdef __cplusplus
extern "C" {
#endif

/// `rows` rows of `width` pixels, `bpp` (3 = RGB, 4 = RGBA) bytes each, to one byte per pixel. Runs at
/// min(`max_level`, `ctk_cpu_level()`). Reads only the `width * bpp` pixel bytes of each source row and
/// writes only the `width` bytes of each destination row (strides may carry padding). src and dst must not overlap.
/// Rows are independent: disjoint row ranges may run concurrently.
void ctk_luma8_rows(const uint8_t *src, ptrdiff_t src_stride, int bpp, uint8_t *dst, ptrdiff_t dst_stride,
                    ptrdiff_t width, ptrdiff_t rows, int max_level);

#ifdef __cplusplus
}
#endif

// The double-precision resize passes (Pillow 13's ImagingResampleHorizontal_16bpc / _32bpc and their vertical twins,
// for I;16 and F, and Imago's multi-channel analogues): unquantised double weights, each output sample
// ss = ((0.0 + in[0] * w[0]) + in[1] * w[1]) + ..., every product and sum rounded to double in tap order, never fused
// (these files are compiled with FP contraction off). Vectors run across *independent* outputs (rows of the
// horizontal pass, samples of the vertical pass), so every lane does Pillow's scalar arithmetic bit for bit.
// Stores: uint16 = clamp(trunc(ss + 0.5), 0, 65535) (ss >= 0; negative sums give 0), float = (float)ss.
#ifdef __cplusplus
extern "C" {
#endif

/// Sample types of the double-precision passes.
enum {
    CTK_WIDE_U16 = 0,  ///< uint16, native endian
    CTK_WIDE_F32 = 1,  ///< float
};

/// Horizontal taps of one axis: output x reads `count[x]` pixels from pixel `first[x]` with weights `k[x * kstride ...]`.
typedef struct {
    const double *k;
    ptrdiff_t kstride;
    const ptrdiff_t *first, *count;
    ptrdiff_t outputs;
} ctk_wide_taps;

/// Horizontal pass over rows [row_begin, row_end): dst row r from src row r, `channels` interleaved samples per pixel,
/// each channel its own sum. Runs at min(`level`, `ctk_cpu_level()`) (scalar, without its block buffer, when that
/// cannot be allocated).
void ctk_resample_wide_horizontal(const ctk_wide_taps *taps, int sample_type, int channels, const void *src,
                                 ptrdiff_t src_stride, void *dst, ptrdiff_t dst_stride, ptrdiff_t row_begin,
                                 ptrdiff_t row_end, int level);

/// Vertical pass: output rows [y_begin, y_end), `samples` samples each (all channels alike), output row y summing
/// source rows first[y] ... with weights k[y * kstride ...]. Runs at min(`level`, `ctk_cpu_level()`).
void ctk_resample_wide_vertical(const ctk_wide_taps *taps, int sample_type, const void *src, ptrdiff_t src_stride,
                                void *dst, ptrdiff_t dst_stride, ptrdiff_t samples, ptrdiff_t y_begin, ptrdiff_t y_end,
                                int level);

/// Sample types of the float32 kernels' inputs (rows of interleaved samples, native endian; converted to float
/// exactly).
enum {
    CTK_SAMPLE_U8 = 0,   ///< uint8
    CTK_SAMPLE_U16 = 1,  ///< uint16
    CTK_SAMPLE_F32 = 2,  ///< float
};

// MARK: Scale-and-translate passes (float32; jax / Keras numpy backend and TensorFlow's ScaleAndTranslate)

/// One output row of a vertical pass: dst[i] = sum over k < taps of weights[k] * src[k * src_stride + i] (src: rows
/// of `sample_type` samples, `src_stride` bytes apart) for the row samples i < samples in the `runs` ranges
/// [run_bounds[2r], run_bounds[2r + 1]) (run_bounds NULL: all of them; dst's other samples are left as they are),
/// accumulated from 0 in tap order, with one rounding per tap when `fused` (fmaf, numpy's BLAS contraction) or two
/// (acc + w * x, TensorFlow's). Identical bits at every level; runs at min(`level`, `ctk_cpu_level()`), and plain on
/// a CPU without FMA.
void ctk_st_vertical(const void *src, int sample_type, ptrdiff_t src_stride, const float *weights, int taps, int runs,
                     const int32_t *run_bounds, float *dst, ptrdiff_t samples, int fused, int level);

/// ctk_st_vertical over float rows given by address: tap k reads rows[k] (a ring of rows converted once, rather
/// than converted again by every output row that reads them). The same bits as ctk_st_vertical on those floats.
void ctk_st_vertical_pointers(const float *const *rows, const float *weights, int taps, int runs,
                              const int32_t *run_bounds, float *dst, ptrdiff_t samples, int fused, int level);

/// One row of a horizontal pass: for each of `outputs` outputs j and channel c, the sum over k < count[j] of
/// weights[offset[j] + k] * row[(first[j] + k) * channels + c], accumulated as in ctk_st_vertical.
void ctk_st_horizontal(const float *row, int channels, const int32_t *first, const int32_t *offset,
                       const int32_t *count, const float *weights, int outputs, float *dst, int fused, int level);

/// A horizontal pass regrouped for a vector level: AVX-512 groups (neighbouring outputs whose taps start close
/// together share one vector, each lane's sample picked from a window) or AVX2 pairs (two neighbouring pixels of 3 or
/// 4 channels in one vector, each tap one load per pixel and one multiply-add for both).
typedef struct ctk_st_hgroups ctk_st_hgroups;

/// The plan for ctk_st_horizontal's `channels`, `first`, `offset`, `count`, `weights` and `outputs` (copied: the
/// arrays may go after this returns), at min(`level`, the CPU's), when `finite_rows` (the rows are sure to hold
/// finite values: integer sources; both plans add exact zeros for outputs with fewer taps than their neighbours):
/// AVX-512 groups when the outputs lie close enough for groups of two or more, else AVX2 pairs for 3 or 4 channels;
/// else NULL (also without `finite_rows`, on a CPU without AVX2 or when memory runs out: then call
/// ctk_st_horizontal).
ctk_st_hgroups *ctk_st_hgroups_create(int channels, const int32_t *first, const int32_t *offset, const int32_t *count,
                                      const float *weights, int outputs, int level, int finite_rows);
void ctk_st_hgroups_destroy(ctk_st_hgroups *groups);

/// Whether ctk_st_horizontal_grouped through `groups` reads row samples beyond the outputs' own taps (AVX-512 groups:
/// then the whole row must be computed, and finite), rather than only the samples ctk_st_horizontal reads (pairs).
int ctk_st_hgroups_read_whole_rows(const ctk_st_hgroups *groups);

/// ctk_st_horizontal through `groups`, with the same bits when the samples read are finite (outputs with fewer taps
/// than their group or pair add exact zeros, which a NaN or an infinity would not be). AVX-512 groups read only
/// row[0 ..< samples], all of it finite. AVX2 pairs read only the samples ctk_st_horizontal reads, each tap's pixel
/// as 4 floats: with 3 channels the row must have one readable float after row[samples - 1] (never used).
void ctk_st_horizontal_grouped(const ctk_st_hgroups *groups, const float *row, ptrdiff_t samples, float *dst, int fused);

// MARK: TensorFlow's ResizeBilinear on 8-bit samples

/// `tf.image.resize(..., "bilinear", antialias=False)` (half-pixel centres) of 8-bit samples into float32, bit for bit
/// with TensorFlow 2.21's CPU kernel. Output row y (of `out_height`) interpolates source rows y_index[2y] (top) and
/// y_index[2y + 1] (bottom) with y_lerp[y]; output sample j (of `samples` per row, channels interleaved) interpolates
/// the source samples left[j] and right[j] (offsets in a row) with x_lerp[j]. `row_samples` is the source's samples per
/// row (bytes; rows are `src_stride` bytes apart); `rows` is scratch for 2 * `samples` floats. Runs at
/// min(`level`, `ctk_cpu_level()`); every level gives the same bits.
void ctk_tf_bilinear_u8(const uint8_t *src, ptrdiff_t src_stride, const int32_t *y_index, const float *y_lerp,
                        int out_height, const int32_t *left, const int32_t *right, const float *x_lerp, int samples,
                        int row_samples, float *rows, float *dst, int level);

// MARK: TensorFlow's ResizeBicubic and ResizeArea

/// `tf.image.resize(..., "bicubic", antialias=False)` (ResizeBicubic, half-pixel centres) into float32, bit for bit
/// with TensorFlow 2.21's CPU kernel. Output row y (of `out_height`) combines source rows y_index[4y ... 4y + 3]
/// (`row_samples` samples each, `channels` per pixel, rows `src_stride` bytes apart) with y_weight[4y ...]: first,
/// into vertical[i] (scratch of row_samples + 16 floats), for the row samples i in the `runs` ranges
/// [run_bounds[2r], run_bounds[2r + 1]); then output pixel x (of `out_width`) combines the vertical values of pixels
/// x_taps[k * out_width + x] with x_weight[k * out_width + x], k < 4. Where those pixels are x_base[x] + k (x_base[x]
/// >= 0; only with 1 to 4 channels), x_lanes[16x ...] holds tap k's weight in lanes k * channels ..< (k + 1) *
/// channels and 0 in the rest. Runs at min(`level`, `ctk_cpu_level()`); every level gives the same bits.
void ctk_tf_bicubic(const void *src, int sample_type, ptrdiff_t src_stride, ptrdiff_t row_samples, int channels,
                    int out_height, const int32_t *y_index, const float *y_weight, int runs, const int32_t *run_bounds,
                    int out_width, const int32_t *x_base, const float *x_lanes, const int32_t *x_taps,
                    const float *x_weight, float *vertical, float *dst, int level);

/// `tf.image.resize(..., "area")` (ResizeArea) into float32, bit for bit with TensorFlow 2.21's CPU kernel. Output row
/// y spans the source rows y_index[y_start[y] ..< y_start[y + 1]] with scales y_weight[...]; output column x spans
/// the pixels x_index[x_start[x] ..< x_start[x + 1]] with the first and last scales in x_weight (the middle ones are
/// added unscaled). `row_samples` samples per source row (`channels` interleaved), rows `src_stride` bytes apart; `h`
/// is scratch for out_width * channels + 4 floats. Each output is the span sum times `scale`. Runs at
/// min(`level`, `ctk_cpu_level()`); every level gives the same bits.
void ctk_tf_area(const void *src, int sample_type, ptrdiff_t src_stride, int channels, ptrdiff_t row_samples,
                 int out_height, const int32_t *y_start, const int32_t *y_index, const float *y_weight, int out_width,
                 const int32_t *x_start, const int32_t *x_index, const float *x_weight, float scale, float *h,
                 float *dst, int level);

// MARK: Widening

/// dst[i] = (float)src[i] * scale for i < count (the sources and destinations must not overlap), at
/// min(`level`, `ctk_cpu_level()`); every level gives the same bits.
void ctk_widen_u8(const uint8_t *src, float *dst, size_t count, float scale, int level);

// MARK: CRC-32C

/// CRC-32C (Castagnoli, reflected polynomial 0x82F63B78) of `size` bytes at `data` continued from `value` (a
/// finished CRC; 0 to start): the CPU's crc32 instruction where there is one (SSE4.2 on x86-64, chosen at run time;
/// ARMv8 CRC32), else slicing-by-8 tables.
uint32_t ctk_crc32c_update(uint32_t value, const void *data, size_t size);

/// The same CRC through the tables only (the path of CPUs without the instruction; for tests).
uint32_t ctk_crc32c_update_portable(uint32_t value, const void *data, size_t size);

#ifdef __cplusplus
}
#endif

#endif
