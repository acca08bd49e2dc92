#include "cms_shim.h"

#include <lcms2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    char *message;
    size_t capacity;
} error_sink;

struct imago_cms_transform {
    cmsContext context;
    cmsHTRANSFORM transform;
    error_sink sink;           /* the context's user data: the caller's buffer while creating, then none */
    size_t in_pixel, out_pixel;
};

/* lcms2's error handler: the message goes to the caller's buffer, never to stderr. */
static void on_error(cmsContext context, cmsUInt32Number code, const char *text) {
    (void)code;
    error_sink *sink = (error_sink *)cmsGetContextUserData(context);
    if (sink && sink->message && sink->capacity && sink->message[0] == 0)
        snprintf(sink->message, sink->capacity, "%s", text ? text : "lcms2 error");
}

static cmsUInt32Number input_format(imago_cms_layout layout, int bytes) {
    int two = bytes == 2;
    switch (layout) {
    case IMAGO_CMS_GRAY: return two ? TYPE_GRAY_16 : TYPE_GRAY_8;
    case IMAGO_CMS_GRAY_ALPHA: return two ? TYPE_GRAYA_16 : TYPE_GRAYA_8;
    case IMAGO_CMS_RGB: return two ? TYPE_RGB_16 : TYPE_RGB_8;
    case IMAGO_CMS_RGBA: return two ? TYPE_RGBA_16 : TYPE_RGBA_8;
    case IMAGO_CMS_CMYK: return two ? TYPE_CMYK_16 : TYPE_CMYK_8;
    }
    return 0;
}

static cmsColorSpaceSignature layout_space(imago_cms_layout layout) {
    switch (layout) {
    case IMAGO_CMS_GRAY: case IMAGO_CMS_GRAY_ALPHA: return cmsSigGrayData;
    case IMAGO_CMS_RGB: case IMAGO_CMS_RGBA: return cmsSigRgbData;
    case IMAGO_CMS_CMYK: return cmsSigCmykData;
    }
    return cmsSigRgbData;
}

imago_cms_status imago_cms_create(const imago_cms_params *p, imago_cms_transform **out, char *message, size_t capacity) {
    if (message && capacity) message[0] = 0;
    if (out) *out = NULL;
    if (!out || !p || !p->profile || p->profile_size < 128 || p->profile_size > 0xFFFFFFFFu ||
        (p->target && p->target_size > 0xFFFFFFFFu) || (p->bytes_per_sample != 1 && p->bytes_per_sample != 2) ||
        p->layout < IMAGO_CMS_GRAY || p->layout > IMAGO_CMS_GRAY_ALPHA || p->intent < 0 || p->intent > 3) {
        if (message && capacity) snprintf(message, capacity, "invalid colour conversion arguments");
        return p && p->profile && p->profile_size < 128 ? IMAGO_CMS_BAD_PROFILE : IMAGO_CMS_INVALID;
    }
    imago_cms_transform *result = calloc(1, sizeof *result);
    if (!result) return IMAGO_CMS_NO_MEMORY;
    int alpha = p->layout == IMAGO_CMS_RGBA || p->layout == IMAGO_CMS_GRAY_ALPHA;
    cmsUInt32Number in_format = input_format(p->layout, p->bytes_per_sample);
    result->in_pixel = (size_t)(T_CHANNELS(in_format) + T_EXTRA(in_format)) * (size_t)p->bytes_per_sample;
    result->out_pixel = (size_t)(alpha ? 4 : 3) * (size_t)p->bytes_per_sample;
    result->sink.message = message;
    result->sink.capacity = capacity;
    result->context = cmsCreateContext(NULL, &result->sink);
    if (!result->context) {
        free(result);
        return IMAGO_CMS_NO_MEMORY;
    }
    cmsSetLogErrorHandlerTHR(result->context, on_error);
    imago_cms_status status = IMAGO_CMS_OK;
    cmsHPROFILE source = cmsOpenProfileFromMemTHR(result->context, p->profile, (cmsUInt32Number)p->profile_size);
    cmsHPROFILE target = NULL;
    if (!source) {
        status = IMAGO_CMS_BAD_PROFILE;
        goto done;
    }
    if (cmsGetColorSpace(source) != layout_space(p->layout)) {
        status = IMAGO_CMS_WRONG_SPACE;
        goto done;
    }
    target = p->target ? cmsOpenProfileFromMemTHR(result->context, p->target, (cmsUInt32Number)p->target_size)
                       : cmsCreate_sRGBProfileTHR(result->context);
    if (!target || cmsGetColorSpace(target) != cmsSigRgbData) {
        status = IMAGO_CMS_BAD_TARGET;
        goto done;
    }
    cmsUInt32Number out_format = alpha ? (p->bytes_per_sample == 2 ? TYPE_RGBA_16 : TYPE_RGBA_8)
                                       : (p->bytes_per_sample == 2 ? TYPE_RGB_16 : TYPE_RGB_8);
    /* The flags of Pillow's profileToProfile and tificc: none, unless black point compensation is asked for. */
    cmsUInt32Number flags = (alpha ? cmsFLAGS_COPY_ALPHA : 0) |
                            (p->black_point_compensation ? cmsFLAGS_BLACKPOINTCOMPENSATION : 0);
    result->transform = cmsCreateTransformTHR(result->context, source, in_format, target, out_format,
                                              (cmsUInt32Number)p->intent, flags);
    if (!result->transform) status = IMAGO_CMS_NO_TRANSFORM;
done:
    /* lcms2 keeps what the transform needs: the profiles can go now. */
    if (target) cmsCloseProfile(target);
    if (source) cmsCloseProfile(source);
    result->sink.message = NULL;
    result->sink.capacity = 0;
    if (status != IMAGO_CMS_OK) {
        imago_cms_free(result);
        return status;
    }
    *out = result;
    return IMAGO_CMS_OK;
}

imago_cms_status imago_cms_apply(const imago_cms_transform *t, const void *input, size_t input_stride, void *output,
                                 size_t output_stride, uint32_t width, uint32_t height) {
    if (!t || !t->transform || !input || !output || width == 0 || height == 0) return IMAGO_CMS_INVALID;
    size_t widest = t->out_pixel > t->in_pixel ? t->out_pixel : t->in_pixel;
    if ((size_t)width > SIZE_MAX / widest || input_stride < (size_t)width * t->in_pixel ||
        output_stride < (size_t)width * t->out_pixel || input_stride > 0xFFFFFFFFu || output_stride > 0xFFFFFFFFu)
        return IMAGO_CMS_INVALID;
    cmsDoTransformLineStride(t->transform, input, output, width, height, (cmsUInt32Number)input_stride,
                             (cmsUInt32Number)output_stride, 0, 0);
    return IMAGO_CMS_OK;
}

void imago_cms_free(imago_cms_transform *t) {
    if (!t) return;
    if (t->transform) cmsDeleteTransform(t->transform);
    if (t->context) cmsDeleteContext(t->context);
    free(t);
}
