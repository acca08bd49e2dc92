/*
 * libjpeg(-turbo) shim: every setjmp/longjmp of the JPEG codec lives in this file.
 * See include/jpeg_shim.h for the contract.
 */
#include "jpeg_shim.h"

#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jpeglib.h>
#include <jerror.h>

/* ---------------------------------------------------------------- error manager */

typedef struct {
    struct jpeg_error_mgr pub;
    jmp_buf jump;
    imago_jpeg_status status;
    int strict_eof;
    int saw_eof;
    int max_scans;
    char message[JMSG_LENGTH_MAX + 64];
} shim_error;

static imago_jpeg_status status_for_code(int code) {
    switch (code) {
    case JERR_BAD_PRECISION:
    case JERR_SOF_UNSUPPORTED:
    case JERR_NOT_COMPILED:
    case JERR_CONVERSION_NOTIMPL:
    case JERR_ARITH_NOTIMPL:
        return IMAGO_JPEG_UNSUPPORTED;
    case JERR_OUT_OF_MEMORY:
    case JERR_NO_BACKING_STORE:
        return IMAGO_JPEG_NO_MEMORY;
    case JERR_IMAGE_TOO_BIG:
    case JERR_WIDTH_OVERFLOW:
        return IMAGO_JPEG_LIMIT;
    case JERR_INPUT_EMPTY:
        return IMAGO_JPEG_TRUNCATED;
    default:
        return IMAGO_JPEG_CORRUPT;
    }
}

static void shim_output_message(j_common_ptr cinfo) {
    shim_error *err = (shim_error *)cinfo->err;
    (*cinfo->err->format_message)(cinfo, err->message);
}

static void shim_error_exit(j_common_ptr cinfo) {
    shim_error *err = (shim_error *)cinfo->err;
    (*cinfo->err->format_message)(cinfo, err->message);
    err->status = status_for_code(cinfo->err->msg_code);
    /* A structural error after the data ran out (libjpeg inserted a fake EOI) is a truncation. */
    if (err->status == IMAGO_JPEG_CORRUPT && err->saw_eof) err->status = IMAGO_JPEG_TRUNCATED;
    longjmp(err->jump, 1);
}

static void shim_emit_message(j_common_ptr cinfo, int msg_level) {
    shim_error *err = (shim_error *)cinfo->err;
    if (msg_level >= 0) return; /* trace messages: ignored */
    cinfo->err->num_warnings++;
    if (cinfo->err->msg_code == JWRN_JPEG_EOF) {
        err->saw_eof = 1;
        if (err->strict_eof) {
            (*cinfo->err->format_message)(cinfo, err->message);
            err->status = IMAGO_JPEG_TRUNCATED;
            longjmp(err->jump, 1);
        }
    }
    (*cinfo->err->format_message)(cinfo, err->message);
}

static void shim_init_error(shim_error *err) {
    memset(err, 0, sizeof(*err));
    jpeg_std_error(&err->pub);
    err->pub.error_exit = shim_error_exit;
    err->pub.output_message = shim_output_message;
    err->pub.emit_message = shim_emit_message;
}

/* ---------------------------------------------------------------- decoder */

/* One APP1/APP2 segment kept for metadata (EXIF, ICC), in a malloc'ed list owned by the decoder. */
typedef struct saved_segment {
    struct saved_segment *next;
    int marker;
    int after_sof;
    size_t length;
    uint8_t data[];
} saved_segment;

struct imago_jpeg_decoder {
    struct jpeg_decompress_struct cinfo; /* first member: a j_decompress_ptr is also the decoder */
    shim_error err;
    struct jpeg_progress_mgr progress;
    const uint8_t *data;
    size_t size;
    size_t max_memory;
    size_t max_metadata;
    size_t metadata_bytes;
    int header_read;
    saved_segment *segments, *last_segment;
    int segment_count;
};

