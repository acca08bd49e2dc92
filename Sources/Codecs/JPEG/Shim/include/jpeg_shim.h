/*
 * A small C shim over libjpeg(-turbo) that owns every setjmp/longjmp.
 *
 * No libjpeg error or warning reaches exit(), abort() or stderr: errors longjmp back into the shim and
 * come out as an IMAGO_JPEG_* status plus a message captured in the handle; warnings are counted.
 * "Premature end of JPEG file" (libjpeg's fake EOI on missing data) is a truncation error unless the
 * caller allows truncated input, as in Pillow.
 */
#ifndef IMAGO_JPEG_SHIM_H
#define IMAGO_JPEG_SHIM_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// Outcome of a shim call.
typedef enum {
    IMAGO_JPEG_OK = 0,
    IMAGO_JPEG_CORRUPT = 1,
    IMAGO_JPEG_TRUNCATED = 2,
    IMAGO_JPEG_UNSUPPORTED = 3,
    IMAGO_JPEG_LIMIT = 4,
    IMAGO_JPEG_INVALID_ARGUMENT = 5,
    IMAGO_JPEG_ENCODE_FAILED = 6,
    IMAGO_JPEG_NO_MEMORY = 7,
} imago_jpeg_status;

/// What the header says (filled by imago_jpeg_read_header and imago_jpeg_set_scale).
typedef struct {
    uint32_t width, height;
    int components;
    /// libjpeg's J_COLOR_SPACE guess for the file (JCS_YCbCr, JCS_RGB, JCS_CMYK, JCS_YCCK, JCS_GRAYSCALE...).
    int jpeg_color_space;
    int progressive, arithmetic;
    uint32_t restart_interval;
    int saw_jfif, saw_adobe, adobe_transform;
    int data_precision;
    int h_samp[4], v_samp[4];
    /// The decoded size and channel count after DCT scaling.
    uint32_t output_width, output_height;
    int output_components;
} imago_jpeg_info;

/// An opaque decoder: one libjpeg decompress object plus its error manager and captured messages.
typedef struct imago_jpeg_decoder imago_jpeg_decoder;

/// A new decoder over `data` (not copied: it must outlive the decoder), or NULL when out of memory.
/// `max_memory` bounds libjpeg's own working memory (coefficient buffers of progressive files);
/// `max_metadata` bounds the total bytes of the APP1/APP2 segments kept; `max_scans` bounds the number of scans (a progressive-JPEG DoS vector); `allow_truncated` turns
/// "Premature end of JPEG file" into a warning instead of an error.
imago_jpeg_decoder *imago_jpeg_decoder_create(const uint8_t *data, size_t size, size_t max_memory,
                                              size_t max_metadata, int max_scans, int allow_truncated);
/// Frees everything the decoder owns, on every path.
void imago_jpeg_decoder_destroy(imago_jpeg_decoder *decoder);

/// Reads the markers up to the first SOS (APP1 and APP2 are saved), without decoding any scan.
imago_jpeg_status imago_jpeg_read_header(imago_jpeg_decoder *decoder, imago_jpeg_info *info);

/// Sets DCT scaling to scale_num/8 (1...8) and the default output colour space, and fills the output size.
imago_jpeg_status imago_jpeg_set_scale(imago_jpeg_decoder *decoder, int scale_num, imago_jpeg_info *info);

/// After imago_jpeg_set_scale: the IDCT (fast_dct: JDCT_IFAST, else JDCT_ISLOW) and, with grayscale set, gray
/// output for a 3-component file (libjpeg's own conversion). Refills the output fields of info.
imago_jpeg_status imago_jpeg_set_output(imago_jpeg_decoder *decoder, int fast_dct, int grayscale, imago_jpeg_info *info);

/// Number of saved APP1/APP2 segments; segment `index` as its marker code (0xE1, 0xE2), data, length and
/// whether it came after the SOF marker. The data belongs to the decoder and is valid until it is destroyed.
int imago_jpeg_marker_count(const imago_jpeg_decoder *decoder);
int imago_jpeg_marker(const imago_jpeg_decoder *decoder, int index, const uint8_t **data, size_t *length,
                      int *after_sof);

/// Decodes every row straight into `pixels` (rows `row_stride` bytes apart, at least
/// output_width * output_components each, output_height rows). With `invert`, every byte is inverted
/// (Adobe CMYK to plain CMYK). `rows_done` receives the number of rows written.
imago_jpeg_status imago_jpeg_decode(imago_jpeg_decoder *decoder, uint8_t *pixels, size_t row_stride,
                                    size_t capacity, int invert, uint32_t *rows_done);

/// The last error message (empty when none), and the number of warnings libjpeg emitted.
const char *imago_jpeg_message(const imago_jpeg_decoder *decoder);
int imago_jpeg_warning_count(const imago_jpeg_decoder *decoder);

/// Encoder input and settings.
typedef struct {
    uint32_t width, height;
    /// 1 (gray), 3 (RGB) or 4 (plain CMYK, written Adobe-inverted as Pillow does).
    int components;
    const uint8_t *pixels;
    size_t row_stride;
    int quality;
    /// Luma sampling factors: 1x1 = 4:4:4, 2x1 = 4:2:2, 2x2 = 4:2:0. Ignored for gray and CMYK.
    int h_samp, v_samp;
    /// Write an RGB input as a one-component grayscale JPEG.
    int grayscale;
    int progressive, optimize;
    const uint8_t *icc;
    size_t icc_length;
    /// TIFF-structured EXIF, without the "Exif\0\0" prefix (the shim adds it).
    const uint8_t *exif;
    size_t exif_length;
    /* XMP packet written as an APP1 segment after the "http://ns.adobe.com/xap/1.0/" prefix (NULL for none). */
    const uint8_t *xmp;
    size_t xmp_length;
} imago_jpeg_encode_params;

/// Encodes into a malloc'ed buffer (free it with imago_jpeg_free). On failure `message` holds the reason.
imago_jpeg_status imago_jpeg_encode(const imago_jpeg_encode_params *params, uint8_t **output, size_t *output_length,
                                    char *message, size_t message_capacity);
void imago_jpeg_free(void *pointer);

#ifdef __cplusplus
}
#endif

#endif
