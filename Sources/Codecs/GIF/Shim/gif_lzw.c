// LZW decoding of one GIF frame, with giflib 5.2's semantics (dgif_lib.c, DGifDecompressLine and DGifDecompressInput)
// for every input, and table-driven for speed:
// - codes come from a 64-bit bit buffer over the concatenated sub-block payloads;
// - the table holds giflib's Prefix and Suffix for each code (one 32-bit word) and, when the code's string is fixed
//   (its prefix chain was complete when it was added), the string's length and first 8 bytes: most strings are one
//   8-byte store straight into the frame's row, longer ones add the rest backwards along the prefix chain;
// - the rare codes whose string is not fixed (a chain through a code that was beyond the table when it was read) are
//   traced exactly as giflib traces them, with its stack limit and its byte-truncated NO_SUCH_CODE.
// giflib's code-width rule is kept as it is: the width grows after reading the code that makes RunningCode pass
// 2^width, the table stops growing at 4096 entries (a clear code may come later: the "deferred clear"), and the first
// code need not be a clear code.
#include "gif_lzw.h"

#include <string.h>

enum { LZW_MAX_CODE = 4095, LZW_MAX_BITS = 12, NO_SUCH_CODE = 4098 };

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define LZW_LITTLE_ENDIAN 1
#else
#define LZW_LITTLE_ENDIAN 0
#endif

struct ImagoGIFLZWTables {
    uint32_t link[LZW_MAX_CODE + 1];   // giflib's Prefix (low 16 bits, NO_SUCH_CODE when undefined) | Suffix << 16
    uint64_t head[LZW_MAX_CODE + 1];   // the string's first 8 bytes (byte k in bits 8k...8k+7) when its length is fixed
    uint16_t length[LZW_MAX_CODE + 1]; // the string's length when fixed (1 for pixel values), else 0
    uint8_t stack[LZW_MAX_CODE + 1];   // giflib's pixel stack, and strings that do not fit in the current row
};

size_t imago_gif_lzw_tables_size(void) { return sizeof(ImagoGIFLZWTables); }

static inline int prefix_of(const ImagoGIFLZWTables *t, int code) { return (int)(t->link[code] & 0xFFFF); }

static inline void set_suffix(ImagoGIFLZWTables *t, int code, int suffix) {
    t->link[code] = (t->link[code] & 0xFFFF) | (uint32_t)(uint8_t)suffix << 16;
}

/// giflib's DGifGetPrefixChar: follows prefixes down to a pixel value, at most LZW_MAX_CODE + 1 steps.
static int prefix_char(const ImagoGIFLZWTables *t, int code, int clear) {
    int i = 0;
    while (code > clear && i++ <= LZW_MAX_CODE) {
        if (code > LZW_MAX_CODE) return NO_SUCH_CODE;
        code = prefix_of(t, code);
    }
    return code;
}

/// The first 8 bytes of a fixed string of `length` bytes whose first 8 are `head`, followed by `byte`.
static inline uint64_t head_plus(uint64_t head, int length, int byte) {
    return length >= 8 ? head : head | (uint64_t)(uint8_t)byte << (8 * length);
}

/// Writes the fixed string of `code` (`length` bytes) at `out`: bytes 8 and up along the prefix chain, backwards;
/// the first 8 from the table.
static void write_string(const ImagoGIFLZWTables *t, int code, int length, uint8_t *out) {
    int c = code;
    for (int i = length - 1; i >= 8; i--) {
        uint32_t entry = t->link[c];
        out[i] = (uint8_t)(entry >> 16);
        c = (int)(entry & 0xFFFF);
    }
    uint64_t head = t->head[code];
    int n = length < 8 ? length : 8;
    for (int i = 0; i < n; i++) out[i] = (uint8_t)(head >> (8 * i));
}

/// The frame's rows in file order. Rows that are contiguous and in order are one row of width x height bytes.
typedef struct {
    const ImagoGIFLZWFrame *frame;
    uint8_t *row;        // the current row, NULL once the frame is full
    size_t row_length;
    size_t x;            // bytes written in the current row
    size_t y;            // the current row's index (in rows of frame->width)
    int pass;
    size_t rows_done;    // full rows of row_length
} Sink;

static void sink_start(Sink *s, const ImagoGIFLZWFrame *frame) {
    memset(s, 0, sizeof *s);
    s->frame = frame;
    if (frame->width == 0 || frame->height == 0) return;
    s->row = frame->out;
    s->row_length = (!frame->interlaced && frame->stride == frame->width) ? frame->width * frame->height : frame->width;
}

