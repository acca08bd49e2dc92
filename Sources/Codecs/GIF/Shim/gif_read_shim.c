// Reading GIF through giflib's low-level DGif API from memory. Reads past the end of the data are served as zero
// bytes and remembered, so giflib sees an empty sub-block (or an unknown record) instead of an I/O error, and the
// codec can tell a file that ends early from a damaged one. giflib parses the records; the image data is decoded by
// Imago's own LZW decoder (gif_lzw.c, giflib's semantics without its per-pixel cost).
#include "gif_shim.h"
#include "gif_lzw.h"

#include <gif_lib.h>
#include <stdlib.h>
#include <string.h>

struct ImagoGIFReader {
    GifFileType *gif;
    const uint8_t *data;
    size_t size;
    size_t position;
    int ended;                 // a read went past the end of the data
    int code_size;             // the current image's LZW minimum code size
    uint8_t *patched;          // the last image's data, its sub-block chain closed where the file was cut
    int truncated_image;       // the current image's data is cut short (served from `patched`)
    ImagoGIFLZWTables *lzw;    // allocated by the first image decoded
    uint8_t *payload;          // the current image's sub-block payloads, concatenated
    size_t payload_capacity;
};

static int read_memory(GifFileType *gif, GifByteType *buffer, int length) {
    ImagoGIFReader *reader = (ImagoGIFReader *)gif->UserData;
    if (length <= 0) return 0;
    size_t wanted = (size_t)length;
    size_t available = reader->size - reader->position;
    size_t n = wanted < available ? wanted : available;
    if (n > 0) memcpy(buffer, reader->data + reader->position, n);
    reader->position += n;
    if (n < wanted) {
        memset(buffer + n, 0, wanted - n);
        reader->ended = 1;
    }
    return length;
}

static ImagoGIFStatus status_of(const ImagoGIFReader *reader, int error) {
    if (reader != NULL && reader->ended) return IMAGO_GIF_TRUNCATED;
    switch (error) {
    case D_GIF_ERR_NOT_GIF_FILE: return IMAGO_GIF_NOT_GIF;
    case D_GIF_ERR_NOT_ENOUGH_MEM: return IMAGO_GIF_NOMEM;
    case D_GIF_ERR_READ_FAILED: return IMAGO_GIF_TRUNCATED;
    default: return IMAGO_GIF_CORRUPT;
    }
}

ImagoGIFStatus imago_gif_open(const uint8_t *data, size_t size, ImagoGIFScreen *screen, ImagoGIFReader **out) {
    *out = NULL;
    memset(screen, 0, sizeof *screen);
    if (size < 6 || memcmp(data, "GIF8", 4) != 0 || (data[4] != '7' && data[4] != '9') || data[5] != 'a') {
        return IMAGO_GIF_NOT_GIF;
    }
    ImagoGIFReader *reader = calloc(1, sizeof *reader);
    if (reader == NULL) return IMAGO_GIF_NOMEM;
    reader->data = data;
    reader->size = size;
    int error = 0;
    reader->gif = DGifOpen(reader, read_memory, &error);
    if (reader->gif == NULL) {
        ImagoGIFStatus status = status_of(reader, error);
        free(reader);
        return status;
    }
    if (reader->ended) {
        imago_gif_close(reader);
        return IMAGO_GIF_TRUNCATED;
    }
    GifFileType *gif = reader->gif;
    screen->width = gif->SWidth;
    screen->height = gif->SHeight;
    screen->background = gif->SBackGroundColor;
    screen->aspect = gif->AspectByte;
    if (gif->SColorMap != NULL && gif->SColorMap->ColorCount > 0 && gif->SColorMap->ColorCount <= 256) {
        screen->has_global_palette = 1;
        screen->global_entries = gif->SColorMap->ColorCount;
        for (int i = 0; i < gif->SColorMap->ColorCount; i++) {
            screen->global_palette[3 * i] = gif->SColorMap->Colors[i].Red;
            screen->global_palette[3 * i + 1] = gif->SColorMap->Colors[i].Green;
            screen->global_palette[3 * i + 2] = gif->SColorMap->Colors[i].Blue;
        }
    }
    *out = reader;
    return IMAGO_GIF_OK;
}

void imago_gif_close(ImagoGIFReader *reader) {
    if (reader == NULL) return;
    if (reader->gif != NULL) {
        int error = 0;
        DGifCloseFile(reader->gif, &error);
    }
    free(reader->patched);
    free(reader->lzw);
    free(reader->payload);
    free(reader);
}

int imago_gif_data_ended(const ImagoGIFReader *reader) { return reader->ended || reader->truncated_image; }