/* Reads one APPn segment through the source manager and keeps it (libjpeg marker-processor contract). */
static boolean save_segment(j_decompress_ptr c) {
    imago_jpeg_decoder *d = (imago_jpeg_decoder *)c;
    struct jpeg_source_mgr *src = c->src;
    uint8_t header[2];
    for (int i = 0; i < 2; i++) {
        if (src->bytes_in_buffer == 0 && !(*src->fill_input_buffer)(c)) ERREXIT(c, JERR_CANT_SUSPEND);
        header[i] = *src->next_input_byte++;
        src->bytes_in_buffer--;
    }
    size_t length = ((size_t)header[0] << 8 | header[1]);
    length = length >= 2 ? length - 2 : 0;
    if (d->metadata_bytes + length > d->max_metadata) {
        snprintf(d->err.message, sizeof(d->err.message), "JPEG metadata segments exceed the limit of %zu bytes",
                 d->max_metadata);
        d->err.status = IMAGO_JPEG_LIMIT;
        longjmp(d->err.jump, 1);
    }
    saved_segment *segment = malloc(sizeof(saved_segment) + length);
    if (segment == NULL) ERREXIT1(c, JERR_OUT_OF_MEMORY, 100);
    segment->next = NULL;
    segment->marker = c->unread_marker;
    segment->after_sof = c->comp_info != NULL; /* libjpeg allocates comp_info when it reads the SOF */
    segment->length = length;
    if (d->last_segment) d->last_segment->next = segment; else d->segments = segment;
    d->last_segment = segment;
    d->segment_count++;
    d->metadata_bytes += length;
    size_t done = 0;
    while (done < length) {
        if (src->bytes_in_buffer == 0 && !(*src->fill_input_buffer)(c)) ERREXIT(c, JERR_CANT_SUSPEND);
        size_t n = src->bytes_in_buffer < length - done ? src->bytes_in_buffer : length - done;
        memcpy(segment->data + done, src->next_input_byte, n);
        src->next_input_byte += n;
        src->bytes_in_buffer -= n;
        done += n;
    }
    return TRUE;
}

static void shim_progress(j_common_ptr cinfo) {
    shim_error *err = (shim_error *)cinfo->err;
    if (!cinfo->is_decompressor) return;
    j_decompress_ptr d = (j_decompress_ptr)cinfo;
    if (err->max_scans > 0 && d->input_scan_number > err->max_scans) {
        snprintf(err->message, sizeof(err->message), "more than %d scans (a progressive JPEG with this many scans is refused)",
                 err->max_scans);
        err->status = IMAGO_JPEG_LIMIT;
        longjmp(err->jump, 1);
    }
}

imago_jpeg_decoder *imago_jpeg_decoder_create(const uint8_t *data, size_t size, size_t max_memory,
                                              size_t max_metadata, int max_scans, int allow_truncated) {
    imago_jpeg_decoder *d = calloc(1, sizeof(*d));
    if (d == NULL) return NULL;
    shim_init_error(&d->err);
    d->err.strict_eof = allow_truncated ? 0 : 1;
    d->err.max_scans = max_scans;
    d->data = data;
    d->size = size;
    d->max_memory = max_memory;
    d->max_metadata = max_metadata;
    d->cinfo.err = &d->err.pub;
    if (setjmp(d->err.jump)) {
        jpeg_destroy_decompress(&d->cinfo);
        free(d);
        return NULL;
    }
    jpeg_create_decompress(&d->cinfo);
    d->progress.progress_monitor = shim_progress;
    d->cinfo.progress = &d->progress;
    if (max_memory > 0) d->cinfo.mem->max_memory_to_use = (long)(max_memory > (size_t)0x7fffffffffffL ? 0x7fffffffffffL : max_memory);
    return d;
}

void imago_jpeg_decoder_destroy(imago_jpeg_decoder *d) {
    if (d == NULL) return;
    jpeg_destroy_decompress(&d->cinfo);
    for (saved_segment *s = d->segments, *next; s != NULL; s = next) {
        next = s->next;
        free(s);
    }
    free(d);
}

