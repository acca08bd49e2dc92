// Reading a TIFF page's EXIF: IFD0's descriptive tags and the Exif and GPS sub-IFDs, once libtiff has read them
// (TIFFReadEXIFDirectory, TIFFReadGPSDirectory: a sub-IFD libtiff cannot read is refused), each entry taken exactly
// as the file stores it (libtiff keeps rationals as floats and ignores entries of an unexpected type, which Pillow and
// exiftool read), bounded and turned little-endian for Imago's EXIF block.
#include "tiff_handle.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* libtiff refuses a classic directory of more entries (its directory count sanity check). */
enum { MAX_DIRECTORY_ENTRIES = 4096 };

void imago_tiff_free_exif(ImagoTIFF *t) {
    free(t->exif_entries);
    free(t->exif_values);
    t->exif_entries = NULL;
    t->exif_values = NULL;
}

/* Reads `n` bytes at `offset` of the file (in memory or through the reader) without moving libtiff's cursor;
   0 when they are not all inside the file or the reader fails. */
static int read_at(ImagoTIFF *t, uint64_t offset, void *buffer, uint64_t n) {
    if (offset > t->size || n > t->size - offset) return 0;
    if (n == 0) return 1;
    if (t->reader == NULL) {
        memcpy(buffer, t->data + offset, (size_t)n);
        return 1;
    }
    uint64_t got = 0;
    while (got < n) {
        uint64_t want = n - got;
        if (want > INT64_MAX) want = INT64_MAX;
        int64_t r = t->reader(t->reader_context, offset + got, (uint8_t *)buffer + got, (int64_t)want);
        if (r <= 0) return 0;
        got += (uint64_t)r;
    }
    return 1;
}

/* Bytes per value of TIFF types 1...12 (0 for others: 64-bit BigTIFF types have no place in an EXIF block). */
static int type_size(uint16_t type) {
    switch (type) {
    case TIFF_BYTE: case TIFF_ASCII: case TIFF_SBYTE: case TIFF_UNDEFINED: return 1;
    case TIFF_SHORT: case TIFF_SSHORT: return 2;
    case TIFF_LONG: case TIFF_SLONG: case TIFF_FLOAT: return 4;
    case TIFF_RATIONAL: case TIFF_SRATIONAL: case TIFF_DOUBLE: return 8;
    default: return 0;
    }
}

/* One directory entry as the file stores it. */
typedef struct {
    uint16_t tag, type;
    uint64_t count;
    uint8_t field[8];            // the value or its offset (4 bytes in classic TIFF, 8 in BigTIFF)
} RawEntry;

/* The entries and values gathered so far, and the bound on the values. */
typedef struct {
    ImagoTIFFExifValue *entries;
    uint32_t count, capacity;
    uint8_t *values;
    uint64_t size, room, max;
    uint32_t skipped;            // entries left out: their value lies outside the file
} Gathered;

/* Reads the entries of the directory at `offset`. */
static ImagoTIFFStatus read_directory(ImagoTIFF *t, uint64_t offset, RawEntry **out, uint32_t *count) {
    *out = NULL;
    *count = 0;
    int big = TIFFIsBigEndian(t->tif), bigtiff = TIFFIsBigTIFF(t->tif);
    int count_size = bigtiff ? 8 : 2, entry_size = bigtiff ? 20 : 12, field = bigtiff ? 8 : 4;
    uint8_t head[8];
    if (!read_at(t, offset, head, (uint64_t)count_size)) return IMAGO_TIFF_CORRUPT;
    uint64_t n = file_uint(head, count_size, big);
    if (n > MAX_DIRECTORY_ENTRIES) return IMAGO_TIFF_CORRUPT;
    if (n == 0) return IMAGO_TIFF_OK;
    uint8_t *raw = malloc((size_t)n * (size_t)entry_size);
    RawEntry *entries = calloc((size_t)n, sizeof *entries);
    if (raw == NULL || entries == NULL) {
        free(raw);
        free(entries);
        return IMAGO_TIFF_NOMEM;
    }
    /* offset + count_size cannot wrap: read_at found count_size bytes there. */
    if (!read_at(t, offset + (uint64_t)count_size, raw, n * (uint64_t)entry_size)) {
        free(raw);
        free(entries);
        return IMAGO_TIFF_CORRUPT;
    }
    for (uint64_t i = 0; i < n; i++) {
        const uint8_t *e = raw + i * (uint64_t)entry_size;
        entries[i].tag = (uint16_t)file_uint(e, 2, big);
        entries[i].type = (uint16_t)file_uint(e + 2, 2, big);
        entries[i].count = file_uint(e + 4, field, big);
        memcpy(entries[i].field, e + 4 + field, (size_t)field);
    }
    free(raw);
    *out = entries;
    *count = (uint32_t)n;
    return IMAGO_TIFF_OK;
}

