// Allocation-failure injection for the `AllocationFailureTests` (issue 18): an LD_PRELOAD library that makes the
// Nth allocation fail, counting only the malloc/calloc/realloc calls whose caller is one of the image C libraries
// (libjpeg, libpng, libtiff, libwebp, giflib, zlib, ...) and the posix_memalign and anonymous mmap calls made by the
// program itself (Imago's pixel buffers, `PixelStorage`). The Swift runtime's and Foundation's allocations are never
// failed: Swift treats allocation failure as fatal by design, and the question asked here is whether Imago and the
// libraries turn theirs into typed errors. A malloc/calloc/realloc call from the program itself is counted only when
// it comes from a C function (Imago's C shims and kernels, found by name in the executable's symbol table): the Swift
// runtime's swift_slowAlloc tail-calls malloc, so its return address lies in the Swift code that allocated, whose
// symbols are mangled ($s...) and not counted. The one Swift type whose own malloc calls are counted is
// `ImageKernel.PixelStorage`, the pixel buffers, which align their heap blocks by hand inside a plain `malloc`.
//
//   IMAGO_ALLOC_FAIL_AT=N       fail the Nth counted allocation (1-based); 0 or unset: fail none
//   IMAGO_ALLOC_COUNT_FILE=F    at exit, write "<counted> <failed>" to F
//
// Works under AddressSanitizer too (set ASAN_OPTIONS=verify_asan_link_order=0): the real allocator is found with
// dlsym(RTLD_NEXT), which is ASan's when the program is built with it, so LeakSanitizer still sees every block.
#define _GNU_SOURCE
#include <dlfcn.h>
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <link.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

typedef void *(*malloc_fn)(size_t);
typedef void *(*calloc_fn)(size_t, size_t);
typedef void *(*realloc_fn)(void *, size_t);
typedef void (*free_fn)(void *);
typedef int (*posix_memalign_fn)(void **, size_t, size_t);
typedef void *(*mmap_fn)(void *, size_t, int, int, int, off_t);

static malloc_fn real_malloc;
static calloc_fn real_calloc;
static realloc_fn real_realloc;
static free_fn real_free;
static posix_memalign_fn real_posix_memalign;
static mmap_fn real_mmap;

// dlsym may allocate while it resolves the real functions: those early blocks come from a small static arena.
static _Alignas(64) char arena[65536];
static size_t arena_used;
static int resolving;

static void *arena_alloc(size_t size) {
    size_t start = (arena_used + 63) & ~(size_t)63;
    if (start + size > sizeof arena) return NULL;
    arena_used = start + size;
    return arena + start;
}

static int in_arena(const void *p) { return (const char *)p >= arena && (const char *)p < arena + sizeof arena; }

static void resolve(void) {
    if (real_malloc || resolving) return;
    resolving = 1;
    real_calloc = (calloc_fn)dlsym(RTLD_NEXT, "calloc");
    real_realloc = (realloc_fn)dlsym(RTLD_NEXT, "realloc");
    real_free = (free_fn)dlsym(RTLD_NEXT, "free");
    real_posix_memalign = (posix_memalign_fn)dlsym(RTLD_NEXT, "posix_memalign");
    real_mmap = (mmap_fn)dlsym(RTLD_NEXT, "mmap");
    real_malloc = (malloc_fn)dlsym(RTLD_NEXT, "malloc");
    resolving = 0;
}

// The executable segments of the objects whose allocations are counted.
#define MAX_RANGES 64
static uintptr_t range_start[MAX_RANGES], range_end[MAX_RANGES];
static int range_count;
static int armed;
static long fail_at;
static atomic_long counted;
static atomic_long failed;
static const char *count_file;

static uintptr_t program_start, program_end;

// The C functions of the program (sorted [start, end) pairs, load address applied): Imago's shims and kernels.
static uintptr_t *c_functions;
static size_t c_function_count;

