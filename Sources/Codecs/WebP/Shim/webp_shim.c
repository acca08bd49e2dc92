#include "webp_shim.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <webp/decode.h>
#include <webp/demux.h>
#include <webp/encode.h>
#include <webp/mux.h>

static ImagoWebPStatus status_of_vp8(VP8StatusCode code) {
    switch (code) {
    case VP8_STATUS_OK: return IMAGO_WEBP_OK;
    case VP8_STATUS_OUT_OF_MEMORY: return IMAGO_WEBP_NOMEM;
    case VP8_STATUS_NOT_ENOUGH_DATA: return IMAGO_WEBP_TRUNCATED;
    case VP8_STATUS_UNSUPPORTED_FEATURE: return IMAGO_WEBP_UNSUPPORTED;
    case VP8_STATUS_INVALID_PARAM: return IMAGO_WEBP_INVALID;
    default: return IMAGO_WEBP_CORRUPT;
    }
}

/// Demuxes the whole file; a file cut short is TRUNCATED, any other parse failure CORRUPT.
static ImagoWebPStatus demux(const uint8_t *data, size_t size, WebPDemuxer **out) {
    WebPData webp = { data, size };
    WebPDemuxState state;
    WebPDemuxer *partial = WebPDemuxPartial(&webp, &state);
    if (partial == NULL || state == WEBP_DEMUX_PARSE_ERROR) {
        if (partial) WebPDemuxDelete(partial);
        return state == WEBP_DEMUX_PARSING_HEADER ? IMAGO_WEBP_TRUNCATED : IMAGO_WEBP_CORRUPT;
    }
    if (state != WEBP_DEMUX_DONE) {
        WebPDemuxDelete(partial);
        return IMAGO_WEBP_TRUNCATED;
    }
    WebPDemuxDelete(partial);
    WebPDemuxer *full = WebPDemux(&webp);
    if (full == NULL) return IMAGO_WEBP_CORRUPT;
    *out = full;
    return IMAGO_WEBP_OK;
}

static size_t chunk_size(WebPDemuxer *dmux, const char *fourcc) {
    WebPChunkIterator it;
    size_t n = 0;
    if (WebPDemuxGetChunk(dmux, fourcc, 1, &it)) n = it.chunk.size;
    WebPDemuxReleaseChunkIterator(&it);
    return n;
}

ImagoWebPStatus imago_webp_probe(const uint8_t *data, size_t size, ImagoWebPInfo *info) {
    memset(info, 0, sizeof *info);
    WebPBitstreamFeatures features;
    VP8StatusCode code = WebPGetFeatures(data, size, &features);
    if (code != VP8_STATUS_OK) return status_of_vp8(code);
    WebPDemuxer *dmux = NULL;
    ImagoWebPStatus status = demux(data, size, &dmux);
    if (status != IMAGO_WEBP_OK) return status;
    info->width = (int)WebPDemuxGetI(dmux, WEBP_FF_CANVAS_WIDTH);
    info->height = (int)WebPDemuxGetI(dmux, WEBP_FF_CANVAS_HEIGHT);
    info->has_alpha = features.has_alpha;
    info->has_animation = features.has_animation;
    info->format = features.format;
    info->frame_count = (int)WebPDemuxGetI(dmux, WEBP_FF_FRAME_COUNT);
    info->loop_count = (int)WebPDemuxGetI(dmux, WEBP_FF_LOOP_COUNT);
    info->background = WebPDemuxGetI(dmux, WEBP_FF_BACKGROUND_COLOR);
    uint32_t flags = WebPDemuxGetI(dmux, WEBP_FF_FORMAT_FLAGS);
    if (flags & ICCP_FLAG) info->icc_size = chunk_size(dmux, "ICCP");
    if (flags & EXIF_FLAG) info->exif_size = chunk_size(dmux, "EXIF");
    if (flags & XMP_FLAG) info->xmp_size = chunk_size(dmux, "XMP ");
    WebPDemuxDelete(dmux);
    return IMAGO_WEBP_OK;
}