/* Appends entry `e` of `directory` with its value read from the file, little-endian. An entry of another type or
   without a value is left out, one whose value lies outside the file counted in g->skipped; IMAGO_TIFF_LIMIT past
   g->max. */
static ImagoTIFFStatus gather(ImagoTIFF *t, Gathered *g, uint16_t directory, const RawEntry *e) {
    int size = type_size(e->type);
    if (size == 0 || e->count == 0) return IMAGO_TIFF_OK;
    if (e->count > UINT32_MAX || e->count > t->size / (uint64_t)size) {  /* more bytes than the whole file */
        g->skipped++;
        return IMAGO_TIFF_OK;
    }
    if (e->count > g->max / (uint64_t)size) return IMAGO_TIFF_LIMIT;
    uint64_t bytes = e->count * (uint64_t)size;
    if (bytes > g->max - g->size) return IMAGO_TIFF_LIMIT;
    if (g->size + bytes > g->room) {
        uint64_t room = g->room ? g->room : 256;
        while (room < g->size + bytes) room = room > g->max / 2 ? g->max : room * 2;
        uint8_t *values = realloc(g->values, (size_t)room);
        if (values == NULL) return IMAGO_TIFF_NOMEM;
        g->values = values;
        g->room = room;
    }
    if (g->count == g->capacity) {
        uint32_t capacity = g->capacity ? g->capacity * 2 : 32;
        ImagoTIFFExifValue *entries = realloc(g->entries, (size_t)capacity * sizeof *entries);
        if (entries == NULL) return IMAGO_TIFF_NOMEM;
        g->entries = entries;
        g->capacity = capacity;
    }
    int big = TIFFIsBigEndian(t->tif), field = TIFFIsBigTIFF(t->tif) ? 8 : 4;
    uint8_t *value = g->values + g->size;
    if (bytes <= (uint64_t)field) {
        memcpy(value, e->field, (size_t)bytes);
    } else if (!read_at(t, file_uint(e->field, field, big), value, bytes)) {
        g->skipped++;
        return IMAGO_TIFF_OK;
    }
    if (big) {
        uint64_t element = e->type == TIFF_RATIONAL || e->type == TIFF_SRATIONAL ? 4 : (uint64_t)size;
        for (uint64_t at = 0; element > 1 && at < bytes; at += element) {
            for (uint64_t i = 0; i < element / 2; i++) {
                uint8_t swap = value[at + i];
                value[at + i] = value[at + element - 1 - i];
                value[at + element - 1 - i] = swap;
            }
        }
    }
    g->entries[g->count++] = (ImagoTIFFExifValue){ .directory = directory, .tag = e->tag, .type = e->type,
                                                   .count = (uint32_t)e->count, .offset = (uint32_t)g->size,
                                                   .size = (uint32_t)bytes };
    g->size += bytes;
    return IMAGO_TIFF_OK;
}

/* IFD0's entries with a tag of `primary`. */
static ImagoTIFFStatus gather_primary(ImagoTIFF *t, Gathered *g, const uint16_t *primary, uint32_t primary_count) {
    RawEntry *raw = NULL;
    uint32_t n = 0;
    ImagoTIFFStatus status = read_directory(t, TIFFCurrentDirOffset(t->tif), &raw, &n);
    for (uint32_t i = 0; i < n && status == IMAGO_TIFF_OK; i++) {
        int wanted = 0;
        for (uint32_t k = 0; k < primary_count && !wanted; k++) wanted = primary[k] == raw[i].tag;
        if (wanted) status = gather(t, g, 0, &raw[i]);
    }
    free(raw);
    return status;
}

