/* PNG encoding on libpng: every setjmp/longjmp of the write side lives here. */
#include "png_shim.h"

#include <png.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    uint8_t *bytes;
    size_t size, capacity;
    int no_memory;
    char *message;
    size_t message_size;
} write_context;

static void on_error(png_structp png, png_const_charp text) {
    write_context *c = (write_context *)png_get_error_ptr(png);
    if (c->message && c->message_size) snprintf(c->message, c->message_size, "%s", text ? text : "libpng error");
    png_longjmp(png, 1);
}

static void on_warning(png_structp png, png_const_charp text) {
    (void)png;
    (void)text; /* encoder warnings are not errors and are never printed */
}

static void on_write(png_structp png, png_bytep data, size_t length) {
    write_context *c = (write_context *)png_get_io_ptr(png);
    if (length > c->capacity - c->size) {
        size_t wanted = c->size + length;
        if (wanted < c->size) { c->no_memory = 1; png_error(png, "output size overflow"); }
        size_t capacity = c->capacity ? c->capacity : 65536;
        while (capacity < wanted) {
            if (capacity > SIZE_MAX / 2) { capacity = wanted; break; }
            capacity *= 2;
        }
        uint8_t *grown = (uint8_t *)realloc(c->bytes, capacity);
        if (!grown) { c->no_memory = 1; png_error(png, "out of memory for the output"); }
        c->bytes = grown;
        c->capacity = capacity;
    }
    memcpy(c->bytes + c->size, data, length);
    c->size += length;
}

static void on_flush(png_structp png) { (void)png; }

imago_png_status imago_png_encode(const imago_png_write_params *p, const uint8_t *base, size_t stride,
                                  uint8_t **out, size_t *out_size, char *message, size_t message_size) {
    *out = NULL;
    *out_size = 0;
    if (message && message_size) message[0] = 0;
    write_context *c = (write_context *)calloc(1, sizeof *c);
    if (!c) return IMAGO_PNG_NO_MEMORY;
    c->message = message;
    c->message_size = message_size;
    png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, c, on_error, on_warning);
    png_infop info = png ? png_create_info_struct(png) : NULL;
    png_textp texts = p->text_count > 0 ? (png_textp)calloc((size_t)p->text_count, sizeof(png_text)) : NULL;
    if (!png || !info || (p->text_count > 0 && !texts)) {
        png_destroy_write_struct(&png, &info);
        free(texts);
        free(c);
        return IMAGO_PNG_NO_MEMORY;
    }
    if (setjmp(png_jmpbuf(png))) {
        imago_png_status status = c->no_memory ? IMAGO_PNG_NO_MEMORY : IMAGO_PNG_INVALID;
        png_destroy_write_struct(&png, &info);
        free(texts);
        free(c->bytes);
        free(c);
        return status;
    }
    png_set_write_fn(png, c, on_write, on_flush);
#ifdef PNG_SKIP_sRGB_CHECK_PROFILE
    /* Write ICC profiles as given (Pillow does too): libpng would refuse some widespread sRGB profiles it knows to be inexact. */
    png_set_option(png, PNG_SKIP_sRGB_CHECK_PROFILE, PNG_OPTION_ON);
#endif
    png_set_IHDR(png, info, p->width, p->height, p->bit_depth, p->color_type,
                 p->interlaced ? PNG_INTERLACE_ADAM7 : PNG_INTERLACE_NONE,
                 PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
    png_set_compression_level(png, p->level);
    if (p->filters >= 0) png_set_filter(png, PNG_FILTER_TYPE_BASE, p->filters);
    if (p->palette && p->palette_count > 0)
        png_set_PLTE(png, info, (png_const_colorp)p->palette, p->palette_count);
    if (p->trns && p->trns_count > 0)
        png_set_tRNS(png, info, p->trns, p->trns_count, NULL);
    if (p->icc && p->icc_length > 0)
        png_set_iCCP(png, info, "ICC profile", PNG_COMPRESSION_TYPE_BASE, p->icc, p->icc_length);
    if (p->exif && p->exif_length > 0)
        png_set_eXIf_1(png, info, p->exif_length, (png_bytep)p->exif);
    if (p->has_phys)
        png_set_pHYs(png, info, p->phys_x, p->phys_y, p->phys_unit);
    for (int i = 0; i < p->text_count; i++) {
        const imago_png_write_text *t = &p->texts[i];
        texts[i].key = (png_charp)t->key;
        texts[i].text = (png_charp)t->text;
        if (t->utf8) {
            texts[i].compression = t->compress ? PNG_ITXT_COMPRESSION_zTXt : PNG_ITXT_COMPRESSION_NONE;
            texts[i].lang = (png_charp)"";
            texts[i].lang_key = (png_charp)"";
        } else {
            texts[i].compression = t->compress ? PNG_TEXT_COMPRESSION_zTXt : PNG_TEXT_COMPRESSION_NONE;
        }
    }
    if (p->text_count > 0) png_set_text(png, info, texts, p->text_count);
    png_write_info(png, info);
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    if (p->bit_depth == 16) png_set_swap(png);
#endif
    if (p->bit_depth < 8) png_set_packing(png);
    int passes = png_set_interlace_handling(png);
    for (int pass = 0; pass < passes; pass++) {
        const uint8_t *row = base;
        for (uint32_t y = 0; y < p->height; y++, row += stride) png_write_row(png, (png_const_bytep)row);
    }
    png_write_end(png, info);
    png_destroy_write_struct(&png, &info);
    free(texts);
    *out = c->bytes;
    *out_size = c->size;
    free(c);
    return IMAGO_PNG_OK;
}

void imago_png_free(void *pointer) { free(pointer); }