ImagoGIFStatus imago_gif_next_record(ImagoGIFReader *reader, ImagoGIFRecord *record) {
    memset(record, 0, sizeof *record);
    GifFileType *gif = reader->gif;
    for (;;) {
        if (reader->position >= reader->size) {
            record->kind = IMAGO_GIF_RECORD_END;
            return IMAGO_GIF_OK;
        }
        GifRecordType type = UNDEFINED_RECORD_TYPE;
        if (DGifGetRecordType(gif, &type) == GIF_ERROR) {
            if (gif->Error == D_GIF_ERR_WRONG_RECORD && !reader->ended) continue;  // Pillow skips stray bytes
            return status_of(reader, gif->Error);
        }
        switch (type) {
        case TERMINATE_RECORD_TYPE:
            record->kind = IMAGO_GIF_RECORD_END;
            return IMAGO_GIF_OK;
        case EXTENSION_RECORD_TYPE: {
            int code = 0;
            GifByteType *block = NULL;
            if (DGifGetExtension(gif, &code, &block) == GIF_ERROR || reader->ended) {
                return status_of(reader, gif->Error);
            }
            record->kind = IMAGO_GIF_RECORD_EXTENSION;
            record->extension_code = code;
            if (block != NULL) {
                record->block_length = block[0];
                memcpy(record->block, block + 1, block[0]);
            } else {
                record->block_length = -1;
            }
            return IMAGO_GIF_OK;
        }
        case IMAGE_DESC_RECORD_TYPE: {
            // giflib reports an LZW code size above 8 as a read failure; name it instead.
            size_t at = reader->position + 8;
            if (at < reader->size) {
                uint8_t flags = reader->data[at];
                size_t code_size_at = at + 1 + ((flags & 0x80) ? (size_t)3 << ((flags & 7) + 1) : 0);
                if (code_size_at < reader->size && reader->data[code_size_at] > 8) return IMAGO_GIF_CODE_SIZE;
            }
            if (DGifGetImageDesc(gif) == GIF_ERROR || reader->ended) return status_of(reader, gif->Error);
            reader->code_size = reader->data[reader->position - 1];  // giflib's last read: the LZW code size
            record->kind = IMAGO_GIF_RECORD_IMAGE;
            record->left = gif->Image.Left;
            record->top = gif->Image.Top;
            record->width = gif->Image.Width;
            record->height = gif->Image.Height;
            record->interlaced = gif->Image.Interlace ? 1 : 0;
            ColorMapObject *map = gif->Image.ColorMap;
            if (map != NULL && map->ColorCount > 0 && map->ColorCount <= 256) {
                record->has_local_palette = 1;
                record->local_entries = map->ColorCount;
                for (int i = 0; i < map->ColorCount; i++) {
                    record->local_palette[3 * i] = map->Colors[i].Red;
                    record->local_palette[3 * i + 1] = map->Colors[i].Green;
                    record->local_palette[3 * i + 2] = map->Colors[i].Blue;
                }
            }
            return IMAGO_GIF_OK;
        }
        default:
            return IMAGO_GIF_CORRUPT;
        }
    }
}

ImagoGIFStatus imago_gif_extension_next(ImagoGIFReader *reader, uint8_t *block, int *length) {
    *length = 0;
    GifByteType *next = NULL;
    if (DGifGetExtensionNext(reader->gif, &next) == GIF_ERROR || reader->ended) {
        return status_of(reader, reader->gif->Error);
    }
    if (next != NULL) {
        *length = next[0];
        memcpy(block, next + 1, next[0]);
    }
    return IMAGO_GIF_OK;
}

ImagoGIFStatus imago_gif_skip_image(ImagoGIFReader *reader) {
    GifFileType *gif = reader->gif;
    int code_size = 0;
    GifByteType *block = NULL;
    ImagoGIFStatus status = IMAGO_GIF_OK;
    if (DGifGetCode(gif, &code_size, &block) == GIF_ERROR) {
        status = status_of(reader, gif->Error);
    } else {
        while (block != NULL) {
            if (DGifGetCodeNext(gif, &block) == GIF_ERROR) {
                status = status_of(reader, gif->Error);
                break;
            }
        }
    }
    return status;
}

