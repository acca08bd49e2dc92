#if defined(__linux__)
#define _GNU_SOURCE
#endif
#include "UncachedWrite.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <unistd.h>

/// Ordinary writes of all `length` bytes (retrying on `EINTR` and short writes).
static int write_all(int fd, const unsigned char *bytes, size_t length) {
    while (length > 0) {
        ssize_t n = write(fd, bytes, length);
        if (n < 0) {
            if (errno == EINTR) continue;
            return errno;
        }
        bytes += n;
        length -= (size_t)n;
    }
    return 0;
}

#if defined(__linux__)

/// Direct writes of the aligned `length` bytes at `bytes`, for as long as the kernel takes them whole. Returns how many
/// bytes went out; the caller writes the rest through the cache. `*error` is set only for a failure that ordinary
/// writes would hit too.
static size_t write_direct(int fd, const unsigned char *bytes, size_t length, int *error) {
    int flags = fcntl(fd, F_GETFL);
    if (flags < 0 || fcntl(fd, F_SETFL, flags | O_DIRECT) != 0) return 0;
    size_t done = 0;
    const size_t chunk = (size_t)64 << 20;
    while (done < length) {
        size_t want = length - done < chunk ? length - done : chunk;
        ssize_t n = write(fd, bytes + done, want);
        if (n < 0) {
            if (errno == EINTR) continue;
            // EINVAL: the file system takes O_DIRECT at open time but not these writes; fall back quietly.
            if (errno != EINVAL) *error = errno;
            break;
        }
        done += (size_t)n;
        // A short direct write can leave the offset unaligned; the rest then goes through the cache.
        if ((size_t)n != want) break;
    }
    (void)fcntl(fd, F_SETFL, flags);
    return done;
}

int imago_write_uncached(int fd, const void *bytes, size_t length) {
    const unsigned char *p = bytes;
    const uintptr_t mask = (uintptr_t)IMAGO_UNCACHED_WRITE_ALIGNMENT - 1;
    off_t offset = length >= (size_t)IMAGO_UNCACHED_WRITE_MINIMUM ? lseek(fd, 0, SEEK_CUR) : -1;
    if (offset < 0 || (((uintptr_t)p - (uintptr_t)offset) & mask) != 0) return write_all(fd, p, length);
    size_t head = (size_t)(((uintptr_t)IMAGO_UNCACHED_WRITE_ALIGNMENT - ((uintptr_t)p & mask)) & mask);
    if (head >= length) return write_all(fd, p, length);
    size_t middle = (length - head) & ~(size_t)mask;
    int error = write_all(fd, p, head);
    if (error != 0) return error;
    size_t direct = middle > 0 ? write_direct(fd, p + head, middle, &error) : 0;
    if (error != 0) return error;
    return write_all(fd, p + head + direct, length - head - direct);
}

#elif defined(__APPLE__)

int imago_write_uncached(int fd, const void *bytes, size_t length) {
    if (length < (size_t)IMAGO_UNCACHED_WRITE_MINIMUM) return write_all(fd, bytes, length);
    int bypassed = fcntl(fd, F_NOCACHE, 1) == 0;
    int error = write_all(fd, bytes, length);
    if (bypassed) (void)fcntl(fd, F_NOCACHE, 0);
    return error;
}

#else

int imago_write_uncached(int fd, const void *bytes, size_t length) { return write_all(fd, bytes, length); }

#endif
