#ifndef IMAGO_CMS_SHIM_H
#define IMAGO_CMS_SHIM_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// Pixel layouts the shim converts from (to RGB, or RGBA when the input has alpha).
typedef enum {
    IMAGO_CMS_GRAY = 0,
    IMAGO_CMS_RGB = 1,
    IMAGO_CMS_RGBA = 2,
    IMAGO_CMS_CMYK = 3,   /* plain CMYK: 0 = no ink */
    IMAGO_CMS_GRAY_ALPHA = 4
} imago_cms_layout;

typedef enum {
    IMAGO_CMS_OK = 0,
    IMAGO_CMS_BAD_PROFILE = 1,     /* the source profile cannot be parsed */
    IMAGO_CMS_WRONG_SPACE = 2,     /* the source profile is for another colour space than the pixels */
    IMAGO_CMS_BAD_TARGET = 3,      /* the target profile cannot be parsed or is not RGB */
    IMAGO_CMS_NO_TRANSFORM = 4,    /* lcms2 cannot build the transform (unsupported intent or profile class) */
    IMAGO_CMS_INVALID = 5,         /* invalid arguments */
    IMAGO_CMS_NO_MEMORY = 6
} imago_cms_status;

/// What a transform converts: from the source profile and pixel layout to the target (RGB, or RGBA when the input
/// has alpha, with the same sample size).
typedef struct {
    const uint8_t *profile; size_t profile_size;          /* the source's embedded profile */
    const uint8_t *target; size_t target_size;            /* NULL: lcms2's built-in sRGB */
    imago_cms_layout layout;
    int bytes_per_sample;                                  /* 1 or 2 (native-endian uint16) */
    int intent;                                            /* INTENT_PERCEPTUAL = 0 ... */
    int black_point_compensation;
} imago_cms_params;

/// An lcms2 transform with its own context. Once created it is only read: several threads may apply it at once.
typedef struct imago_cms_transform imago_cms_transform;

/// Builds the transform `params` describe into `*transform` (freed with `imago_cms_free`), with every lcms2 error
/// captured into `message` (never printed). The profiles are only read during the call.
imago_cms_status imago_cms_create(const imago_cms_params *params, imago_cms_transform **transform,
                                  char *message, size_t message_capacity);

/// Converts `height` rows of `width` pixels from `input` into `output` (row strides in bytes) with `transform`
/// (`cmsDoTransformLineStride`). Returns IMAGO_CMS_INVALID, converting nothing, when the sizes do not fit the layout.
imago_cms_status imago_cms_apply(const imago_cms_transform *transform, const void *input, size_t input_stride,
                                 void *output, size_t output_stride, uint32_t width, uint32_t height);

/// Frees a transform from `imago_cms_create` (NULL is allowed).
void imago_cms_free(imago_cms_transform *transform);

#ifdef __cplusplus
}
#endif
#endif
