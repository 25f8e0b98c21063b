// The lookup kernel for AArch64 (NEON is baseline there): 16 bytes per vector, `tbl` for the nibble lookups.
#if defined(__aarch64__)

#include <arm_neon.h>
#include <string.h>

#include "utf8_kernels.h"
#include "utf8_lookup.h"

/// Error bits for the 16 bytes of `input`, given the 16 before them.
static inline uint8x16_t neon_errors(uint8x16_t input, uint8x16_t previous) {
    const uint8x16_t prev1 = vextq_u8(previous, input, 15);
    const uint8x16_t prev_high = vqtbl1q_u8(vld1q_u8(cutf8_prev_high), vshrq_n_u8(prev1, 4));
    const uint8x16_t prev_low = vqtbl1q_u8(vld1q_u8(cutf8_prev_low), vandq_u8(prev1, vdupq_n_u8(0x0F)));
    const uint8x16_t current_high = vqtbl1q_u8(vld1q_u8(cutf8_current_high), vshrq_n_u8(input, 4));
    const uint8x16_t special = vandq_u8(vandq_u8(prev_high, prev_low), current_high);
    const uint8x16_t third = vqsubq_u8(vextq_u8(previous, input, 14), vdupq_n_u8(0xE0 - 0x80));
    const uint8x16_t fourth = vqsubq_u8(vextq_u8(previous, input, 13), vdupq_n_u8(0xF0 - 0x80));
    const uint8x16_t must_be_continuation = vandq_u8(vorrq_u8(third, fourth), vdupq_n_u8(0x80));
    return veorq_u8(must_be_continuation, special);
}

static inline uint8x16_t neon_unfinished(uint8x16_t input) {
    static const uint8_t limits[16] = {0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
                                       0xF0 - 1, 0xE0 - 1, 0xC0 - 1};
    return vqsubq_u8(input, vld1q_u8(limits));
}

size_t cutf8_valid_prefix_neon(const uint8_t *bytes, size_t length) {
    uint8x16_t previous = vdupq_n_u8(0);
    uint8x16_t unfinished = vdupq_n_u8(0);
    size_t index = 0;
    for (; index + 64 <= length; index += 64) {
        const uint8x16_t a = vld1q_u8(bytes + index);
        const uint8x16_t b = vld1q_u8(bytes + index + 16);
        const uint8x16_t c = vld1q_u8(bytes + index + 32);
        const uint8x16_t d = vld1q_u8(bytes + index + 48);
        uint8x16_t errors;
        if (vmaxvq_u8(vorrq_u8(vorrq_u8(a, b), vorrq_u8(c, d))) < 0x80) {
            errors = unfinished;
            unfinished = vdupq_n_u8(0);
        } else {
            errors = vorrq_u8(vorrq_u8(neon_errors(a, previous), neon_errors(b, a)),
                              vorrq_u8(neon_errors(c, b), neon_errors(d, c)));
            unfinished = neon_unfinished(d);
        }
        previous = d;
        if (vmaxvq_u8(errors) != 0) return cutf8_restart(bytes, index);
    }
    while (index < length) {
        uint8x16_t input;
        if (index + 16 <= length) {
            input = vld1q_u8(bytes + index);
        } else {
            uint8_t padded[16] = {0};
            memcpy(padded, bytes + index, length - index);
            input = vld1q_u8(padded);
        }
        const uint8x16_t errors = neon_errors(input, previous);
        if (vmaxvq_u8(errors) != 0) return cutf8_restart(bytes, index);
        unfinished = neon_unfinished(input);
        previous = input;
        index += 16;
    }
    if (vmaxvq_u8(unfinished) != 0) return cutf8_restart(bytes, length);
    return length;
}

#endif
