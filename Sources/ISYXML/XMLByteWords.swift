import Codecs

/// Eight-bytes-at-a-time byte search for the plain-document reader's scanning loops (constants: `ByteWord`).
enum XMLByteWords {
    /// A word whose lowest set bit is the high bit of the first byte of `word` that equals one of the ASCII
    /// bytes broadcast in `a`, `b`, `c` or is a C0 control (zero when there is none), so `trailingZeroBitCount
    /// >> 3` is that byte's index. Per byte, `x - 1` and `w - 0x20` set the high bit exactly for `x == 0` and
    /// `w < 0x20` once bytes of 0x80 and above are masked out by `~word` (the targets being ASCII); a borrow
    /// only leaves a matching byte, so it can mark bytes above the first match but never below it.
    @inline(__always) static func firstStop(_ word: UInt64, _ a: UInt64, _ b: UInt64, _ c: UInt64) -> UInt64 {
        // Swift's `|` and `&-` share a precedence level: every term is parenthesised.
        let marks = ((word ^ a) &- ByteWord.ones) | ((word ^ b) &- ByteWord.ones) | ((word ^ c) &- ByteWord.ones) | (word &- (ByteWord.ones &* 0x20))
        return marks & ~word & ByteWord.highBits
    }

    /// The little-endian word at `offset` (which the caller has checked leaves eight readable bytes).
    @inline(__always) static func load(_ base: UnsafeRawPointer, _ offset: Int) -> UInt64 {
        UInt64(littleEndian: base.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
    }
}
