/* C baseline for Keras's load_img + img_to_array on an RGB JPEG: libjpeg decode (default settings: ISLOW DCT,
 * fancy upsampling) into a buffer, then a vectorised uint8 -> float32 pass into a second buffer. Buffers are
 * allocated as numpy does (malloc, MADV_HUGEPAGE for blocks >= 4 MiB). Optional: DCT-scaled decode (scale_denom).
 * Usage: decode_widen FILE REPS [SCALE_DENOM]   -> one JSON line with the median in ms. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/mman.h>
#include <jpeglib.h>

static double now_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static double cpu_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static void *numpy_alloc(size_t n) {
    void *p = NULL;
    if (posix_memalign(&p, 64, n ? n : 1)) return NULL;
    if (n >= (4u << 20)) madvise(p, n, MADV_HUGEPAGE);
    return p;
}

static int cmp(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static void widen(const unsigned char *restrict in, float *restrict out, size_t n) {
    for (size_t i = 0; i < n; i++) out[i] = (float)in[i];
}

int main(int argc, char **argv) {
    if (argc < 3) { fprintf(stderr, "usage: %s FILE REPS [SCALE_DENOM]\n", argv[0]); return 2; }
    int reps = atoi(argv[2]);
    int denom = argc > 3 ? atoi(argv[3]) : 1;
    double *times = calloc(reps, sizeof(double));
    double *cpu = calloc(reps, sizeof(double));
    double checksum = 0;
    for (int r = -2; r < reps; r++) {
        double start = now_ms();
        double cpu_start = cpu_ms();
        FILE *f = fopen(argv[1], "rb");
        if (!f) { perror(argv[1]); return 1; }
        fseek(f, 0, SEEK_END);
        long size = ftell(f);
        fseek(f, 0, SEEK_SET);
        unsigned char *data = malloc(size);
        if (fread(data, 1, size, f) != (size_t)size) { perror("read"); return 1; }
        fclose(f);
        struct jpeg_decompress_struct cinfo;
        struct jpeg_error_mgr jerr;
        cinfo.err = jpeg_std_error(&jerr);
        jpeg_create_decompress(&cinfo);
        jpeg_mem_src(&cinfo, data, size);
        jpeg_read_header(&cinfo, TRUE);
        cinfo.out_color_space = JCS_RGB;
        cinfo.scale_num = 1;
        cinfo.scale_denom = denom;
        jpeg_start_decompress(&cinfo);
        size_t stride = (size_t)cinfo.output_width * cinfo.output_components;
        size_t n = stride * cinfo.output_height;
        unsigned char *pixels = numpy_alloc(n);
        while (cinfo.output_scanline < cinfo.output_height) {
            JSAMPROW row = pixels + cinfo.output_scanline * stride;
            jpeg_read_scanlines(&cinfo, &row, 1);
        }
        jpeg_finish_decompress(&cinfo);
        jpeg_destroy_decompress(&cinfo);
        float *out = numpy_alloc(n * sizeof(float));
        widen(pixels, out, n);
        double elapsed = now_ms() - start;
        double cpu_elapsed = cpu_ms() - cpu_start;
        checksum += out[n / 2];
        free(out);
        free(pixels);
        free(data);
        if (r >= 0) { times[r] = elapsed; cpu[r] = cpu_elapsed; }
    }
    qsort(times, reps, sizeof(double), cmp);
    qsort(cpu, reps, sizeof(double), cmp);
    const char *name = strrchr(argv[1], '/');
    printf("{\"tool\": \"c\", \"case\": \"%s\", \"file\": \"%s\", \"median_ms\": %f, \"cpu_ms\": %f, \"checksum\": %f}\n",
           denom > 1 ? "load+to_array 224x224 bilinear 1/N" : "load+to_array", name ? name + 1 : argv[1], times[reps / 2], cpu[reps / 2], checksum);
    return 0;
}
