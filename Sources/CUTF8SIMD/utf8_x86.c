// The lookup kernels for x86-64: SSE4.1 (16 bytes per vector) and AVX2 (32), compiled with per-function target
// attributes so the rest of the package keeps the baseline ISA; `utf8_dispatch.c` picks one at run time.
#if defined(__x86_64__) || defined(__i386__)

#include <immintrin.h>
#include <string.h>

#include "utf8_kernels.h"
#include "utf8_lookup.h"

#define CUTF8_SSE __attribute__((target("sse4.1")))
#define CUTF8_AVX2 __attribute__((target("avx2")))

// MARK: SSE4.1

/// Error bits for the 16 bytes of `input`, given the 16 before them.
static inline CUTF8_SSE __m128i sse_errors(__m128i input, __m128i previous) {
    const __m128i nibble = _mm_set1_epi8(0x0F);
    const __m128i prev1 = _mm_alignr_epi8(input, previous, 15);
    const __m128i prev_high = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)cutf8_prev_high),
                                               _mm_and_si128(_mm_srli_epi16(prev1, 4), nibble));
    const __m128i prev_low = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)cutf8_prev_low),
                                              _mm_and_si128(prev1, nibble));
    const __m128i current_high = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)cutf8_current_high),
                                                  _mm_and_si128(_mm_srli_epi16(input, 4), nibble));
    const __m128i special = _mm_and_si128(_mm_and_si128(prev_high, prev_low), current_high);
    // 0x80 where the byte must be the 2nd or 3rd continuation: two back is E0 or more, or three back F0 or more.
    const __m128i third = _mm_subs_epu8(_mm_alignr_epi8(input, previous, 14), _mm_set1_epi8((char)(0xE0 - 0x80)));
    const __m128i fourth = _mm_subs_epu8(_mm_alignr_epi8(input, previous, 13), _mm_set1_epi8((char)(0xF0 - 0x80)));
    const __m128i must_be_continuation = _mm_and_si128(_mm_or_si128(third, fourth), _mm_set1_epi8((char)0x80));
    return _mm_xor_si128(must_be_continuation, special);
}

/// Non-zero when `input` ends inside a sequence (a lead in one of its last three bytes wanting more).
static inline CUTF8_SSE __m128i sse_unfinished(__m128i input) {
    const __m128i limits = _mm_setr_epi8(-1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
                                         (char)(0xF0 - 1), (char)(0xE0 - 1), (char)(0xC0 - 1));
    return _mm_subs_epu8(input, limits);
}

CUTF8_SSE size_t cutf8_valid_prefix_sse41(const uint8_t *bytes, size_t length) {
    __m128i previous = _mm_setzero_si128();
    __m128i unfinished = _mm_setzero_si128();
    size_t index = 0;
    for (; index + 64 <= length; index += 64) {
        const __m128i a = _mm_loadu_si128((const __m128i *)(bytes + index));
        const __m128i b = _mm_loadu_si128((const __m128i *)(bytes + index + 16));
        const __m128i c = _mm_loadu_si128((const __m128i *)(bytes + index + 32));
        const __m128i d = _mm_loadu_si128((const __m128i *)(bytes + index + 48));
        __m128i errors;
        if (_mm_movemask_epi8(_mm_or_si128(_mm_or_si128(a, b), _mm_or_si128(c, d))) == 0) {
            errors = unfinished;
            unfinished = _mm_setzero_si128();
        } else {
            errors = _mm_or_si128(_mm_or_si128(sse_errors(a, previous), sse_errors(b, a)),
                                  _mm_or_si128(sse_errors(c, b), sse_errors(d, c)));
            unfinished = sse_unfinished(d);
        }
        previous = d;
        if (!_mm_testz_si128(errors, errors)) return cutf8_restart(bytes, index);
    }
    while (index < length) {
        __m128i input;
        if (index + 16 <= length) {
            input = _mm_loadu_si128((const __m128i *)(bytes + index));
        } else {
            uint8_t padded[16] = {0};
            memcpy(padded, bytes + index, length - index);
            input = _mm_loadu_si128((const __m128i *)padded);
        }
        const __m128i errors = sse_errors(input, previous);
        if (!_mm_testz_si128(errors, errors)) return cutf8_restart(bytes, index);
        unfinished = sse_unfinished(input);
        previous = input;
        index += 16;
    }
    if (!_mm_testz_si128(unfinished, unfinished)) return cutf8_restart(bytes, length);
    return length;
}