static void fill_info(const struct jpeg_decompress_struct *c, imago_jpeg_info *info) {
    memset(info, 0, sizeof(*info));
    info->width = c->image_width;
    info->height = c->image_height;
    info->components = c->num_components;
    info->jpeg_color_space = (int)c->jpeg_color_space;
    info->progressive = c->progressive_mode ? 1 : 0;
    info->arithmetic = c->arith_code ? 1 : 0;
    info->restart_interval = c->restart_interval;
    info->saw_jfif = c->saw_JFIF_marker ? 1 : 0;
    info->saw_adobe = c->saw_Adobe_marker ? 1 : 0;
    info->adobe_transform = c->Adobe_transform;
    info->data_precision = c->data_precision;
    for (int i = 0; i < c->num_components && i < 4; i++) {
        info->h_samp[i] = c->comp_info[i].h_samp_factor;
        info->v_samp[i] = c->comp_info[i].v_samp_factor;
    }
    info->output_width = c->output_width;
    info->output_height = c->output_height;
    info->output_components = c->out_color_components;
}

imago_jpeg_status imago_jpeg_read_header(imago_jpeg_decoder *d, imago_jpeg_info *info) {
    if (d == NULL || info == NULL || d->header_read) return IMAGO_JPEG_INVALID_ARGUMENT;
    if (d->size == 0) {
        snprintf(d->err.message, sizeof(d->err.message), "empty JPEG data");
        return IMAGO_JPEG_TRUNCATED;
    }
    if (setjmp(d->err.jump)) return d->err.status;
    jpeg_mem_src(&d->cinfo, d->data, (unsigned long)d->size);
    jpeg_set_marker_processor(&d->cinfo, JPEG_APP0 + 1, save_segment);
    jpeg_set_marker_processor(&d->cinfo, JPEG_APP0 + 2, save_segment);
    jpeg_read_header(&d->cinfo, TRUE);
    d->header_read = 1;
    fill_info(&d->cinfo, info);
    return IMAGO_JPEG_OK;
}

imago_jpeg_status imago_jpeg_set_scale(imago_jpeg_decoder *d, int scale_num, imago_jpeg_info *info) {
    if (d == NULL || info == NULL || !d->header_read || scale_num < 1 || scale_num > 8) return IMAGO_JPEG_INVALID_ARGUMENT;
    if (setjmp(d->err.jump)) return d->err.status;
    struct jpeg_decompress_struct *c = &d->cinfo;
    switch (c->num_components) {
    case 1: c->out_color_space = JCS_GRAYSCALE; break;
    case 3: c->out_color_space = JCS_RGB; break;
    case 4: c->out_color_space = JCS_CMYK; break; /* libjpeg converts YCCK to CMYK */
    default:
        snprintf(d->err.message, sizeof(d->err.message), "cannot handle %d-component JPEG images", c->num_components);
        return IMAGO_JPEG_UNSUPPORTED;
    }
    c->scale_num = (unsigned int)scale_num;
    c->scale_denom = 8;
    c->dct_method = JDCT_ISLOW;
    c->do_fancy_upsampling = TRUE;
    jpeg_calc_output_dimensions(c);
    fill_info(c, info);
    return IMAGO_JPEG_OK;
}

imago_jpeg_status imago_jpeg_set_output(imago_jpeg_decoder *d, int fast_dct, int grayscale, imago_jpeg_info *info) {
    if (d == NULL || info == NULL || !d->header_read) return IMAGO_JPEG_INVALID_ARGUMENT;
    if (setjmp(d->err.jump)) return d->err.status;
    struct jpeg_decompress_struct *c = &d->cinfo;
    c->dct_method = fast_dct ? JDCT_IFAST : JDCT_ISLOW;
    /* libjpeg converts YCbCr and RGB to gray itself; CMYK/YCCK to gray is not a conversion it offers. */
    if (grayscale && c->num_components == 3) c->out_color_space = JCS_GRAYSCALE;
    jpeg_calc_output_dimensions(c);
    fill_info(c, info);
    return IMAGO_JPEG_OK;
}

