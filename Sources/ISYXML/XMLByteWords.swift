/// Eight-bytes-at-a-time byte search for the plain-document reader's scanning loops.
enum XMLByteWords {
    static let ones: UInt64 = 0x0101_0101_0101_0101
    static let highs: UInt64 = 0x8080_8080_8080_8080

    /// `byte` in every byte of a word.
    @inline(__always) static func broadcast(_ byte: UInt8) -> UInt64 { ones &* UInt64(byte) }

    /// A word whose lowest set bit is the high bit of the first byte of `word` that equals one of the ASCII
    /// bytes broadcast in `a`, `b`, `c` or is a C0 control (zero when there is none), so `trailingZeroBitCount
    /// >> 3` is that byte's index. Per byte, `x - 1` and `w - 0x20` set the high bit exactly for `x == 0` and
    /// `w < 0x20` once bytes of 0x80 and above are masked out by `~word` (the targets being ASCII); a borrow
    /// only leaves a matching byte, so it can mark bytes above the first match but never below it.
    @inline(__always) static func firstStop(_ word: UInt64, _ a: UInt64, _ b: UInt64, _ c: UInt64) -> UInt64 {
        // Swift's `|` and `&-` share a precedence level: every term is parenthesised.
        let marks = ((word ^ a) &- ones) | ((word ^ b) &- ones) | ((word ^ c) &- ones) | (word &- (ones &* 0x20))
        return marks & ~word & highs
    }

    /// The little-endian word at `offset` (which the caller has checked leaves eight readable bytes).
    @inline(__always) static func load(_ base: UnsafeRawPointer, _ offset: Int) -> UInt64 {
        UInt64(littleEndian: base.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
    }
}
