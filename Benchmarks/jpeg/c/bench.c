/*
 * The C baselines for Benchmarks/jpeg: the same libjpeg calls Imago makes (jpeg_read_scanlines into a
 * caller buffer), TurboJPEG's tjDecompress2, and libjpeg / TurboJPEG encoding. Output buffers are
 * allocated the way numpy does (malloc, plus madvise(MADV_HUGEPAGE) for blocks >= 4 MiB).
 * Usage: bench libjpeg|turbojpeg|libjpeg-encode|turbojpeg-encode|rss FILE N   (N = scale denominator or quality)
 * Prints one JSON line: median milliseconds over >= 15 runs and >= 0.5 s after 2 warm-ups (file read inside).
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>
#include <time.h>
#include <sys/mman.h>
#include <jpeglib.h>
#include <turbojpeg.h>

static double now_ms(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

static double cpu_ms(void) {
    struct timespec t;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

static void *numpy_alloc(size_t size) {
    void *p = malloc(size);
    if (p && size >= (1u << 22)) {
        uintptr_t offset = 4096u - (uintptr_t)p % 4096u;
        madvise((char *)p + offset, size - offset, MADV_HUGEPAGE);
    }
    return p;
}

static unsigned char *read_file(const char *path, size_t *size) {
    FILE *f = fopen(path, "rb");
    if (!f) { perror(path); exit(1); }
    fseek(f, 0, SEEK_END);
    *size = (size_t)ftell(f);
    fseek(f, 0, SEEK_SET);
    unsigned char *data = malloc(*size);
    if (fread(data, 1, *size, f) != *size) { perror("read"); exit(1); }
    fclose(f);
    return data;
}

static const char *g_path;
static int g_n;
static unsigned char *g_pixels; /* encode input */
static int g_w, g_h;

static void libjpeg_decode(void) {
    size_t size;
    unsigned char *data = read_file(g_path, &size);
    struct jpeg_decompress_struct c;
    struct jpeg_error_mgr err;
    c.err = jpeg_std_error(&err);
    jpeg_create_decompress(&c);
    jpeg_mem_src(&c, data, size);
    jpeg_read_header(&c, TRUE);
    c.out_color_space = JCS_RGB;
    c.scale_num = 1;
    c.scale_denom = g_n;
    jpeg_start_decompress(&c);
    size_t stride = (size_t)c.output_width * 3;
    unsigned char *out = numpy_alloc(stride * c.output_height);
    JSAMPROW rows[32];
    while (c.output_scanline < c.output_height) {
        JDIMENSION n = c.output_height - c.output_scanline;
        if (n > 32) n = 32;
        for (JDIMENSION i = 0; i < n; i++) rows[i] = out + (size_t)(c.output_scanline + i) * stride;
        jpeg_read_scanlines(&c, rows, n);
    }
    jpeg_finish_decompress(&c);
    jpeg_destroy_decompress(&c);
    free(out);
    free(data);
}

static void turbojpeg_decode(void) {
    size_t size;
    unsigned char *data = read_file(g_path, &size);
    tjhandle h = tjInitDecompress();
    int w, hh, sub, cs;
    tjDecompressHeader3(h, data, size, &w, &hh, &sub, &cs);
    int sw = TJSCALED(w, ((tjscalingfactor){1, g_n}));
    int sh = TJSCALED(hh, ((tjscalingfactor){1, g_n}));
    unsigned char *out = numpy_alloc((size_t)sw * sh * 3);
    if (tjDecompress2(h, data, size, out, sw, 0, sh, TJPF_RGB, 0) != 0) { fprintf(stderr, "%s\n", tjGetErrorStr2(h)); exit(1); }
    tjDestroy(h);
    free(out);
    free(data);
}

static void libjpeg_encode(void) {
    struct jpeg_compress_struct c;
    struct jpeg_error_mgr err;
    unsigned char *out = NULL;
    unsigned long out_size = 0;
    c.err = jpeg_std_error(&err);
    jpeg_create_compress(&c);
    jpeg_mem_dest(&c, &out, &out_size);
    c.image_width = g_w;
    c.image_height = g_h;
    c.input_components = 3;
    c.in_color_space = JCS_RGB;
    jpeg_set_defaults(&c);
    jpeg_set_quality(&c, g_n, TRUE);
    jpeg_start_compress(&c, TRUE);
    while (c.next_scanline < c.image_height) {
        JSAMPROW row = g_pixels + (size_t)c.next_scanline * g_w * 3;
        jpeg_write_scanlines(&c, &row, 1);
    }
    jpeg_finish_compress(&c);
    jpeg_destroy_compress(&c);
    free(out);
}

static void turbojpeg_encode(void) {
    tjhandle h = tjInitCompress();
    unsigned char *out = NULL;
    unsigned long out_size = 0;
    tjCompress2(h, g_pixels, g_w, 0, g_h, TJPF_RGB, &out, &out_size, TJSAMP_420, g_n, 0);
    tjFree(out);
    tjDestroy(h);
}

static int cmp(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static long status_kb(const char *name) {
    FILE *f = fopen("/proc/self/status", "r");
    char line[256];
    long v = 0;
    while (fgets(line, sizeof line, f))
        if (strncmp(line, name, strlen(name)) == 0) v = atol(line + strlen(name));
    fclose(f);
    return v;
}

int main(int argc, char **argv) {
    if (argc < 4) { fprintf(stderr, "usage: bench OP FILE N\n"); return 2; }
    const char *op = argv[1];
    g_path = argv[2];
    g_n = atoi(argv[3]);
    void (*body)(void) = NULL;
    if (!strcmp(op, "libjpeg")) body = libjpeg_decode;
    else if (!strcmp(op, "turbojpeg")) body = turbojpeg_decode;
    else if (!strcmp(op, "libjpeg-encode") || !strcmp(op, "turbojpeg-encode")) {
        size_t size;
        unsigned char *data = read_file(g_path, &size);
        tjhandle h = tjInitDecompress();
        int sub, cs;
        tjDecompressHeader3(h, data, size, &g_w, &g_h, &sub, &cs);
        g_pixels = malloc((size_t)g_w * g_h * 3);
        tjDecompress2(h, data, size, g_pixels, g_w, 0, g_h, TJPF_RGB, 0);
        tjDestroy(h);
        free(data);
        body = op[0] == 'l' ? libjpeg_encode : turbojpeg_encode;
    } else if (!strcmp(op, "rss")) {
        long before = status_kb("VmRSS:");
        g_n = 1;
        libjpeg_decode();
        printf("{\"tool\":\"c\",\"op\":\"rss\",\"file\":\"%s\",\"baseline_rss\":%ld,\"peak\":%ld}\n", g_path, before * 1024,
               status_kb("VmHWM:") * 1024);
        return 0;
    } else { fprintf(stderr, "unknown op %s\n", op); return 2; }
    for (int i = 0; i < 2; i++) body();
    static double times[200], cpu[200];
    int n = 0;
    double start = now_ms();
    while (n < 200 && (n < 15 || now_ms() - start < 500)) {
        double t0 = now_ms(), c0 = cpu_ms();
        body();
        cpu[n] = cpu_ms() - c0;
        times[n++] = now_ms() - t0;
    }
    qsort(times, n, sizeof(double), cmp);
    qsort(cpu, n, sizeof(double), cmp);
    printf("{\"tool\":\"%s\",\"op\":\"%s\",\"file\":\"%s\",\"n\":%d,\"ms\":%f,\"cpu_ms\":%f,\"runs\":%d}\n", op, op,
           g_path, g_n, times[n / 2], cpu[n / 2], n);
    return 0;
}
