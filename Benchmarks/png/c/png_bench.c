/* C side of the PNG benchmark: the same libpng calls Imago makes, from plain C (gcc -O2).
 *   png_bench DIR DECODE_REPS ENCODE_REPS   decode (file read + png_read_image into a numpy-style buffer: malloc, plus
 *                                           madvise(MADV_HUGEPAGE) when >= 4 MiB), the same into a reused buffer, and
 *                                           encode at zlib level 6 (png_write_row into a growing memory buffer)
 *   png_bench --memory FILE                 peak RSS growth of one decode against the output buffer
 * Prints JSON lines {"tool": "c", "op", "size", "ms"}. */
#include <png.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <time.h>

typedef struct { const unsigned char *data; size_t size, offset; } source;
typedef struct { unsigned char *data; size_t size, capacity; } sink;

static double clock_ms(clockid_t id) {
    struct timespec t;
    clock_gettime(id, &t);
    return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

static unsigned char *read_file(const char *path, size_t *size) {
    FILE *f = fopen(path, "rb");
    if (!f) { perror(path); exit(1); }
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    unsigned char *b = malloc((size_t)n);
    if (fread(b, 1, (size_t)n, f) != (size_t)n) { perror(path); exit(1); }
    fclose(f);
    *size = (size_t)n;
    return b;
}

static void *numpy_style_alloc(size_t n) {
    void *p = malloc(n);
    if (p && n >= (4u << 20)) madvise((void *)(((uintptr_t)p + 4095) & ~(uintptr_t)4095), n - 4096, MADV_HUGEPAGE);
    return p;
}

static void on_read(png_structp png, png_bytep out, size_t n) {
    source *s = png_get_io_ptr(png);
    if (n > s->size - s->offset) png_error(png, "eof");
    memcpy(out, s->data + s->offset, n);
    s->offset += n;
}

/* Decodes the PNG in memory to RGB8 (or whatever the file's 8-bit layout is) into *out (allocated when NULL). */
static void decode_memory(const unsigned char *file, size_t size, unsigned char **out, int *w, int *h) {
    source s = {file, size, 0};
    png_structp png = png_create_read_struct(PNG_LIBPNG_VER_STRING, NULL, NULL, NULL);
    png_infop info = png_create_info_struct(png);
    if (setjmp(png_jmpbuf(png))) { fprintf(stderr, "libpng failed\n"); exit(1); }
    png_set_read_fn(png, &s, on_read);
    png_read_info(png, info);
    if (png_get_color_type(png, info) == PNG_COLOR_TYPE_PALETTE) png_set_palette_to_rgb(png);
    if (png_get_valid(png, info, PNG_INFO_tRNS)) png_set_tRNS_to_alpha(png);
    png_set_interlace_handling(png);
    png_read_update_info(png, info);
    *w = (int)png_get_image_width(png, info);
    *h = (int)png_get_image_height(png, info);
    size_t stride = png_get_rowbytes(png, info);
    if (!*out) *out = numpy_style_alloc(stride * (size_t)*h);
    png_bytep *rows = malloc(sizeof(png_bytep) * (size_t)*h);
    for (int y = 0; y < *h; y++) rows[y] = *out + (size_t)y * stride;
    png_read_image(png, rows);
    png_read_end(png, NULL);
    png_destroy_read_struct(&png, &info, NULL);
    free(rows);
}

/* Reads the file (inside the timing, as for every tool) and decodes it. */
static void decode(const char *path, unsigned char **out, int *w, int *h) {
    size_t size;
    unsigned char *file = read_file(path, &size);
    decode_memory(file, size, out, w, h);
    free(file);
}

static void on_write(png_structp png, png_bytep data, size_t n) {
    sink *k = png_get_io_ptr(png);
    if (k->size + n > k->capacity) {
        while (k->size + n > k->capacity) k->capacity = k->capacity ? k->capacity * 2 : 65536;
        k->data = realloc(k->data, k->capacity);
    }
    memcpy(k->data + k->size, data, n);
    k->size += n;
}
static void on_flush(png_structp png) { (void)png; }

static size_t encode(const unsigned char *pixels, int w, int h) {
    sink k = {0};
    png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, NULL, NULL, NULL);
    png_infop info = png_create_info_struct(png);
    if (setjmp(png_jmpbuf(png))) { fprintf(stderr, "libpng write failed\n"); exit(1); }
    png_set_write_fn(png, &k, on_write, on_flush);
    png_set_IHDR(png, info, (png_uint_32)w, (png_uint_32)h, 8, PNG_COLOR_TYPE_RGB, PNG_INTERLACE_NONE,
                 PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
    png_set_compression_level(png, 6);
    png_write_info(png, info);
    for (int y = 0; y < h; y++) png_write_row(png, pixels + (size_t)y * (size_t)w * 3);
    png_write_end(png, info);
    png_destroy_write_struct(&png, &info);
    free(k.data);
    return k.size;
}

static int compare(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static long peak_rss_kib(void) {
    struct rusage u;
    getrusage(RUSAGE_SELF, &u);
    return u.ru_maxrss;
}

static double middle(double *t, int n) {
    qsort(t, (size_t)n, sizeof(double), compare);
    return n % 2 ? t[n / 2] : (t[n / 2 - 1] + t[n / 2]) / 2;
}

/* Median wall-clock and process-CPU milliseconds of `reps` runs of `stmt` after one warm-up. */
#define TIME(reps, op, size, stmt) do { \
    double wall[256], cpu[256]; int n = (reps) > 256 ? 256 : (reps); stmt; \
    for (int i = 0; i < n; i++) { \
        double w0 = clock_ms(CLOCK_MONOTONIC), c0 = clock_ms(CLOCK_PROCESS_CPUTIME_ID); stmt; \
        cpu[i] = clock_ms(CLOCK_PROCESS_CPUTIME_ID) - c0; wall[i] = clock_ms(CLOCK_MONOTONIC) - w0; } \
    printf("{\"tool\": \"c\", \"op\": \"%s\", \"size\": \"%s\", \"ms\": %f, \"cpu_ms\": %f}\n", \
           op, size, middle(wall, n), middle(cpu, n)); fflush(stdout); \
} while (0)

int main(int argc, char **argv) {
    if (argc == 3 && strcmp(argv[1], "--memory") == 0) {
        size_t size;
        unsigned char *file = read_file(argv[2], &size);  /* in memory before the baseline, as for Imago */
        long before = peak_rss_kib();
        unsigned char *out = NULL;
        int w, h;
        decode_memory(file, size, &out, &w, &h);
        long after = peak_rss_kib();
        printf("{\"tool\": \"c\", \"op\": \"peak memory\", \"size\": \"%dx%d\", \"extra_kib\": %ld, \"buffer_kib\": %ld}\n",
               w, h, after - before, (long)w * h * 3 / 1024);
        return 0;
    }
    if (argc != 4) { fprintf(stderr, "usage: png_bench DIR DECODE_REPS ENCODE_REPS | --memory FILE\n"); return 2; }
    int decode_reps = atoi(argv[2]), encode_reps = atoi(argv[3]);
    const char *sizes[] = {"640x427", "1920x1080", "4000x3000"};
    for (int i = 0; i < 3; i++) {
        char path[4096];
        snprintf(path, sizeof path, "%s/photo-%s.png", argv[1], sizes[i]);
        int scale = i + 1, w, h, dr = decode_reps / scale, er = encode_reps / scale;
        if (dr < 3) dr = 3;
        if (er < 1) er = 1;
        unsigned char *out;
        TIME(dr, "decode", sizes[i], (out = NULL, decode(path, &out, &w, &h), free(out)));
        unsigned char *reused = NULL;
        decode(path, &reused, &w, &h);
        TIME(dr, "decode (reused buffer)", sizes[i], decode(path, &reused, &w, &h));
        TIME(er, "encode level 6", sizes[i], encode(reused, w, h));
        free(reused);
    }
    return 0;
}
