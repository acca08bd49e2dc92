// C shim between Imago's WebP codec and libwebp / libwebpdemux / libwebpmux.
// Every function returns an ImagoWebPStatus; libwebp never prints, never aborts.
#ifndef IMAGO_WEBP_SHIM_H
#define IMAGO_WEBP_SHIM_H

#include <stddef.h>
#include <stdint.h>

typedef enum {
    IMAGO_WEBP_OK = 0,
    IMAGO_WEBP_CORRUPT = 1,
    IMAGO_WEBP_TRUNCATED = 2,
    IMAGO_WEBP_UNSUPPORTED = 3,
    IMAGO_WEBP_NOMEM = 4,
    IMAGO_WEBP_INVALID = 5,
    IMAGO_WEBP_ENCODE_FAILED = 6
} ImagoWebPStatus;

/// What the container says, read without decoding pixels.
typedef struct {
    int width, height;           // canvas size
    int has_alpha;               // WebPGetFeatures().has_alpha (Pillow's RGB/RGBA choice)
    int has_animation;
    int format;                  // 0 undefined/mixed, 1 lossy, 2 lossless (first frame)
    int frame_count;
    int loop_count;
    uint32_t background;
    size_t icc_size, exif_size, xmp_size;
} ImagoWebPInfo;

/// Parses the headers and validates the whole container (WebPDemux), without decoding.
ImagoWebPStatus imago_webp_probe(const uint8_t *data, size_t size, ImagoWebPInfo *info);

/// Writes the display duration in milliseconds of up to `count` frames into `durations`.
ImagoWebPStatus imago_webp_frame_durations(const uint8_t *data, size_t size, int *durations, int count);

/// Points `*out` at the first chunk named `fourcc` (ICCP, EXIF, "XMP ") inside `data`; `*out_size` 0 when absent.
ImagoWebPStatus imago_webp_chunk(const uint8_t *data, size_t size, const char fourcc[4],
                                 const uint8_t **out, size_t *out_size);

/// Decodes a still image straight into `out` (RGB when channels == 3, RGBA when 4, non-premultiplied,
/// fancy upsampling), scaled to out_width x out_height when they differ from the stored size.
ImagoWebPStatus imago_webp_decode_still(const uint8_t *data, size_t size, int channels,
                                        int out_width, int out_height,
                                        uint8_t *out, size_t stride, size_t out_size);

/// The bitstream features of the first image (works on a truncated file whose headers are present).
ImagoWebPStatus imago_webp_features(const uint8_t *data, size_t size, int *width, int *height, int *has_alpha,
                                    int *has_animation);

/// Decodes as many rows of a possibly truncated still image as the data holds (incremental decoder, same output
/// as imago_webp_decode_still); `*rows` is the number of complete rows written.
ImagoWebPStatus imago_webp_decode_partial(const uint8_t *data, size_t size, int channels,
                                          uint8_t *out, size_t stride, size_t out_size, int *rows);

/// An animation decoder (WebPAnimDecoder, RGBA non-premultiplied).
typedef struct ImagoWebPAnim ImagoWebPAnim;
ImagoWebPStatus imago_webp_anim_open(const uint8_t *data, size_t size, ImagoWebPAnim **out);
/// Decodes the next frame: `*canvas` points at width*height*4 bytes owned by the decoder, valid until the next call.
ImagoWebPStatus imago_webp_anim_next(ImagoWebPAnim *anim, const uint8_t **canvas, int *timestamp_ms);
void imago_webp_anim_close(ImagoWebPAnim *anim);

/// Encoder settings (a subset of WebPConfig).
typedef struct {
    int lossless;
    float quality;
    int method;
    int exact;
    int near_lossless;           // 100 = off
    int alpha_quality;
    int use_sharp_yuv;
    int thread_level;
} ImagoWebPEncodeSettings;

/// Metadata chunks to mux into the output (pointers may be NULL).
typedef struct {
    const uint8_t *icc; size_t icc_size;
    const uint8_t *exif; size_t exif_size;
    const uint8_t *xmp; size_t xmp_size;
} ImagoWebPMetadata;

/// Encodes one RGB (channels 3) or RGBA (4) 8-bit image. `*out` is malloc'ed; free with imago_webp_free.
ImagoWebPStatus imago_webp_encode(const uint8_t *pixels, int width, int height, size_t stride, int channels,
                                  const ImagoWebPEncodeSettings *settings, const ImagoWebPMetadata *metadata,
                                  uint8_t **out, size_t *out_size, char *message, size_t message_size);

/// An animation encoder (WebPAnimEncoder).
typedef struct ImagoWebPAnimEncoder ImagoWebPAnimEncoder;
ImagoWebPStatus imago_webp_anim_encoder_new(int width, int height, int loop_count, ImagoWebPAnimEncoder **out);
ImagoWebPStatus imago_webp_anim_encoder_add(ImagoWebPAnimEncoder *encoder, const uint8_t *pixels, size_t stride,
                                            int channels, int timestamp_ms, const ImagoWebPEncodeSettings *settings,
                                            char *message, size_t message_size);
ImagoWebPStatus imago_webp_anim_encoder_finish(ImagoWebPAnimEncoder *encoder, int end_timestamp_ms,
                                               const ImagoWebPMetadata *metadata,
                                               uint8_t **out, size_t *out_size, char *message, size_t message_size);
void imago_webp_anim_encoder_delete(ImagoWebPAnimEncoder *encoder);

void imago_webp_free(void *p);

#endif