ImagoWebPStatus imago_webp_frame_durations(const uint8_t *data, size_t size, int *durations, int count) {
    WebPDemuxer *dmux = NULL;
    ImagoWebPStatus status = demux(data, size, &dmux);
    if (status != IMAGO_WEBP_OK) return status;
    WebPIterator it;
    int i = 0;
    if (WebPDemuxGetFrame(dmux, 1, &it)) {
        do {
            if (i < count) durations[i] = it.duration;
            i++;
        } while (i < count && WebPDemuxNextFrame(&it));
    }
    WebPDemuxReleaseIterator(&it);
    WebPDemuxDelete(dmux);
    return IMAGO_WEBP_OK;
}

ImagoWebPStatus imago_webp_chunk(const uint8_t *data, size_t size, const char fourcc[4],
                                 const uint8_t **out, size_t *out_size) {
    *out = NULL;
    *out_size = 0;
    WebPDemuxer *dmux = NULL;
    ImagoWebPStatus status = demux(data, size, &dmux);
    if (status != IMAGO_WEBP_OK) return status;
    char name[5] = { fourcc[0], fourcc[1], fourcc[2], fourcc[3], 0 };
    WebPChunkIterator it;
    if (WebPDemuxGetChunk(dmux, name, 1, &it)) {
        *out = it.chunk.bytes;      // points into `data`, which the caller keeps alive
        *out_size = it.chunk.size;
    }
    WebPDemuxReleaseChunkIterator(&it);
    WebPDemuxDelete(dmux);
    return IMAGO_WEBP_OK;
}

ImagoWebPStatus imago_webp_decode_still(const uint8_t *data, size_t size, int channels,
                                        int out_width, int out_height,
                                        uint8_t *out, size_t stride, size_t out_size) {
    WebPDecoderConfig config;
    if (!WebPInitDecoderConfig(&config)) return IMAGO_WEBP_INVALID;
    VP8StatusCode code = WebPGetFeatures(data, size, &config.input);
    if (code != VP8_STATUS_OK) return status_of_vp8(code);
    if (out_width != config.input.width || out_height != config.input.height) {
        config.options.use_scaling = 1;
        config.options.scaled_width = out_width;
        config.options.scaled_height = out_height;
    }
    config.output.colorspace = channels == 4 ? MODE_RGBA : MODE_RGB;
    config.output.is_external_memory = 1;
    config.output.u.RGBA.rgba = out;
    config.output.u.RGBA.stride = (int)stride;
    config.output.u.RGBA.size = out_size;
    code = WebPDecode(data, size, &config);
    WebPFreeDecBuffer(&config.output);
    return status_of_vp8(code);
}

ImagoWebPStatus imago_webp_features(const uint8_t *data, size_t size, int *width, int *height, int *has_alpha,
                                    int *has_animation) {
    WebPBitstreamFeatures features;
    VP8StatusCode code = WebPGetFeatures(data, size, &features);
    if (code != VP8_STATUS_OK) return status_of_vp8(code);
    *width = features.width;
    *height = features.height;
    *has_alpha = features.has_alpha;
    *has_animation = features.has_animation;
    return IMAGO_WEBP_OK;
}

ImagoWebPStatus imago_webp_decode_partial(const uint8_t *data, size_t size, int channels,
                                          uint8_t *out, size_t stride, size_t out_size, int *rows) {
    *rows = 0;
    WebPDecoderConfig config;
    if (!WebPInitDecoderConfig(&config)) return IMAGO_WEBP_INVALID;
    VP8StatusCode code = WebPGetFeatures(data, size, &config.input);
    if (code != VP8_STATUS_OK) return status_of_vp8(code);
    config.output.colorspace = channels == 4 ? MODE_RGBA : MODE_RGB;
    config.output.is_external_memory = 1;
    config.output.u.RGBA.rgba = out;
    config.output.u.RGBA.stride = (int)stride;
    config.output.u.RGBA.size = out_size;
    WebPIDecoder *idec = WebPIDecode(NULL, 0, &config);
    if (idec == NULL) return IMAGO_WEBP_NOMEM;
    code = WebPIUpdate(idec, data, size);
    int last_y = 0;
    if (code == VP8_STATUS_OK || code == VP8_STATUS_SUSPENDED) WebPIDecGetRGB(idec, &last_y, NULL, NULL, NULL);
    WebPIDelete(idec);
    WebPFreeDecBuffer(&config.output);
    *rows = last_y;
    if (code == VP8_STATUS_SUSPENDED) return IMAGO_WEBP_TRUNCATED;
    return status_of_vp8(code);
}

