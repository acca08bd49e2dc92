#include "cms_shim.h"

#include <lcms2.h>
#include <stdio.h>
#include <string.h>

typedef struct {
    char *message;
    size_t capacity;
} error_sink;

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

imago_cms_status imago_cms_convert(const imago_cms_params *p, char *message, size_t capacity) {
    if (message && capacity) message[0] = 0;
    if (!p || !p->profile || p->profile_size < 128 || p->profile_size > 0xFFFFFFFFu || !p->input || !p->output ||
        (p->bytes_per_sample != 1 && p->bytes_per_sample != 2) || p->width == 0 || p->height == 0 ||
        p->layout < IMAGO_CMS_GRAY || p->layout > IMAGO_CMS_GRAY_ALPHA || p->intent < 0 || p->intent > 3) {
        if (message && capacity) snprintf(message, capacity, "invalid colour conversion arguments");
        return p && p->profile && p->profile_size < 128 ? IMAGO_CMS_BAD_PROFILE : IMAGO_CMS_INVALID;
    }
    int alpha = p->layout == IMAGO_CMS_RGBA || p->layout == IMAGO_CMS_GRAY_ALPHA;
    size_t out_pixel = (size_t)(alpha ? 4 : 3) * (size_t)p->bytes_per_sample;
    size_t in_pixel = (size_t)T_CHANNELS(input_format(p->layout, p->bytes_per_sample)) + (alpha ? 1 : 0);
    in_pixel *= (size_t)p->bytes_per_sample;
    if ((size_t)p->width > SIZE_MAX / (out_pixel > in_pixel ? out_pixel : in_pixel) ||
        p->input_stride < (size_t)p->width * in_pixel || p->output_stride < (size_t)p->width * out_pixel ||
        p->input_stride > 0xFFFFFFFFu || p->output_stride > 0xFFFFFFFFu) {
        if (message && capacity) snprintf(message, capacity, "row sizes out of range");
        return IMAGO_CMS_INVALID;
    }

    error_sink sink = {message, capacity};
    cmsContext context = cmsCreateContext(NULL, &sink);
    if (!context) return IMAGO_CMS_NO_MEMORY;
    cmsSetLogErrorHandlerTHR(context, on_error);
    imago_cms_status status = IMAGO_CMS_OK;
    cmsHPROFILE source = cmsOpenProfileFromMemTHR(context, p->profile, (cmsUInt32Number)p->profile_size);
    cmsHPROFILE target = NULL;
    cmsHTRANSFORM transform = NULL;
    if (!source) {
        status = IMAGO_CMS_BAD_PROFILE;
        goto done;
    }
    if (cmsGetColorSpace(source) != layout_space(p->layout)) {
        status = IMAGO_CMS_WRONG_SPACE;
        goto done;
    }
    target = p->target ? cmsOpenProfileFromMemTHR(context, p->target, (cmsUInt32Number)p->target_size)
                       : cmsCreate_sRGBProfileTHR(context);
    if (!target || cmsGetColorSpace(target) != cmsSigRgbData) {
        status = IMAGO_CMS_BAD_TARGET;
        goto done;
    }
    cmsUInt32Number out_format = alpha ? (p->bytes_per_sample == 2 ? TYPE_RGBA_16 : TYPE_RGBA_8)
                                       : (p->bytes_per_sample == 2 ? TYPE_RGB_16 : TYPE_RGB_8);
    cmsUInt32Number flags = (alpha ? cmsFLAGS_COPY_ALPHA : 0) |
                            (p->black_point_compensation ? cmsFLAGS_BLACKPOINTCOMPENSATION : 0);
    transform = cmsCreateTransformTHR(context, source, input_format(p->layout, p->bytes_per_sample), target, out_format,
                                      (cmsUInt32Number)p->intent, flags);
    if (!transform) {
        status = IMAGO_CMS_NO_TRANSFORM;
        goto done;
    }
    cmsDoTransformLineStride(transform, p->input, p->output, p->width, p->height, (cmsUInt32Number)p->input_stride,
                             (cmsUInt32Number)p->output_stride, 0, 0);
done:
    if (transform) cmsDeleteTransform(transform);
    if (target) cmsCloseProfile(target);
    if (source) cmsCloseProfile(source);
    cmsDeleteContext(context);
    return status;
}