int imago_jpeg_marker_count(const imago_jpeg_decoder *d) { return d ? d->segment_count : 0; }

int imago_jpeg_marker(const imago_jpeg_decoder *d, int index, const uint8_t **data, size_t *length, int *after_sof) {
    if (d == NULL || index < 0) return 0;
    int i = 0;
    for (const saved_segment *m = d->segments; m != NULL; m = m->next, i++) {
        if (i == index) {
            *data = m->data;
            *length = m->length;
            *after_sof = m->after_sof;
            return m->marker;
        }
    }
    return 0;
}

imago_jpeg_status imago_jpeg_decode(imago_jpeg_decoder *d, uint8_t *pixels, size_t row_stride, size_t capacity,
                                    int invert, uint32_t *rows_done) {
    enum { WINDOW = 32 };
    JSAMPROW rows[WINDOW];
    if (rows_done) *rows_done = 0;
    if (d == NULL || pixels == NULL || !d->header_read) return IMAGO_JPEG_INVALID_ARGUMENT;
    struct jpeg_decompress_struct *c = &d->cinfo;
    if (setjmp(d->err.jump)) {
        if (rows_done) *rows_done = c->output_scanline;
        return d->err.status;
    }
    jpeg_start_decompress(c);
    size_t row_bytes = (size_t)c->output_width * (size_t)c->output_components;
    /* The last row must end inside the buffer: (height - 1) * stride + row_bytes <= capacity, without overflow. */
    if (row_stride < row_bytes || c->output_height == 0 || capacity < row_bytes ||
        (size_t)c->output_height - 1 > (capacity - row_bytes) / row_stride) {
        snprintf(d->err.message, sizeof(d->err.message), "destination buffer too small for %ux%u", c->output_width,
                 c->output_height);
        jpeg_abort_decompress(c);
        return IMAGO_JPEG_INVALID_ARGUMENT;
    }
    while (c->output_scanline < c->output_height) {
        JDIMENSION first = c->output_scanline;
        JDIMENSION want = c->output_height - first;
        if (want > WINDOW) want = WINDOW;
        for (JDIMENSION i = 0; i < want; i++) rows[i] = pixels + (size_t)(first + i) * row_stride;
        JDIMENSION got = jpeg_read_scanlines(c, rows, want);
        if (got == 0) break; /* cannot happen with a memory source; guards against a loop */
        if (invert) {
            for (JDIMENSION i = 0; i < got; i++) {
                uint8_t *p = rows[i];
                for (size_t x = 0; x < row_bytes; x++) p[x] = (uint8_t)~p[x];
            }
        }
    }
    if (rows_done) *rows_done = c->output_scanline;
    if (c->output_scanline < c->output_height) {
        snprintf(d->err.message, sizeof(d->err.message), "decoder stopped after %u of %u rows", c->output_scanline,
                 c->output_height);
        jpeg_abort_decompress(c);
        return IMAGO_JPEG_TRUNCATED;
    }
    /* Every row is out. Like Pillow, which stops here when jpeg_finish_decompress would wait for more data,
       a stream that ends before its EOI once all rows are decoded is accepted. */
    d->err.strict_eof = 0;
    jpeg_finish_decompress(c);
    return IMAGO_JPEG_OK;
}

const char *imago_jpeg_message(const imago_jpeg_decoder *d) { return d ? d->err.message : ""; }

int imago_jpeg_warning_count(const imago_jpeg_decoder *d) { return d ? (int)d->err.pub.num_warnings : 0; }

/* ---------------------------------------------------------------- encoder */

/* The encoder's destination: one growing heap block owned by the shim until it is handed to the caller, so that
 * every path frees exactly what is live. It starts at the size a photo at this quality usually needs (libjpeg's own
 * jpeg_mem_dest starts at 4 KiB and doubles into fresh blocks, copying the output at every step, as
 * tjCompress2 avoids by allocating its worst case up front); growth is a realloc. */