struct ImagoWebPAnim {
    WebPAnimDecoder *decoder;
};

ImagoWebPStatus imago_webp_anim_open(const uint8_t *data, size_t size, ImagoWebPAnim **out) {
    *out = NULL;
    WebPDemuxer *dmux = NULL;
    ImagoWebPStatus status = demux(data, size, &dmux);   // classifies truncation before the decoder refuses
    if (status != IMAGO_WEBP_OK) return status;
    WebPDemuxDelete(dmux);
    WebPAnimDecoderOptions options;
    if (!WebPAnimDecoderOptionsInit(&options)) return IMAGO_WEBP_INVALID;
    options.color_mode = MODE_RGBA;
    options.use_threads = 0;
    WebPData webp = { data, size };
    WebPAnimDecoder *decoder = WebPAnimDecoderNew(&webp, &options);
    if (decoder == NULL) return IMAGO_WEBP_CORRUPT;
    ImagoWebPAnim *anim = malloc(sizeof *anim);
    if (anim == NULL) {
        WebPAnimDecoderDelete(decoder);
        return IMAGO_WEBP_NOMEM;
    }
    anim->decoder = decoder;
    *out = anim;
    return IMAGO_WEBP_OK;
}

ImagoWebPStatus imago_webp_anim_next(ImagoWebPAnim *anim, const uint8_t **canvas, int *timestamp_ms) {
    uint8_t *buffer = NULL;
    int timestamp = 0;
    if (!WebPAnimDecoderHasMoreFrames(anim->decoder)) return IMAGO_WEBP_INVALID;
    if (!WebPAnimDecoderGetNext(anim->decoder, &buffer, &timestamp)) return IMAGO_WEBP_CORRUPT;
    *canvas = buffer;
    *timestamp_ms = timestamp;
    return IMAGO_WEBP_OK;
}

void imago_webp_anim_close(ImagoWebPAnim *anim) {
    if (anim == NULL) return;
    WebPAnimDecoderDelete(anim->decoder);
    free(anim);
}

// MARK: Encoding

static void set_message(char *message, size_t message_size, const char *text) {
    if (message && message_size) snprintf(message, message_size, "%s", text);
}

static const char *encoding_error(WebPEncodingError error) {
    switch (error) {
    case VP8_ENC_ERROR_OUT_OF_MEMORY: return "out of memory";
    case VP8_ENC_ERROR_BITSTREAM_OUT_OF_MEMORY: return "out of memory while flushing the bitstream";
    case VP8_ENC_ERROR_NULL_PARAMETER: return "a NULL parameter";
    case VP8_ENC_ERROR_INVALID_CONFIGURATION: return "invalid configuration";
    case VP8_ENC_ERROR_BAD_DIMENSION: return "bad picture dimension (at most 16383 x 16383)";
    case VP8_ENC_ERROR_PARTITION0_OVERFLOW: return "partition 0 overflow (more than 512 KiB)";
    case VP8_ENC_ERROR_PARTITION_OVERFLOW: return "partition overflow (more than 16 MiB)";
    case VP8_ENC_ERROR_BAD_WRITE: return "write error";
    case VP8_ENC_ERROR_FILE_TOO_BIG: return "file larger than 4 GiB";
    case VP8_ENC_ERROR_USER_ABORT: return "aborted";
    default: return "unknown encoder error";
    }
}