static void sink_next_row(Sink *s) {
    static const size_t start[4] = { 0, 4, 2, 1 };
    static const size_t step[4] = { 8, 8, 4, 2 };
    const ImagoGIFLZWFrame *f = s->frame;
    s->rows_done++;
    s->x = 0;
    s->row = NULL;
    if (s->row_length != f->width) return;  // the whole frame was one row
    if (f->interlaced) {
        s->y += step[s->pass];
        while (s->y >= f->height) {
            if (++s->pass == 4) return;
            s->y = start[s->pass];
        }
    } else if (++s->y >= f->height) {
        return;
    }
    s->row = f->out + s->y * f->stride;
}

/// Writes `n` bytes in file order, across rows; what does not fit in the frame is dropped (as giflib drops the rest
/// of its stack after the last pixel).
static void sink_put(Sink *s, const uint8_t *src, size_t n) {
    while (n > 0 && s->row != NULL) {
        size_t room = s->row_length - s->x;
        size_t k = n < room ? n : room;
        memcpy(s->row + s->x, src, k);
        s->x += k;
        src += k;
        n -= k;
        if (s->x == s->row_length) sink_next_row(s);
    }
}

/// Writes `n` bytes through the sink from the current place in the row (`*dst`, `*room` bytes left), then points
/// `*dst` and `*room` at the place after them. Returns 0 once the frame is full.
static inline int put_from(Sink *s, const uint8_t *src, size_t n, uint8_t **dst, size_t *room) {
    s->x = s->row_length - *room;
    sink_put(s, src, n);
    if (s->row == NULL) return 0;
    *dst = s->row + s->x;
    *room = s->row_length - s->x;
    return 1;
}

static size_t sink_pixels(const Sink *s) { return s->rows_done * s->row_length + s->x; }

/// giflib's handling of a code above the end-of-information code, as DGifDecompressLine does it: the string, pushed
/// backwards on the stack. Returns the number of bytes on the stack, or -1 where giflib reports an image defect.
static int trace(ImagoGIFLZWTables *t, int code, int last, int clear, int running_code) {
    int sp = 0;
    int prefix;
    if (prefix_of(t, code) == NO_SUCH_CODE) {
        prefix = last;
        int c = prefix_char(t, code == running_code - 2 ? last : code, clear);
        set_suffix(t, running_code - 2, c);
        t->stack[sp++] = (uint8_t)c;
    } else {
        prefix = code;
    }
    while (sp < LZW_MAX_CODE && prefix > clear && prefix <= LZW_MAX_CODE) {
        t->stack[sp++] = (uint8_t)(t->link[prefix] >> 16);
        prefix = prefix_of(t, prefix);
    }
    if (sp >= LZW_MAX_CODE || prefix > LZW_MAX_CODE) return -1;
    t->stack[sp++] = (uint8_t)prefix;
    return sp;
}

/// Forgets the codes above the end-of-information code below `end`.
static void forget_codes(ImagoGIFLZWTables *t, int first, int end) {
    for (int i = first; i < end; i++) {
        t->link[i] = NO_SUCH_CODE;
        t->length[i] = 0;
    }
}