typedef struct {
    struct jpeg_destination_mgr pub;
    unsigned char *buffer;
    size_t capacity;
} shim_destination;

static void destination_init(j_compress_ptr c) {
    shim_destination *d = (shim_destination *)c->dest;
    d->pub.next_output_byte = d->buffer;
    d->pub.free_in_buffer = d->capacity;
}

/* Called with the whole block full: double it, keeping what was written. */
static boolean destination_grow(j_compress_ptr c) {
    shim_destination *d = (shim_destination *)c->dest;
    const size_t used = d->capacity;
    if (used > SIZE_MAX / 2) ERREXIT1(c, JERR_OUT_OF_MEMORY, 10);
    unsigned char *grown = realloc(d->buffer, used * 2);
    if (grown == NULL) ERREXIT1(c, JERR_OUT_OF_MEMORY, 10);
    d->buffer = grown;
    d->capacity = used * 2;
    d->pub.next_output_byte = grown + used;
    d->pub.free_in_buffer = used;
    return TRUE;
}

static void destination_term(j_compress_ptr c) { (void)c; }

/* A first block for a width x height image of `components` samples with `extra` bytes of markers: a quarter of the
 * samples (more than a photo takes at quality 95 with 4:2:0) plus the markers and the headers; 0 on overflow. */
static size_t destination_estimate(size_t width, size_t height, size_t components, size_t extra) {
    if (height != 0 && width > SIZE_MAX / height) return 0;
    const size_t pixels = width * height;
    if (pixels > SIZE_MAX / components) return 0;
    const size_t samples = pixels * components / 4;
    if (samples > SIZE_MAX - extra - 16384) return 0;
    return samples + extra + 16384;
}

typedef struct {
    struct jpeg_compress_struct cinfo;
    shim_error err;
    shim_destination destination;
    uint8_t *scratch;
} shim_encoder;

static void write_exif(j_compress_ptr c, const uint8_t *exif, size_t length, uint8_t *scratch) {
    memcpy(scratch, "Exif\0\0", 6);
    memcpy(scratch + 6, exif, length);
    jpeg_write_marker(c, JPEG_APP0 + 1, scratch, (unsigned int)(length + 6));
}

static const char xmp_prefix[] = "http://ns.adobe.com/xap/1.0/"; /* written with its NUL: 29 bytes */

static void write_xmp(j_compress_ptr c, const uint8_t *xmp, size_t length, uint8_t *scratch) {
    memcpy(scratch, xmp_prefix, sizeof xmp_prefix);
    memcpy(scratch + sizeof xmp_prefix, xmp, length);
    jpeg_write_marker(c, JPEG_APP0 + 1, scratch, (unsigned int)(length + sizeof xmp_prefix));
}

static imago_jpeg_status encode_body(shim_encoder *volatile e, const imago_jpeg_encode_params *p) {
    j_compress_ptr c = &e->cinfo;
    jpeg_create_compress(c);
    e->destination.pub.init_destination = destination_init;
    e->destination.pub.empty_output_buffer = destination_grow;
    e->destination.pub.term_destination = destination_term;
    c->dest = &e->destination.pub;
    c->image_width = p->width;
    c->image_height = p->height;
    c->input_components = p->components;
    c->in_color_space = p->components == 1 ? JCS_GRAYSCALE : p->components == 3 ? JCS_RGB : JCS_CMYK;
    jpeg_set_defaults(c);
    if (p->components == 3 && p->grayscale) jpeg_set_colorspace(c, JCS_GRAYSCALE);
    jpeg_set_quality(c, p->quality, TRUE);
    if (p->components == 3 && !p->grayscale) {
        c->comp_info[0].h_samp_factor = p->h_samp;
        c->comp_info[0].v_samp_factor = p->v_samp;
        for (int i = 1; i < 3; i++) c->comp_info[i].h_samp_factor = c->comp_info[i].v_samp_factor = 1;
    }
    c->dct_method = JDCT_ISLOW;
    c->optimize_coding = p->optimize ? TRUE : FALSE;
    if (p->progressive) jpeg_simple_progression(c);
    jpeg_start_compress(c, TRUE);
    if (p->exif != NULL && p->exif_length > 0) write_exif(c, p->exif, p->exif_length, e->scratch);
    if (p->xmp != NULL && p->xmp_length > 0) write_xmp(c, p->xmp, p->xmp_length, e->scratch);
    if (p->icc != NULL && p->icc_length > 0) jpeg_write_icc_profile(c, p->icc, (unsigned int)p->icc_length);
    size_t row_bytes = (size_t)p->width * (size_t)p->components;
    while (c->next_scanline < c->image_height) {
        const uint8_t *src = p->pixels + (size_t)c->next_scanline * p->row_stride;
        JSAMPROW row;
        if (p->components == 4) {
            for (size_t x = 0; x < row_bytes; x++) e->scratch[x] = (uint8_t)~src[x];
            row = e->scratch;
        } else {
            row = (JSAMPROW)src;
        }
        jpeg_write_scanlines(c, &row, 1);
    }
    jpeg_finish_compress(c);
    return IMAGO_JPEG_OK;
}