/// When the sub-block chain from the current position runs past the end of the data, switches the reader to a copy
/// of the complete sub-blocks, closed by an empty one: giflib then meets the end of the chain where the data ends,
/// never decodes bytes that are not in the file, and (like Pillow) never uses a sub-block the cut left incomplete.
static ImagoGIFStatus close_truncated_chain(ImagoGIFReader *reader) {
    size_t p = reader->position;
    while (p < reader->size) {
        size_t count = reader->data[p];
        if (count == 0) return IMAGO_GIF_OK;
        if (count > reader->size - p - 1) break;
        p += 1 + count;
    }
    size_t remaining = reader->size - reader->position;
    uint8_t *copy = malloc(remaining + 2);
    if (copy == NULL) return IMAGO_GIF_NOMEM;
    size_t in = reader->position, out = 0;
    while (in < reader->size) {
        size_t count = reader->data[in];
        size_t present = reader->size - in - 1;
        // A sub-block cut short is dropped whole: Pillow's decoder only consumes complete sub-blocks.
        if (count > present || count == 0) break;
        copy[out++] = (uint8_t)count;
        memcpy(copy + out, reader->data + in + 1, count);
        out += count;
        in += 1 + count;
    }
    copy[out++] = 0;
    free(reader->patched);
    reader->patched = copy;
    reader->data = copy;
    reader->size = out;
    reader->position = 0;
    reader->truncated_image = 1;
    return IMAGO_GIF_OK;
}

/// Copies the payloads of the sub-block chain at the reader's position into `reader->payload` (`*length` bytes);
/// `*end` is the position after the chain's empty sub-block.
static ImagoGIFStatus gather_payload(ImagoGIFReader *reader, size_t *length, size_t *end) {
    size_t p = reader->position, total = 0;
    while (p < reader->size && reader->data[p] != 0) {
        size_t count = reader->data[p];
        if (count > reader->size - p - 1) count = reader->size - p - 1;
        total += count;
        p += 1 + count;
    }
    if (total > reader->payload_capacity || reader->payload == NULL) {
        uint8_t *grown = realloc(reader->payload, total > 0 ? total : 1);
        if (grown == NULL) return IMAGO_GIF_NOMEM;
        reader->payload = grown;
        reader->payload_capacity = total;
    }
    size_t out = 0;
    p = reader->position;
    while (p < reader->size && reader->data[p] != 0) {
        size_t count = reader->data[p];
        if (count > reader->size - p - 1) count = reader->size - p - 1;
        memcpy(reader->payload + out, reader->data + p + 1, count);
        out += count;
        p += 1 + count;
    }
    if (p < reader->size) {
        p += 1;
    } else {
        reader->ended = 1;  // no empty sub-block before the end (giflib would read a zero byte past it)
    }
    *length = total;
    *end = p;
    return IMAGO_GIF_OK;
}

/// The position just after the sub-block that holds the `used`-th payload byte of the chain at `start`.
static size_t after_payload_byte(const ImagoGIFReader *reader, size_t start, size_t used) {
    size_t p = start;
    while (p < reader->size && reader->data[p] != 0) {
        size_t count = reader->data[p];
        p += 1 + count;
        if (used <= count) break;
        used -= count;
    }
    return p < reader->size ? p : reader->size;
}

ImagoGIFStatus imago_gif_read_image(ImagoGIFReader *reader, uint8_t *out, size_t stride, int width, int height,
                                    int interlaced, int keep_partial, int *rows, int *data_ended) {
    *rows = 0;
    *data_ended = 0;
    ImagoGIFStatus status = close_truncated_chain(reader);
    if (status != IMAGO_GIF_OK) return status;
    if (width <= 0 || height <= 0) {
        status = imago_gif_skip_image(reader);
        *data_ended = reader->ended || reader->truncated_image;
        return status;
    }
    if (reader->lzw == NULL) {
        reader->lzw = malloc(imago_gif_lzw_tables_size());
        if (reader->lzw == NULL) return IMAGO_GIF_NOMEM;
    }
    size_t length = 0, end = 0;
    status = gather_payload(reader, &length, &end);
    if (status != IMAGO_GIF_OK) return status;
    ImagoGIFLZWFrame frame = { out, stride, (size_t)width, (size_t)height, interlaced };
    size_t pixels = 0, used = 0;
    ImagoGIFLZWResult result = imago_gif_lzw_decode(reader->lzw, reader->payload, length, reader->code_size, &frame,
                                                    keep_partial, &pixels, &used);
    *rows = (int)(pixels / (size_t)width);
    switch (result) {
    case IMAGO_GIF_LZW_COMPLETE:
        status = IMAGO_GIF_OK;
        break;
    case IMAGO_GIF_LZW_END_CODE:
        status = IMAGO_GIF_EARLY_END;
        break;
    case IMAGO_GIF_LZW_OUT_OF_DATA:
        // giflib met the chain's empty sub-block inside a code: where the file was cut, or data that ends early.
        status = reader->truncated_image ? IMAGO_GIF_TRUNCATED : IMAGO_GIF_EARLY_END;
        break;
    default:
        status = IMAGO_GIF_CORRUPT;
        end = after_payload_byte(reader, reader->position, used);
        break;
    }
    reader->position = end;
    if (status != IMAGO_GIF_OK && reader->ended) status = IMAGO_GIF_TRUNCATED;
    *data_ended = reader->ended || reader->truncated_image;
    return status;
}