/* The entries of the sub-IFD at `offset` (1 Exif, 2 GPS), once libtiff read it, but pointers to further directories.
   Every entry is kept as Pillow and exiftool keep it, also one libtiff ignores for a type other than the EXIF
   standard's (Pillow writes UserComment as BYTE, libtiff wants UNDEFINED). */
static ImagoTIFFStatus gather_sub_ifd(ImagoTIFF *t, Gathered *g, uint16_t directory, uint64_t offset) {
    int ok = directory == 1 ? TIFFReadEXIFDirectory(t->tif, offset) : TIFFReadGPSDirectory(t->tif, offset);
    if (!ok) return IMAGO_TIFF_CORRUPT;
    RawEntry *raw = NULL;
    uint32_t n = 0;
    ImagoTIFFStatus status = read_directory(t, offset, &raw, &n);
    for (uint32_t i = 0; i < n && status == IMAGO_TIFF_OK; i++) {
        uint16_t tag = raw[i].tag;
        if (tag == TIFFTAG_EXIFIFD || tag == TIFFTAG_GPSIFD || tag == 0xA005 /* interoperability IFD */) continue;
        status = gather(t, g, directory, &raw[i]);
    }
    free(raw);
    return status;
}

ImagoTIFFStatus imago_tiff_read_exif(ImagoTIFF *t, const uint16_t *primary, uint32_t primary_count,
                                     uint64_t max_bytes, ImagoTIFFExifRead *out) {
    memset(out, 0, sizeof *out);
    imago_tiff_free_exif(t);
    TIFF *tif = t->tif;
    if (tif == NULL) return IMAGO_TIFF_INVALID;
    Messages saved = t->messages;
    memset(&t->messages, 0, sizeof t->messages);
    Gathered g = { .max = max_bytes < UINT32_MAX ? max_bytes : UINT32_MAX };
    uint64_t page = TIFFCurrentDirOffset(tif), exif = 0, gps = 0;
    if (!TIFFGetField(tif, TIFFTAG_EXIFIFD, &exif)) exif = 0;
    if (!TIFFGetField(tif, TIFFTAG_GPSIFD, &gps)) gps = 0;
    ImagoTIFFStatus status = gather_primary(t, &g, primary, primary_count);
    if (status == IMAGO_TIFF_CORRUPT) snprintf(out->message, sizeof out->message, "the page's directory is unreadable");
    for (uint16_t directory = 1; directory <= 2 && status == IMAGO_TIFF_OK; directory++) {
        uint64_t at = directory == 1 ? exif : gps;
        const char *name = directory == 1 ? "Exif" : "GPS";
        if (at == 0) continue;
        if (at == page || exif == gps) {
            status = IMAGO_TIFF_CORRUPT;
            snprintf(out->message, sizeof out->message, "the %s sub-IFD at offset %llu loops back to %s", name,
                     (unsigned long long)at, at == page ? "the page's own directory" : "the other sub-IFD");
            break;
        }
        status = gather_sub_ifd(t, &g, directory, at);
        if (status == IMAGO_TIFF_CORRUPT)
            snprintf(out->message, sizeof out->message, "the %s sub-IFD at offset %llu is unreadable%s%s", name,
                     (unsigned long long)at, t->messages.errors ? ": " : "", t->messages.errors ? t->messages.error : "");
    }
    if (status == IMAGO_TIFF_LIMIT)
        snprintf(out->message, sizeof out->message, "the EXIF values exceed the metadata limit of %llu bytes",
                 (unsigned long long)g.max);
    if (status == IMAGO_TIFF_NOMEM) snprintf(out->message, sizeof out->message, "out of memory reading the EXIF");
    t->messages = saved;
    if (status != IMAGO_TIFF_OK) {
        free(g.entries);
        free(g.values);
        return status;
    }
    t->exif_entries = g.entries;
    t->exif_values = g.values;
    out->entries = g.entries;
    out->entry_count = g.count;
    out->values = g.values;
    out->values_size = (uint32_t)g.size;
    out->skipped = g.skipped;
    return IMAGO_TIFF_OK;
}
