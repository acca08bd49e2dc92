// Writing GIF through giflib's low-level EGif API into a growing memory buffer.
#include "gif_shim.h"

#include <gif_lib.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    uint8_t *bytes;
    size_t size;
    size_t capacity;
    int failed;
} OutputBuffer;

static int write_memory(GifFileType *gif, const GifByteType *bytes, int length) {
    OutputBuffer *buffer = (OutputBuffer *)gif->UserData;
    if (length <= 0 || buffer->failed) return buffer->failed ? 0 : length;
    size_t needed = buffer->size + (size_t)length;
    if (needed < buffer->size) { buffer->failed = 1; return 0; }
    if (needed > buffer->capacity) {
        size_t capacity = buffer->capacity ? buffer->capacity : 4096;
        while (capacity < needed) {
            if (capacity > SIZE_MAX / 2) { buffer->failed = 1; return 0; }
            capacity *= 2;
        }
        uint8_t *grown = realloc(buffer->bytes, capacity);
        if (grown == NULL) { buffer->failed = 1; return 0; }
        buffer->bytes = grown;
        buffer->capacity = capacity;
    }
    memcpy(buffer->bytes + buffer->size, bytes, (size_t)length);
    buffer->size = needed;
    return length;
}

static ColorMapObject *make_map(const uint8_t *palette, int entries) {
    if (palette == NULL || entries <= 0) return NULL;
    GifColorType colors[256];
    for (int i = 0; i < entries && i < 256; i++) {
        colors[i].Red = palette[3 * i];
        colors[i].Green = palette[3 * i + 1];
        colors[i].Blue = palette[3 * i + 2];
    }
    return GifMakeMapObject(entries, colors);
}

static int write_frame(GifFileType *gif, const ImagoGIFFrame *frame) {
    if (frame->has_control) {
        GifByteType control[4];
        int flags = ((frame->disposal & 7) << 2) | (frame->transparency >= 0 ? 1 : 0);
        control[0] = (GifByteType)flags;
        control[1] = (GifByteType)(frame->delay_cs & 0xFF);
        control[2] = (GifByteType)((frame->delay_cs >> 8) & 0xFF);
        control[3] = (GifByteType)(frame->transparency >= 0 ? frame->transparency : 0);
        if (EGifPutExtension(gif, GRAPHICS_EXT_FUNC_CODE, 4, control) == GIF_ERROR) return 0;
    }
    ColorMapObject *map = NULL;
    if (frame->palette_entries > 0) {
        map = make_map(frame->palette, frame->palette_entries);
        if (map == NULL) return 0;
    }
    int ok = EGifPutImageDesc(gif, frame->left, frame->top, frame->width, frame->height,
                              frame->interlaced ? true : false, map) != GIF_ERROR;
    GifFreeMapObject(map);
    if (!ok) return 0;
    static const int start[4] = { 0, 4, 2, 1 };
    static const int step[4] = { 8, 8, 4, 2 };
    int passes = frame->interlaced ? 4 : 1;
    for (int pass = 0; pass < passes; pass++) {
        int first = frame->interlaced ? start[pass] : 0;
        int increment = frame->interlaced ? step[pass] : 1;
        for (int y = first; y < frame->height; y += increment) {
            GifPixelType *row = (GifPixelType *)(frame->indices + (size_t)y * (size_t)frame->width);
            if (EGifPutLine(gif, row, frame->width) == GIF_ERROR) return 0;
        }
    }
    return 1;
}

ImagoGIFStatus imago_gif_encode(const ImagoGIFEncodeHeader *header, const ImagoGIFFrame *frames, int frame_count,
                                uint8_t **out, size_t *out_size) {
    *out = NULL;
    *out_size = 0;
    OutputBuffer buffer = { NULL, 0, 0, 0 };
    int error = 0;
    GifFileType *gif = EGifOpen(&buffer, write_memory, &error);
    if (gif == NULL) return error == E_GIF_ERR_NOT_ENOUGH_MEM ? IMAGO_GIF_NOMEM : IMAGO_GIF_ENCODE_FAILED;
    EGifSetGifVersion(gif, header->gif89 ? true : false);
    int ok = 1;
    ColorMapObject *global = NULL;
    if (header->palette_entries > 0) {
        global = make_map(header->palette, header->palette_entries);
        if (global == NULL) ok = 0;
    }
    if (ok) ok = EGifPutScreenDesc(gif, header->width, header->height, 1, header->background, global) != GIF_ERROR;
    GifFreeMapObject(global);
    if (ok && header->loop >= 0) {
        GifByteType loop[3] = { 1, (GifByteType)(header->loop & 0xFF), (GifByteType)((header->loop >> 8) & 0xFF) };
        ok = EGifPutExtensionLeader(gif, APPLICATION_EXT_FUNC_CODE) != GIF_ERROR
            && EGifPutExtensionBlock(gif, 11, "NETSCAPE2.0") != GIF_ERROR
            && EGifPutExtensionBlock(gif, 3, loop) != GIF_ERROR
            && EGifPutExtensionTrailer(gif) != GIF_ERROR;
    }
    for (int i = 0; ok && i < frame_count; i++) ok = write_frame(gif, &frames[i]);
    int close_error = 0;
    if (EGifCloseFile(gif, &close_error) == GIF_ERROR) ok = 0;
    if (!ok || buffer.failed) {
        free(buffer.bytes);
        return buffer.failed ? IMAGO_GIF_NOMEM : IMAGO_GIF_ENCODE_FAILED;
    }
    *out = buffer.bytes;
    *out_size = buffer.size;
    return IMAGO_GIF_OK;
}

void imago_gif_free(uint8_t *buffer) { free(buffer); }