static int make_config(const ImagoWebPEncodeSettings *s, WebPConfig *config) {
    // As Pillow: the default preset at this quality, then lossless/quality/method (quality is the effort when lossless).
    if (!WebPConfigPreset(config, WEBP_PRESET_DEFAULT, s->quality)) return 0;
    config->lossless = s->lossless;
    config->quality = s->quality;
    config->method = s->method;
    config->exact = s->exact;
    config->near_lossless = s->near_lossless;
    config->alpha_quality = s->alpha_quality;
    config->use_sharp_yuv = s->use_sharp_yuv;
    config->thread_level = s->thread_level;
    return WebPValidateConfig(config);
}

static int import_picture(WebPPicture *picture, const uint8_t *pixels, int width, int height,
                          size_t stride, int channels, int lossless) {
    if (!WebPPictureInit(picture)) return 0;
    picture->width = width;
    picture->height = height;
    picture->use_argb = lossless ? 1 : 0;
    return channels == 4 ? WebPPictureImportRGBA(picture, pixels, (int)stride)
                         : WebPPictureImportRGB(picture, pixels, (int)stride);
}

/// Adds the metadata chunks to an assembled WebP through the muxer, replacing `*bytes`.
static ImagoWebPStatus mux_metadata(WebPData *assembled, const ImagoWebPMetadata *m, char *message, size_t message_size) {
    if (m == NULL || (m->icc_size == 0 && m->exif_size == 0 && m->xmp_size == 0)) return IMAGO_WEBP_OK;
    WebPMux *mux = WebPMuxCreate(assembled, 1);
    if (mux == NULL) {
        set_message(message, message_size, "the muxer could not read the encoded image");
        return IMAGO_WEBP_ENCODE_FAILED;
    }
    WebPMuxError err = WEBP_MUX_OK;
    if (m->icc_size) { WebPData d = { m->icc, m->icc_size }; err = WebPMuxSetChunk(mux, "ICCP", &d, 1); }
    if (err == WEBP_MUX_OK && m->exif_size) { WebPData d = { m->exif, m->exif_size }; err = WebPMuxSetChunk(mux, "EXIF", &d, 1); }
    if (err == WEBP_MUX_OK && m->xmp_size) { WebPData d = { m->xmp, m->xmp_size }; err = WebPMuxSetChunk(mux, "XMP ", &d, 1); }
    WebPData out = { NULL, 0 };
    if (err == WEBP_MUX_OK) err = WebPMuxAssemble(mux, &out);
    WebPMuxDelete(mux);
    if (err != WEBP_MUX_OK) {
        WebPDataClear(&out);
        set_message(message, message_size, "the muxer could not add the metadata chunks");
        return IMAGO_WEBP_ENCODE_FAILED;
    }
    WebPDataClear(assembled);
    *assembled = out;
    return IMAGO_WEBP_OK;
}

ImagoWebPStatus imago_webp_encode(const uint8_t *pixels, int width, int height, size_t stride, int channels,
                                  const ImagoWebPEncodeSettings *settings, const ImagoWebPMetadata *metadata,
                                  uint8_t **out, size_t *out_size, char *message, size_t message_size) {
    *out = NULL;
    *out_size = 0;
    WebPConfig config;
    if (!make_config(settings, &config)) {
        set_message(message, message_size, "invalid WebP encoder configuration");
        return IMAGO_WEBP_INVALID;
    }
    WebPPicture picture;
    if (!import_picture(&picture, pixels, width, height, stride, channels, settings->lossless)) {
        WebPPictureFree(&picture);
        set_message(message, message_size, "cannot import the pixels (out of memory or bad size)");
        return IMAGO_WEBP_ENCODE_FAILED;
    }
    WebPMemoryWriter writer;
    WebPMemoryWriterInit(&writer);
    picture.writer = WebPMemoryWrite;
    picture.custom_ptr = &writer;
    int ok = WebPEncode(&config, &picture);
    WebPEncodingError error = picture.error_code;
    WebPPictureFree(&picture);
    if (!ok) {
        WebPMemoryWriterClear(&writer);
        set_message(message, message_size, encoding_error(error));
        return IMAGO_WEBP_ENCODE_FAILED;
    }
    WebPData assembled = { writer.mem, writer.size };
    ImagoWebPStatus status = mux_metadata(&assembled, metadata, message, message_size);
    if (status != IMAGO_WEBP_OK) {
        WebPDataClear(&assembled);
        return status;
    }
    *out = (uint8_t *)assembled.bytes;
    *out_size = assembled.size;
    return IMAGO_WEBP_OK;
}

