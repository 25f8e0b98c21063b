#ifndef STREAMCODECS_ALLOCATION_COUNTER_H
#define STREAMCODECS_ALLOCATION_COUNTER_H
#include <stdint.h>

/// Allocation calls (malloc, calloc, realloc, posix_memalign, aligned_alloc, memalign) made by the calling thread
/// since it started. Per thread, so tests running in parallel on other threads do not disturb a count.
uint64_t allocation_counter_thread_allocations(void);

/// 1 when this process's allocator calls go through the counter; 0 when another definition won (a sanitizer
/// runtime brings its own malloc, and the counter's weak definitions then step aside).
int allocation_counter_is_active(void);

#endif
