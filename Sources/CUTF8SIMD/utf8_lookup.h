#ifndef CUTF8SIMD_LOOKUP_H
#define CUTF8SIMD_LOOKUP_H

#include <stddef.h>
#include <stdint.h>

/// The three nibble tables of the lookup algorithm. Every error class is a product of three nibble sets (high and
/// low nibble of the previous byte, high nibble of the current byte) and owns one bit; a pair of bytes is wrong
/// when the AND of its three lookups is non-zero. TWO_CONTS (continuation after continuation) is wrong only when
/// the byte is not the 2nd/3rd continuation of a 3- or 4-byte sequence, which the kernels settle by XOR.
enum {
    CUTF8_TOO_SHORT = 1 << 0,  /// lead C0–FF followed by ASCII or another lead
    CUTF8_TOO_LONG = 1 << 1,   /// ASCII followed by a continuation
    CUTF8_OVERLONG_3 = 1 << 2, /// E0 80–9F
    CUTF8_TOO_LARGE = 1 << 3,  /// F4 90–BF, F5–FF 90–BF
    CUTF8_SURROGATE = 1 << 4,  /// ED A0–BF
    CUTF8_OVERLONG_2 = 1 << 5, /// C0 or C1 then a continuation
    CUTF8_F_80 = 1 << 6,       /// F0 80–8F (overlong 4-byte), F5–FF 80–8F (too large)
    CUTF8_TWO_CONTS = 1 << 7,  /// continuation after continuation
    CUTF8_ANY = CUTF8_TOO_SHORT | CUTF8_TOO_LONG | CUTF8_TWO_CONTS,
};

/// By the high nibble of the previous byte.
static const uint8_t cutf8_prev_high[16] = {
    CUTF8_TOO_LONG, CUTF8_TOO_LONG, CUTF8_TOO_LONG, CUTF8_TOO_LONG,
    CUTF8_TOO_LONG, CUTF8_TOO_LONG, CUTF8_TOO_LONG, CUTF8_TOO_LONG,
    CUTF8_TWO_CONTS, CUTF8_TWO_CONTS, CUTF8_TWO_CONTS, CUTF8_TWO_CONTS,
    CUTF8_TOO_SHORT | CUTF8_OVERLONG_2,
    CUTF8_TOO_SHORT,
    CUTF8_TOO_SHORT | CUTF8_OVERLONG_3 | CUTF8_SURROGATE,
    CUTF8_TOO_SHORT | CUTF8_TOO_LARGE | CUTF8_F_80,
};

/// By the low nibble of the previous byte.
static const uint8_t cutf8_prev_low[16] = {
    CUTF8_ANY | CUTF8_OVERLONG_3 | CUTF8_OVERLONG_2 | CUTF8_F_80,
    CUTF8_ANY | CUTF8_OVERLONG_2,
    CUTF8_ANY,
    CUTF8_ANY,
    CUTF8_ANY | CUTF8_TOO_LARGE,
    CUTF8_ANY | CUTF8_TOO_LARGE | CUTF8_F_80,
    CUTF8_ANY | CUTF8_TOO_LARGE | CUTF8_F_80,
    CUTF8_ANY | CUTF8_TOO_LARGE | CUTF8_F_80,
    CUTF8_ANY | CUTF8_TOO_LARGE | CUTF8_F_80,
    CUTF8_ANY | CUTF8_TOO_LARGE | CUTF8_F_80,
    CUTF8_ANY | CUTF8_TOO_LARGE | CUTF8_F_80,
    CUTF8_ANY | CUTF8_TOO_LARGE | CUTF8_F_80,
    CUTF8_ANY | CUTF8_TOO_LARGE | CUTF8_F_80,
    CUTF8_ANY | CUTF8_TOO_LARGE | CUTF8_F_80 | CUTF8_SURROGATE,
    CUTF8_ANY | CUTF8_TOO_LARGE | CUTF8_F_80,
    CUTF8_ANY | CUTF8_TOO_LARGE | CUTF8_F_80,
};

/// By the high nibble of the current byte.
static const uint8_t cutf8_current_high[16] = {
    CUTF8_TOO_SHORT, CUTF8_TOO_SHORT, CUTF8_TOO_SHORT, CUTF8_TOO_SHORT,
    CUTF8_TOO_SHORT, CUTF8_TOO_SHORT, CUTF8_TOO_SHORT, CUTF8_TOO_SHORT,
    CUTF8_TOO_LONG | CUTF8_OVERLONG_2 | CUTF8_TWO_CONTS | CUTF8_OVERLONG_3 | CUTF8_F_80,
    CUTF8_TOO_LONG | CUTF8_OVERLONG_2 | CUTF8_TWO_CONTS | CUTF8_OVERLONG_3 | CUTF8_TOO_LARGE,
    CUTF8_TOO_LONG | CUTF8_OVERLONG_2 | CUTF8_TWO_CONTS | CUTF8_SURROGATE | CUTF8_TOO_LARGE,
    CUTF8_TOO_LONG | CUTF8_OVERLONG_2 | CUTF8_TWO_CONTS | CUTF8_SURROGATE | CUTF8_TOO_LARGE,
    CUTF8_TOO_SHORT, CUTF8_TOO_SHORT, CUTF8_TOO_SHORT, CUTF8_TOO_SHORT,
};

/// Where the exact (scalar) search may restart after a vector step starting at `failed` reported an error: a
/// character boundary at least 16 bytes earlier, so everything before it passed every check (an error involves at
/// most the 3 bytes before its step). 0 when no such boundary is found within 3 bytes.
static inline size_t cutf8_restart(const uint8_t *bytes, size_t failed) {
    if (failed < 16) return 0;
    size_t restart = failed - 16;
    for (int back = 0; back < 3 && restart > 0 && (bytes[restart] & 0xC0) == 0x80; back++) restart--;
    return (bytes[restart] & 0xC0) == 0x80 ? 0 : restart;
}

#endif