struct ImagoWebPAnimEncoder {
    WebPAnimEncoder *encoder;
    int width, height;
};

ImagoWebPStatus imago_webp_anim_encoder_new(int width, int height, int loop_count, ImagoWebPAnimEncoder **out) {
    *out = NULL;
    WebPAnimEncoderOptions options;
    if (!WebPAnimEncoderOptionsInit(&options)) return IMAGO_WEBP_INVALID;
    options.anim_params.loop_count = loop_count;
    options.anim_params.bgcolor = 0;
    options.verbose = 0;
    WebPAnimEncoder *encoder = WebPAnimEncoderNew(width, height, &options);
    if (encoder == NULL) return IMAGO_WEBP_INVALID;
    ImagoWebPAnimEncoder *e = malloc(sizeof *e);
    if (e == NULL) {
        WebPAnimEncoderDelete(encoder);
        return IMAGO_WEBP_NOMEM;
    }
    e->encoder = encoder;
    e->width = width;
    e->height = height;
    *out = e;
    return IMAGO_WEBP_OK;
}

ImagoWebPStatus imago_webp_anim_encoder_add(ImagoWebPAnimEncoder *e, const uint8_t *pixels, size_t stride,
                                            int channels, int timestamp_ms, const ImagoWebPEncodeSettings *settings,
                                            char *message, size_t message_size) {
    WebPConfig config;
    if (!make_config(settings, &config)) {
        set_message(message, message_size, "invalid WebP encoder configuration");
        return IMAGO_WEBP_INVALID;
    }
    WebPPicture picture;
    if (!import_picture(&picture, pixels, e->width, e->height, stride, channels, 1)) {
        WebPPictureFree(&picture);
        set_message(message, message_size, "cannot import the frame's pixels");
        return IMAGO_WEBP_ENCODE_FAILED;
    }
    int ok = WebPAnimEncoderAdd(e->encoder, &picture, timestamp_ms, &config);
    WebPPictureFree(&picture);
    if (!ok) {
        const char *why = WebPAnimEncoderGetError(e->encoder);
        set_message(message, message_size, why ? why : "the animation encoder refused the frame");
        return IMAGO_WEBP_ENCODE_FAILED;
    }
    return IMAGO_WEBP_OK;
}

ImagoWebPStatus imago_webp_anim_encoder_finish(ImagoWebPAnimEncoder *e, int end_timestamp_ms,
                                               const ImagoWebPMetadata *metadata,
                                               uint8_t **out, size_t *out_size, char *message, size_t message_size) {
    *out = NULL;
    *out_size = 0;
    if (!WebPAnimEncoderAdd(e->encoder, NULL, end_timestamp_ms, NULL)) {
        const char *why = WebPAnimEncoderGetError(e->encoder);
        set_message(message, message_size, why ? why : "cannot close the animation");
        return IMAGO_WEBP_ENCODE_FAILED;
    }
    WebPData assembled = { NULL, 0 };
    if (!WebPAnimEncoderAssemble(e->encoder, &assembled)) {
        const char *why = WebPAnimEncoderGetError(e->encoder);
        set_message(message, message_size, why ? why : "cannot assemble the animation");
        return IMAGO_WEBP_ENCODE_FAILED;
    }
    ImagoWebPStatus status = mux_metadata(&assembled, metadata, message, message_size);
    if (status != IMAGO_WEBP_OK) {
        WebPDataClear(&assembled);
        return status;
    }
    *out = (uint8_t *)assembled.bytes;
    *out_size = assembled.size;
    return IMAGO_WEBP_OK;
}

void imago_webp_anim_encoder_delete(ImagoWebPAnimEncoder *e) {
    if (e == NULL) return;
    WebPAnimEncoderDelete(e->encoder);
    free(e);
}

void imago_webp_free(void *p) { WebPFree(p); }
