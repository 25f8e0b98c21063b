#ifndef CUTF8SIMD_H
#define CUTF8SIMD_H

#include <stddef.h>
#include <stdint.h>

/// Vectorised UTF-8 validation (Keiser & Lemire 2021, "Validating UTF-8 In Less Than One Instruction Per Byte"):
/// it only answers how far the input is certainly valid; the Swift DFA (`UTF8Validation`) stays the reference and
/// locates the exact error from there.

/// The kernels, in the order dispatch prefers them (the best one the CPU supports wins).
typedef enum {
    /// No vector kernel: the caller's scalar DFA does all the work.
    CUTF8SIMDKernelScalar = 0,
    /// 16 bytes per step with SSE4.1 (`pshufb`, `ptest`; x86-64).
    CUTF8SIMDKernelSSE41 = 1,
    /// 32 bytes per step with AVX2 `vpshufb` (x86-64).
    CUTF8SIMDKernelAVX2 = 2,
    /// 16 bytes per step with NEON `tbl` (AArch64).
    CUTF8SIMDKernelNEON = 3,
} CUTF8SIMDKernel;

/// Length of a prefix of `bytes` that is well-formed UTF-8 ending on a character boundary. Equals `length` exactly
/// when the whole buffer is valid and ends on a boundary; otherwise the first invalid byte (or the start of a
/// truncated final sequence) lies at or after the returned offset, within about 100 bytes of it.
size_t cutf8simd_valid_prefix(const uint8_t *bytes, size_t length);

/// The same with a chosen kernel (tests run every kernel the CPU has); an unsupported kernel returns 0.
size_t cutf8simd_valid_prefix_with(CUTF8SIMDKernel kernel, const uint8_t *bytes, size_t length);

/// The kernel `cutf8simd_valid_prefix` dispatches to on this CPU.
CUTF8SIMDKernel cutf8simd_kernel(void);

/// True when this CPU can run `kernel`.
int cutf8simd_kernel_supported(CUTF8SIMDKernel kernel);

#endif