static int swift_symbol(const char *name) {
    return name[0] == '$' || strncmp(name, "_$s", 3) == 0 || strncmp(name, "__swift", 7) == 0
        || strncmp(name, "swift_", 6) == 0 || strcmp(name, "main") == 0;
}

// Swift functions whose malloc calls are Imago's pixel buffers (PixelStorage's initialiser calls malloc itself).
static int counted_swift_symbol(const char *name) { return strstr(name, "11ImageKernel12PixelStorageC") != NULL; }

static int compare_ranges(const void *a, const void *b) {
    uintptr_t x = *(const uintptr_t *)a, y = *(const uintptr_t *)b;
    return x < y ? -1 : x > y;
}

// Reads the executable's own symbol table (kept in the debug and sanitizer builds; a stripped program counts none).
static void collect_c_functions(uintptr_t base) {
    int fd = open("/proc/self/exe", O_RDONLY | O_CLOEXEC);
    if (fd < 0) return;
    struct stat st;
    void *map = fstat(fd, &st) == 0 ? real_mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0) : MAP_FAILED;
    close(fd);
    if (map == MAP_FAILED) return;
    const char *bytes = map;
    const ElfW(Ehdr) *header = map;
    const ElfW(Shdr) *sections = (const ElfW(Shdr) *)(bytes + header->e_shoff);
    for (int i = 0; i < header->e_shnum; i++) {
        if (sections[i].sh_type != SHT_SYMTAB) continue;
        const ElfW(Sym) *symbols = (const ElfW(Sym) *)(bytes + sections[i].sh_offset);
        size_t count = sections[i].sh_size / sizeof *symbols;
        const char *names = bytes + sections[sections[i].sh_link].sh_offset;
        size_t capacity = 0;
        for (size_t k = 0; k < count; k++)
            if (ELF64_ST_TYPE(symbols[k].st_info) == STT_FUNC && symbols[k].st_size > 0) capacity++;
        void *table = real_mmap(NULL, capacity * 2 * sizeof(uintptr_t) + 1, PROT_READ | PROT_WRITE,
                                MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (table == MAP_FAILED) break;
        c_functions = table;
        for (size_t k = 0; k < count; k++) {
            const ElfW(Sym) *symbol = &symbols[k];
            if (ELF64_ST_TYPE(symbol->st_info) != STT_FUNC || symbol->st_size == 0) continue;
            const char *name = names + symbol->st_name;
            if (swift_symbol(name) && !counted_swift_symbol(name)) continue;
            c_functions[2 * c_function_count] = base + symbol->st_value;
            c_functions[2 * c_function_count + 1] = base + symbol->st_value + symbol->st_size;
            c_function_count++;
        }
        qsort(c_functions, c_function_count, 2 * sizeof(uintptr_t), compare_ranges);
        break;
    }
    munmap(map, (size_t)st.st_size);
}

static int in_c_function(uintptr_t address) {
    size_t low = 0, high = c_function_count;
    while (low < high) {
        size_t middle = (low + high) / 2;
        if (c_functions[2 * middle + 1] <= address) low = middle + 1;
        else if (c_functions[2 * middle] > address) high = middle;
        else return 1;
    }
    return 0;
}

static int interesting(const char *name) {
    static const char *libraries[] = {"/libjpeg.", "/libpng", "/libtiff.", "/libwebp", "/libsharpyuv.", "/libgif.",
                                      "/libz.", "/libdeflate.", "/liblzma.", "/libzstd.", "/libjbig."};
    for (size_t i = 0; i < sizeof libraries / sizeof *libraries; i++)
        if (strstr(name, libraries[i])) return 1;
    return 0;
}