// MARK: AVX2

/// `input` shifted right by `n` bytes across both lanes, the gap filled from the end of `previous`.
#define CUTF8_AVX2_PREV(input, previous, n) \
    _mm256_alignr_epi8((input), _mm256_permute2x128_si256((previous), (input), 0x21), 16 - (n))

static inline CUTF8_AVX2 __m256i avx2_table(const uint8_t *table) {
    return _mm256_broadcastsi128_si256(_mm_loadu_si128((const __m128i *)table));
}

/// Error bits for the 32 bytes of `input`, given the 32 before them.
static inline CUTF8_AVX2 __m256i avx2_errors(__m256i input, __m256i previous) {
    const __m256i nibble = _mm256_set1_epi8(0x0F);
    const __m256i prev1 = CUTF8_AVX2_PREV(input, previous, 1);
    const __m256i prev_high = _mm256_shuffle_epi8(avx2_table(cutf8_prev_high),
                                                  _mm256_and_si256(_mm256_srli_epi16(prev1, 4), nibble));
    const __m256i prev_low = _mm256_shuffle_epi8(avx2_table(cutf8_prev_low), _mm256_and_si256(prev1, nibble));
    const __m256i current_high = _mm256_shuffle_epi8(avx2_table(cutf8_current_high),
                                                     _mm256_and_si256(_mm256_srli_epi16(input, 4), nibble));
    const __m256i special = _mm256_and_si256(_mm256_and_si256(prev_high, prev_low), current_high);
    const __m256i third = _mm256_subs_epu8(CUTF8_AVX2_PREV(input, previous, 2), _mm256_set1_epi8((char)(0xE0 - 0x80)));
    const __m256i fourth = _mm256_subs_epu8(CUTF8_AVX2_PREV(input, previous, 3), _mm256_set1_epi8((char)(0xF0 - 0x80)));
    const __m256i must_be_continuation = _mm256_and_si256(_mm256_or_si256(third, fourth), _mm256_set1_epi8((char)0x80));
    return _mm256_xor_si256(must_be_continuation, special);
}

static inline CUTF8_AVX2 __m256i avx2_unfinished(__m256i input) {
    const __m256i limits = _mm256_setr_epi8(-1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
                                            -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
                                            (char)(0xF0 - 1), (char)(0xE0 - 1), (char)(0xC0 - 1));
    return _mm256_subs_epu8(input, limits);
}

CUTF8_AVX2 size_t cutf8_valid_prefix_avx2(const uint8_t *bytes, size_t length) {
    __m256i previous = _mm256_setzero_si256();
    __m256i unfinished = _mm256_setzero_si256();
    size_t index = 0;
    for (; index + 64 <= length; index += 64) {
        const __m256i a = _mm256_loadu_si256((const __m256i *)(bytes + index));
        const __m256i b = _mm256_loadu_si256((const __m256i *)(bytes + index + 32));
        __m256i errors;
        if (_mm256_movemask_epi8(_mm256_or_si256(a, b)) == 0) {
            errors = unfinished;
            unfinished = _mm256_setzero_si256();
        } else {
            errors = _mm256_or_si256(avx2_errors(a, previous), avx2_errors(b, a));
            unfinished = avx2_unfinished(b);
        }
        previous = b;
        if (!_mm256_testz_si256(errors, errors)) return cutf8_restart(bytes, index);
    }
    while (index < length) {
        __m256i input;
        if (index + 32 <= length) {
            input = _mm256_loadu_si256((const __m256i *)(bytes + index));
        } else {
            uint8_t padded[32] = {0};
            memcpy(padded, bytes + index, length - index);
            input = _mm256_loadu_si256((const __m256i *)padded);
        }
        const __m256i errors = avx2_errors(input, previous);
        if (!_mm256_testz_si256(errors, errors)) return cutf8_restart(bytes, index);
        unfinished = avx2_unfinished(input);
        previous = input;
        index += 32;
    }
    if (!_mm256_testz_si256(unfinished, unfinished)) return cutf8_restart(bytes, length);
    return length;
}

#endif
