// Private to the TIFF shim: the reading handle's layout, shared by tiff_shim.c and tiff_exif_read.c.
#ifndef IMAGO_TIFF_HANDLE_H
#define IMAGO_TIFF_HANDLE_H

#include "tiff_shim.h"

#include <tiffio.h>

typedef struct {
    char error[512];
    char warning[512];
    int errors;
    int io_warnings;             // tags libtiff skipped because their bytes lie past the end of the data
} Messages;

struct ImagoTIFF {
    TIFF *tif;
    const uint8_t *data;
    uint64_t size, pos;
    Messages messages;
    int64_t max_alloc;
    ImagoTIFFReadFunction reader;  /* set by imago_tiff_open_reader: bytes come from it, not from `data` */
    void *reader_context;
    int chop_strips;               /* libtiff's strip chopping ("r") or not ("rc") */
    ImagoTIFFExifValue *exif_entries;  /* the last imago_tiff_read_exif's result, freed by the next one or close */
    uint8_t *exif_values;
};

/// Reads an unsigned integer of `size` bytes at `p` in the file's byte order (`big` for MM).
static inline uint64_t file_uint(const uint8_t *p, int size, int big) {
    uint64_t v = 0;
    for (int i = 0; i < size; i++) v |= (uint64_t)p[big ? size - 1 - i : i] << (8 * i);
    return v;
}

/// Frees the last EXIF read's entries and values (tiff_exif_read.c).
void imago_tiff_free_exif(ImagoTIFF *t);

#endif