static int collect(struct dl_phdr_info *info, size_t size, void *unused) {
    (void)size; (void)unused;
    if (info->dlpi_name == NULL || info->dlpi_name[0] == 0) {  // the program itself
        for (int i = 0; i < info->dlpi_phnum; i++) {
            const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
            if (ph->p_type != PT_LOAD || !(ph->p_flags & PF_X)) continue;
            program_start = info->dlpi_addr + ph->p_vaddr;
            program_end = program_start + ph->p_memsz;
        }
        collect_c_functions(info->dlpi_addr);
        return 0;
    }
    if (!interesting(info->dlpi_name)) return 0;
    for (int i = 0; i < info->dlpi_phnum && range_count < MAX_RANGES; i++) {
        const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
        if (ph->p_type != PT_LOAD || !(ph->p_flags & PF_X)) continue;
        range_start[range_count] = info->dlpi_addr + ph->p_vaddr;
        range_end[range_count] = range_start[range_count] + ph->p_memsz;
        range_count++;
    }
    return 0;
}

__attribute__((constructor)) static void arm(void) {
    resolve();
    const char *at = getenv("IMAGO_ALLOC_FAIL_AT");
    fail_at = at ? strtol(at, NULL, 10) : 0;
    count_file = getenv("IMAGO_ALLOC_COUNT_FILE");
    dl_iterate_phdr(collect, NULL);
    armed = 1;
}

__attribute__((destructor)) static void report(void) {
    armed = 0;
    if (!count_file) return;
    FILE *f = fopen(count_file, "w");
    if (!f) return;
    fprintf(f, "%ld %ld\n", atomic_load(&counted), atomic_load(&failed));
    fclose(f);
}

// Whether the allocation requested from `caller` is counted (by a library; by the program itself when
// `from_program` is set; by one of the program's C functions otherwise) and is the one to fail.
static int should_fail(const void *caller, int from_program) {
    if (!armed) return 0;
    uintptr_t address = (uintptr_t)caller;
    int in_program = address >= program_start && address < program_end;
    int counts = in_program && (from_program || in_c_function(address));
    for (int i = 0; i < range_count && !counts; i++)
        if (address >= range_start[i] && address < range_end[i]) counts = 1;
    if (!counts) return 0;
    long n = atomic_fetch_add(&counted, 1) + 1;
    if (fail_at > 0 && n == fail_at) {
        atomic_fetch_add(&failed, 1);
        return 1;
    }
    return 0;
}

void *malloc(size_t size) {
    if (!real_malloc) {
        if (resolving) return arena_alloc(size);
        resolve();
    }
    if (should_fail(__builtin_return_address(0), 0)) { errno = ENOMEM; return NULL; }
    return real_malloc(size);
}

void *calloc(size_t count, size_t size) {
    if (!real_calloc) {
        if (resolving) {
            if (size && count > SIZE_MAX / size) return NULL;
            return arena_alloc(count * size);  // the arena is static storage: already zero
        }
        resolve();
    }
    if (should_fail(__builtin_return_address(0), 0)) { errno = ENOMEM; return NULL; }
    return real_calloc(count, size);
}

void *realloc(void *pointer, size_t size) {
    if (in_arena(pointer)) {
        void *moved = malloc(size);
        if (moved) memcpy(moved, pointer, size);  // arena blocks are only made by dlsym; never large
        return moved;
    }
    if (!real_realloc) resolve();
    if (size && should_fail(__builtin_return_address(0), 0)) { errno = ENOMEM; return NULL; }
    return real_realloc(pointer, size);
}

void free(void *pointer) {
    if (pointer == NULL || in_arena(pointer)) return;
    if (!real_free) resolve();
    real_free(pointer);
}

int posix_memalign(void **result, size_t alignment, size_t size) {
    if (!real_posix_memalign) resolve();
    if (should_fail(__builtin_return_address(0), 1)) return ENOMEM;
    return real_posix_memalign(result, alignment, size);
}

void *mmap(void *address, size_t length, int protection, int flags, int fd, off_t offset) {
    if (!real_mmap) resolve();
    if ((flags & MAP_ANONYMOUS) && should_fail(__builtin_return_address(0), 1)) { errno = ENOMEM; return MAP_FAILED; }
    return real_mmap(address, length, protection, flags, fd, offset);
}
