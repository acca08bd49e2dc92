#ifndef IMAGO_UNCACHED_WRITE_H
#define IMAGO_UNCACHED_WRITE_H

#include <stddef.h>

enum {
    /// Below this many bytes ``imago_write_uncached`` writes through the page cache: bypassing it pays only for large
    /// writes.
    IMAGO_UNCACHED_WRITE_MINIMUM = 1 << 20,
    /// The alignment the bypassed part of a write needs, in memory and in the file (a multiple of every logical block
    /// size Linux file systems use, so no `statx` query is needed).
    IMAGO_UNCACHED_WRITE_ALIGNMENT = 4096
};

/// Writes all `length` bytes of `bytes` at `fd`'s current offset, moving the offset past them, like a loop of `write`
/// calls, but without copying the bulk of them into the page cache: on Linux the part whose memory address and file
/// offset are both multiples of ``IMAGO_UNCACHED_WRITE_ALIGNMENT`` goes out with `O_DIRECT` (switched on for that part
/// only, with `fcntl(F_SETFL)`), the unaligned head and tail through the cache; on Darwin `F_NOCACHE` is set for the
/// call. A file system that refuses direct I/O (tmpfs, some network file systems), a write shorter than 1 MiB, or an
/// address and offset that can never align simply gets ordinary writes. The descriptor's flags are restored on every
/// path.
///
/// The saving is the kernel's copy into freshly allocated page-cache pages (and their later write-back), which
/// for large, write-once outputs such as dataset batches costs as much as producing them.
///
/// Returns 0, or the `errno` of the failing call.
int imago_write_uncached(int fd, const void *bytes, size_t length);

#endif
