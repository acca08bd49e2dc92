// Private to the kernels: reading rows of 8-bit, 16-bit or float samples (CTK_SAMPLE_*) as floats, exactly (the
// static_cast<float> of TensorFlow's kernels), one sample or a vector at a time. Always inlined, so a kernel compiled
// for a level (target attribute) gets the level's instructions.
#ifndef IMAGO_SAMPLE_LOAD_H
#define IMAGO_SAMPLE_LOAD_H

#include "TransformsKernels.h"

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#pragma clang diagnostic ignored "-Wpsabi"

/// Sample i of a row of `type` samples as a float.
static inline __attribute__((always_inline)) float ctk_load_sample(const uint8_t *row, ptrdiff_t i, const int type) {
    if (type == CTK_SAMPLE_U8) return row[i];
    if (type == CTK_SAMPLE_U16) {
        uint16_t v;
        memcpy(&v, row + 2 * i, 2);
        return v;
    }
    float f;
    memcpy(&f, row + 4 * i, 4);
    return f;
}

/// Defines `vec name(const uint8_t *row, ptrdiff_t i, int type)`: samples i ..< i + LANES as a `vec` of floats
/// (`vec` an ext_vector_type(LANES) of float).
#define CTK_DEFINE_LOAD_VECTOR(name, vec, LANES)                                                                       \
    static inline __attribute__((always_inline)) vec name(const uint8_t *row, ptrdiff_t i, const int type) {           \
        if (type == CTK_SAMPLE_U8) {                                                                                   \
            uint8_t v __attribute__((ext_vector_type(LANES)));                                                         \
            memcpy(&v, row + i, sizeof v);                                                                             \
            return __builtin_convertvector(v, vec);                                                                    \
        }                                                                                                              \
        if (type == CTK_SAMPLE_U16) {                                                                                  \
            uint16_t v __attribute__((ext_vector_type(LANES)));                                                        \
            memcpy(&v, row + 2 * i, sizeof v);                                                                         \
            return __builtin_convertvector(v, vec);                                                                    \
        }                                                                                                              \
        vec f;                                                                                                         \
        memcpy(&f, row + 4 * i, sizeof f);                                                                             \
        return f;                                                                                                      \
    }

#endif
