// The double-precision resize passes: dispatch by kernel level, and the plain level (portable vector code).
#include "ResampleWideInternal.h"

#define WIDE_INLINE __attribute__((always_inline)) static inline
#define WIDE_ENTRY
#define WIDE_NAME(n) n##_plain
#define WIDE_VBLOCK 2
#define WIDE_HJOBS 2
#include "ResampleWideTemplate.h"

static int wide_level(int level) {
    const int cpu = ctk_cpu_level();
    return level < cpu ? level : cpu;
}

void ctk_resample_wide_horizontal(const ctk_wide_taps *taps, int sample_type, int channels, const void *src,
                                 ptrdiff_t src_stride, void *dst, ptrdiff_t dst_stride, ptrdiff_t row_begin,
                                 ptrdiff_t row_end, int level) {
    const uint8_t *s = src;
    uint8_t *d = dst;
#if CTK_X86
    switch (wide_level(level)) {
    case CTK_LEVEL_AVX512:
        ctk_wide_h_rows_avx512(taps, sample_type, channels, s, src_stride, d, dst_stride, row_begin, row_end);
        return;
    case CTK_LEVEL_AVX2:
        ctk_wide_h_rows_avx2(taps, sample_type, channels, s, src_stride, d, dst_stride, row_begin, row_end);
        return;
    default: break;
    }
#else
    (void)level;
#endif
    ctk_wide_h_rows_plain(taps, sample_type, channels, s, src_stride, d, dst_stride, row_begin, row_end);
}

void ctk_resample_wide_vertical(const ctk_wide_taps *taps, int sample_type, const void *src, ptrdiff_t src_stride,
                                void *dst, ptrdiff_t dst_stride, ptrdiff_t samples, ptrdiff_t y_begin, ptrdiff_t y_end,
                                int level) {
    const uint8_t *s = src;
    uint8_t *d = dst;
#if CTK_X86
    switch (wide_level(level)) {
    case CTK_LEVEL_AVX512:
        ctk_wide_v_rows_avx512(taps, sample_type, s, src_stride, d, dst_stride, samples, y_begin, y_end);
        return;
    case CTK_LEVEL_AVX2:
        ctk_wide_v_rows_avx2(taps, sample_type, s, src_stride, d, dst_stride, samples, y_begin, y_end);
        return;
    default: break;
    }
#else
    (void)level;
#endif
    ctk_wide_v_rows_plain(taps, sample_type, s, src_stride, d, dst_stride, samples, y_begin, y_end);
}