ImagoGIFLZWResult imago_gif_lzw_decode(ImagoGIFLZWTables *t, const uint8_t *data, size_t size, int code_size,
                                       const ImagoGIFLZWFrame *frame, int exact, size_t *pixels, size_t *bytes_used) {
    *pixels = 0;
    *bytes_used = 0;
    Sink sink;
    sink_start(&sink, frame);
    if (sink.row == NULL || code_size < 0 || code_size > 8) return IMAGO_GIF_LZW_COMPLETE;

    const int clear = 1 << code_size, end_code = clear + 1;
    int running_code = end_code + 1, running_bits = code_size + 1, max_code1 = 1 << running_bits;
    // The last code, and its string's length (0: not fixed) and first 8 bytes.
    int last = NO_SUCH_CODE, last_length = 0;
    uint64_t last_head = 0;
    forget_codes(t, 0, LZW_MAX_CODE + 1);
    for (int i = 0; i < clear; i++) {
        t->length[i] = 1;
        t->head[i] = (uint64_t)i;
    }
    // With 8-byte stores, a string of up to 8 bytes is written in one store when at least 9 bytes are left in the row
    // (the bytes past the string are rewritten by the next strings, or left unspecified when decoding stops early).
    const size_t fast_room = (LZW_LITTLE_ENDIAN && !exact) ? 8 : SIZE_MAX;

    uint64_t bits = 0;
    int count = 0;
    size_t in = 0;
    uint64_t used = 0;
    // The current row: `room` bytes left from `dst` (at least 1 while the frame is not full).
    uint8_t *dst = sink.row;
    size_t room = sink.row_length;
    ImagoGIFLZWResult result;

    for (;;) {
#if LZW_LITTLE_ENDIAN
        if (size - in >= 8) {
            uint64_t word;
            memcpy(&word, data + in, 8);
            bits |= word << count;
            in += (size_t)((63 - count) >> 3);
            count |= 56;
        } else
#endif
        if (count < running_bits) {
            while (count <= 56 && in < size) {
                bits |= (uint64_t)data[in++] << count;
                count += 8;
            }
            if (count < running_bits) {
                result = IMAGO_GIF_LZW_OUT_OF_DATA;
                break;
            }
        }
        int code = (int)(bits & ((1u << running_bits) - 1));
        bits >>= running_bits;
        count -= running_bits;
        used += (uint64_t)running_bits;
        if (running_code < LZW_MAX_CODE + 2 && ++running_code > max_code1 && running_bits < LZW_MAX_BITS) {
            max_code1 <<= 1;
            running_bits++;
        }

        int length = t->length[code];          // the string written for `code` (0: not fixed)
        uint64_t head = t->head[code];
        if ((unsigned)(length - 1) < 8u && room > fast_room) {
            // A pixel value or a fixed string of up to 8 bytes: one store.
            memcpy(dst, &head, 8);
            dst += length;
            room -= (size_t)length;
        } else if (length != 0 || (code == running_code - 2 && last_length != 0 && prefix_of(t, code) == NO_SUCH_CODE)) {
            // A longer fixed string, one near the end of the row, or the code this very code defines (KwKwK: the
            // last string and its first byte).
            uint8_t *out;
            if (length != 0) {
                out = (size_t)length < room ? dst : t->stack;
                write_string(t, code, length, out);
            } else {
                length = last_length + 1;
                head = head_plus(last_head, last_length, (int)(last_head & 0xFF));
                out = (size_t)length < room ? dst : t->stack;
                write_string(t, last, last_length, out);
                out[last_length] = (uint8_t)last_head;
            }
            if (out == dst) {
                dst += length;
                room -= (size_t)length;
            } else if (!put_from(&sink, t->stack, (size_t)length, &dst, &room)) {
                result = IMAGO_GIF_LZW_COMPLETE;
                break;
            }
        } else if (code == clear) {
            forget_codes(t, end_code + 1, running_code - 1 < LZW_MAX_CODE + 1 ? running_code - 1 : LZW_MAX_CODE + 1);
            running_code = end_code + 1;
            running_bits = code_size + 1;
            max_code1 = 1 << running_bits;
            last = NO_SUCH_CODE;
            last_length = 0;
            continue;
        } else if (code == end_code) {
            result = IMAGO_GIF_LZW_END_CODE;
            break;
        } else {
            // giflib's own trace: a string that is not fixed, or a code beyond the table.
            int n = trace(t, code, last, clear, running_code);
            if (n < 0) {
                result = IMAGO_GIF_LZW_DEFECT;
                break;
            }
            for (int i = 0, j = n - 1; i < j; i++, j--) {
                uint8_t swap = t->stack[i];
                t->stack[i] = t->stack[j];
                t->stack[j] = swap;
            }
            if (!put_from(&sink, t->stack, (size_t)n, &dst, &room)) {
                result = IMAGO_GIF_LZW_COMPLETE;
                break;
            }
            // giflib's own order: the prefix first, then the suffix traced through it; the new string is not fixed.
            int slot = running_code - 2;
            if (last != NO_SUCH_CODE && slot <= LZW_MAX_CODE && prefix_of(t, slot) == NO_SUCH_CODE) {
                t->link[slot] = (uint32_t)last;
                set_suffix(t, slot, prefix_char(t, code == slot ? last : code, clear));
                t->length[slot] = 0;
            }
            last = code;
            last_length = 0;
            continue;
        }
        // A fixed string was written: the new code is the last string and this string's first byte.
        int slot = running_code - 2;
        if (last != NO_SUCH_CODE && slot <= LZW_MAX_CODE && prefix_of(t, slot) == NO_SUCH_CODE) {
            t->link[slot] = (uint32_t)last | (uint32_t)(head & 0xFF) << 16;
            if (last_length != 0) {
                t->length[slot] = (uint16_t)(last_length + 1);
                t->head[slot] = head_plus(last_head, last_length, (int)(head & 0xFF));
            }
        }
        last = code;
        last_length = length;
        last_head = head;
    }
    if (sink.row != NULL) sink.x = sink.row_length - room;
    *pixels = sink.row != NULL ? sink_pixels(&sink) : frame->width * frame->height;
    *bytes_used = (size_t)((used + 7) / 8);
    return result;
}
