#ifndef STREAMCODECS_MALLOC_COUNTER_H
#define STREAMCODECS_MALLOC_COUNTER_H
#include <stdint.h>

/// Number of allocation calls (malloc, calloc, realloc, posix_memalign, aligned_alloc, memalign) since start.
uint64_t malloc_counter_allocations(void);

#endif
