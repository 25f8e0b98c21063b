#ifndef CUTF8SIMD_KERNELS_H
#define CUTF8SIMD_KERNELS_H

#include <stddef.h>
#include <stdint.h>

/// The kernels behind `cutf8simd_valid_prefix`; each has the same contract and is only called on a CPU that has it.
#if defined(__x86_64__) || defined(__i386__)
size_t cutf8_valid_prefix_sse41(const uint8_t *bytes, size_t length);
size_t cutf8_valid_prefix_avx2(const uint8_t *bytes, size_t length);
#endif
#if defined(__aarch64__)
size_t cutf8_valid_prefix_neon(const uint8_t *bytes, size_t length);
#endif

#endif
