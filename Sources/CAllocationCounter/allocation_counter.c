// Counts heap allocations per thread by interposing the allocator entry points in the executable that links this
// target (the test executable only) and forwarding to glibc's internal implementations. The definitions are weak
// so a sanitizer runtime's own malloc (ASan, TSan) wins at link time; allocation_counter_is_active() then says 0
// and the allocation tests skip. Allocation counts are deterministic, unlike timings.
#include "allocation_counter.h"
#include <stddef.h>
#include <stdlib.h>
#include <errno.h>

extern void *__libc_malloc(size_t size);
extern void *__libc_calloc(size_t count, size_t size);
extern void *__libc_realloc(void *pointer, size_t size);
extern void *__libc_memalign(size_t alignment, size_t size);
extern void __libc_free(void *pointer);

static __thread uint64_t thread_allocations __attribute__((tls_model("initial-exec"))) = 0;

static inline void count_one(void) { thread_allocations += 1; }

uint64_t allocation_counter_thread_allocations(void) { return thread_allocations; }

int allocation_counter_is_active(void) {
    uint64_t before = thread_allocations;
    void *volatile probe = malloc(16);
    __libc_free(probe);
    return thread_allocations != before;
}

__attribute__((weak)) void *malloc(size_t size) { count_one(); return __libc_malloc(size); }
__attribute__((weak)) void *calloc(size_t count, size_t size) { count_one(); return __libc_calloc(count, size); }
__attribute__((weak)) void *realloc(void *pointer, size_t size) { count_one(); return __libc_realloc(pointer, size); }
__attribute__((weak)) void free(void *pointer) { __libc_free(pointer); }
__attribute__((weak)) void *memalign(size_t alignment, size_t size) {
    count_one();
    return __libc_memalign(alignment, size);
}
__attribute__((weak)) void *aligned_alloc(size_t alignment, size_t size) {
    count_one();
    return __libc_memalign(alignment, size);
}
__attribute__((weak)) int posix_memalign(void **out, size_t alignment, size_t size) {
    count_one();
    void *pointer = __libc_memalign(alignment, size);
    if (pointer == NULL) return ENOMEM;
    *out = pointer;
    return 0;
}
