#ifndef IMAGO_ALLOCATOR_TUNING_H
#define IMAGO_ALLOCATOR_TUNING_H

#include <stddef.h>

/// Sets glibc's mmap threshold to `mmap_threshold` bytes and its trim threshold to `trim_threshold` bytes
/// (`mallopt(M_MMAP_THRESHOLD / M_TRIM_THRESHOLD)`, which also stops glibc from moving them itself). Returns 1 when both
/// were set, 0 where the C library has no such settings (Darwin, musl) or refuses them.
int imago_tune_allocator(size_t mmap_threshold, size_t trim_threshold);

#endif
