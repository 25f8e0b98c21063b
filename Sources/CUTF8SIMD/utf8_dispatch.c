// Run-time choice of the UTF-8 kernel: AVX2, else SSE4.1 on x86-64 (CPUID, with XGETBV for the OS saving the
// AVX state); NEON on AArch64; elsewhere none, and the Swift DFA validates alone.
#include "CUTF8SIMD.h"
#include "utf8_kernels.h"

#if defined(__x86_64__) || defined(__i386__)
#include <cpuid.h>

/// The best x86 kernel this CPU and OS support.
static CUTF8SIMDKernel detect_kernel(void) {
    unsigned eax = 0, ebx = 0, ecx = 0, edx = 0;
    if (!__get_cpuid(1, &eax, &ebx, &ecx, &edx)) return CUTF8SIMDKernelScalar;
    const int sse41 = (ecx >> 19) & 1;
    const int osxsave = (ecx >> 27) & 1;
    const int avx = (ecx >> 28) & 1;
    if (osxsave && avx) {
        unsigned xcr0_low = 0, xcr0_high = 0;
        __asm__ volatile("xgetbv" : "=a"(xcr0_low), "=d"(xcr0_high) : "c"(0));
        if ((xcr0_low & 6) == 6 && __get_cpuid_count(7, 0, &eax, &ebx, &ecx, &edx) && ((ebx >> 5) & 1)) {
            return CUTF8SIMDKernelAVX2;
        }
    }
    return sse41 ? CUTF8SIMDKernelSSE41 : CUTF8SIMDKernelScalar;
}
#elif defined(__aarch64__)
static CUTF8SIMDKernel detect_kernel(void) { return CUTF8SIMDKernelNEON; }
#else
static CUTF8SIMDKernel detect_kernel(void) { return CUTF8SIMDKernelScalar; }
#endif

/// -1 until the first call detects the CPU (a benign race: every thread computes the same value).
static int cached_kernel = -1;

CUTF8SIMDKernel cutf8simd_kernel(void) {
    int kernel = __atomic_load_n(&cached_kernel, __ATOMIC_RELAXED);
    if (kernel < 0) {
        kernel = (int)detect_kernel();
        __atomic_store_n(&cached_kernel, kernel, __ATOMIC_RELAXED);
    }
    return (CUTF8SIMDKernel)kernel;
}

int cutf8simd_kernel_supported(CUTF8SIMDKernel kernel) {
    const CUTF8SIMDKernel best = cutf8simd_kernel();
    switch (kernel) {
    case CUTF8SIMDKernelScalar: return 1;
    case CUTF8SIMDKernelSSE41: return best == CUTF8SIMDKernelSSE41 || best == CUTF8SIMDKernelAVX2;
    case CUTF8SIMDKernelAVX2: return best == CUTF8SIMDKernelAVX2;
    case CUTF8SIMDKernelNEON: return best == CUTF8SIMDKernelNEON;
    }
    return 0;
}

size_t cutf8simd_valid_prefix_with(CUTF8SIMDKernel kernel, const uint8_t *bytes, size_t length) {
    if (!cutf8simd_kernel_supported(kernel)) return 0;
    switch (kernel) {
#if defined(__x86_64__) || defined(__i386__)
    case CUTF8SIMDKernelSSE41: return cutf8_valid_prefix_sse41(bytes, length);
    case CUTF8SIMDKernelAVX2: return cutf8_valid_prefix_avx2(bytes, length);
#endif
#if defined(__aarch64__)
    case CUTF8SIMDKernelNEON: return cutf8_valid_prefix_neon(bytes, length);
#endif
    default: return 0;
    }
}

size_t cutf8simd_valid_prefix(const uint8_t *bytes, size_t length) {
    switch (cutf8simd_kernel()) {
#if defined(__x86_64__) || defined(__i386__)
    case CUTF8SIMDKernelAVX2: return cutf8_valid_prefix_avx2(bytes, length);
    case CUTF8SIMDKernelSSE41: return cutf8_valid_prefix_sse41(bytes, length);
#endif
#if defined(__aarch64__)
    case CUTF8SIMDKernelNEON: return cutf8_valid_prefix_neon(bytes, length);
#endif
    default: return 0;
    }
}
