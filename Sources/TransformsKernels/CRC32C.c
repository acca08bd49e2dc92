// CRC-32C (Castagnoli) for TFRecord framing (see ctk_crc32c_update in TransformsKernels.h): the CPU's crc32
// instruction where there is one (x86 SSE4.2, chosen at run time; ARMv8 CRC32 when compiled for it), else
// slicing-by-8 tables. Every path gives the same value.
#include "TransformsKernels.h"
#include "KernelsCPU.h"

#include <pthread.h>
#include <string.h>

#if CTK_X86
#include <nmmintrin.h>
#elif defined(__aarch64__) && defined(__ARM_FEATURE_CRC32)
#include <arm_acle.h>
#endif

static const uint32_t polynomial = 0x82F63B78u;  // reflected
static uint32_t table[8][256];
static pthread_once_t table_once = PTHREAD_ONCE_INIT;

static void build_table(void) {
    for (uint32_t byte = 0; byte < 256; byte++) {
        uint32_t crc = byte;
        for (int bit = 0; bit < 8; bit++) crc = (crc & 1) ? (crc >> 1) ^ polynomial : crc >> 1;
        table[0][byte] = crc;
    }
    for (int slice = 1; slice < 8; slice++)
        for (int byte = 0; byte < 256; byte++)
            table[slice][byte] = table[0][table[slice - 1][byte] & 0xFF] ^ (table[slice - 1][byte] >> 8);
}

static uint32_t update_tables(uint32_t crc, const uint8_t *p, size_t n) {
    pthread_once(&table_once, build_table);
    for (; n >= 8; p += 8, n -= 8) {
        uint32_t low, high;
        memcpy(&low, p, 4);
        memcpy(&high, p + 4, 4);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
        low = __builtin_bswap32(low);
        high = __builtin_bswap32(high);
#endif
        low ^= crc;
        crc = table[7][low & 0xFF] ^ table[6][(low >> 8) & 0xFF] ^ table[5][(low >> 16) & 0xFF] ^ table[4][low >> 24] ^
              table[3][high & 0xFF] ^ table[2][(high >> 8) & 0xFF] ^ table[1][(high >> 16) & 0xFF] ^ table[0][high >> 24];
    }
    for (; n > 0; p++, n--) crc = table[0][(crc ^ *p) & 0xFF] ^ (crc >> 8);
    return crc;
}

#if CTK_X86 && defined(__x86_64__)
__attribute__((target("sse4.2"))) static uint32_t update_sse42(uint32_t crc, const uint8_t *p, size_t n) {
    uint64_t c = crc;
    for (; n >= 8; p += 8, n -= 8) {
        uint64_t word;
        memcpy(&word, p, 8);
        c = _mm_crc32_u64(c, word);
    }
    uint32_t c32 = (uint32_t)c;
    for (; n > 0; p++, n--) c32 = _mm_crc32_u8(c32, *p);
    return c32;
}

static pthread_once_t sse42_once = PTHREAD_ONCE_INIT;
static int has_sse42;
static void detect_sse42(void) {
    __builtin_cpu_init();
    has_sse42 = __builtin_cpu_supports("sse4.2");
}
#endif

uint32_t ctk_crc32c_update(uint32_t value, const void *data, size_t size) {
    uint32_t crc = ~value;
    const uint8_t *p = (const uint8_t *)data;
    if (!p || size == 0) return value;
#if CTK_X86 && defined(__x86_64__)
    pthread_once(&sse42_once, detect_sse42);
    if (has_sse42) return ~update_sse42(crc, p, size);
#elif defined(__aarch64__) && defined(__ARM_FEATURE_CRC32)
    for (; size >= 8; p += 8, size -= 8) {
        uint64_t word;
        memcpy(&word, p, 8);
        crc = __crc32cd(crc, word);
    }
    for (; size > 0; p++, size--) crc = __crc32cb(crc, *p);
    return ~crc;
#endif
    return ~update_tables(crc, p, size);
}

uint32_t ctk_crc32c_update_portable(uint32_t value, const void *data, size_t size) {
    if (!data || size == 0) return value;
    return ~update_tables(~value, (const uint8_t *)data, size);
}