imago_jpeg_status imago_jpeg_encode(const imago_jpeg_encode_params *p, uint8_t **output, size_t *output_length,
                                    char *message, size_t message_capacity) {
    if (output) *output = NULL;
    if (output_length) *output_length = 0;
    if (message && message_capacity) message[0] = 0;
    if (p == NULL || output == NULL || output_length == NULL || p->pixels == NULL) return IMAGO_JPEG_INVALID_ARGUMENT;
    if (p->width == 0 || p->height == 0 || p->width > JPEG_MAX_DIMENSION || p->height > JPEG_MAX_DIMENSION ||
        !(p->components == 1 || p->components == 3 || p->components == 4) ||
        p->row_stride < (size_t)p->width * (size_t)p->components || p->exif_length > 65533 - 6 ||
        p->xmp_length > 65533 - sizeof xmp_prefix ||
        p->icc_length > 255u * 65519u || (p->h_samp != 1 && p->h_samp != 2) || (p->v_samp != 1 && p->v_samp != 2)) {
        if (message && message_capacity) snprintf(message, message_capacity, "invalid JPEG encoder parameters");
        return IMAGO_JPEG_INVALID_ARGUMENT;
    }
    shim_encoder *volatile e = calloc(1, sizeof(shim_encoder));
    if (e == NULL) return IMAGO_JPEG_LIMIT;
    size_t scratch = (size_t)p->width * 4;
    if (scratch < 65536) scratch = 65536;
    e->scratch = malloc(scratch);
    const size_t estimate = destination_estimate(p->width, p->height, (size_t)p->components,
                                                 p->exif_length + p->xmp_length + p->icc_length);
    e->destination.buffer = estimate ? malloc(estimate) : NULL;
    e->destination.capacity = estimate;
    if (e->scratch == NULL || e->destination.buffer == NULL) {
        free(e->destination.buffer);
        free(e->scratch);
        free(e);
        return IMAGO_JPEG_LIMIT;
    }
    shim_init_error(&e->err);
    e->cinfo.err = &e->err.pub;
    imago_jpeg_status status;
    if (setjmp(e->err.jump)) {
        status = e->err.status == IMAGO_JPEG_CORRUPT ? IMAGO_JPEG_ENCODE_FAILED : e->err.status;
        if (message && message_capacity) snprintf(message, message_capacity, "%s", e->err.message);
        jpeg_destroy_compress(&e->cinfo);
        free(e->destination.buffer);
        free(e->scratch);
        free(e);
        return status;
    }
    status = encode_body(e, p);
    *output = e->destination.buffer;
    *output_length = e->destination.capacity - e->destination.pub.free_in_buffer;
    jpeg_destroy_compress(&e->cinfo);
    free(e->scratch);
    free(e);
    return status;
}

void imago_jpeg_free(void *pointer) { free(pointer); }
