/// Eight-bytes-at-a-time byte classes for the plain-document reader's scanning loops: each function returns a
/// word whose byte `i` has its high bit set exactly when byte `i` of the input word is in the class (no false
/// positives from borrows between bytes), so `trailingZeroBitCount >> 3` of the result is the first such byte.
enum XMLByteWords {
    static let ones: UInt64 = 0x0101_0101_0101_0101
    static let highs: UInt64 = 0x8080_8080_8080_8080

    /// Bytes equal to zero.
    @inline(__always) static func zeroBytes(_ x: UInt64) -> UInt64 {
        ~(((x & ~highs) &+ ~highs) | x) & highs
    }

    /// Bytes equal to `byte`.
    @inline(__always) static func bytes(_ word: UInt64, equalTo byte: UInt8) -> UInt64 {
        zeroBytes(word ^ (ones &* UInt64(byte)))
    }

    /// Bytes below 0x20 (C0 controls, including tab, LF and CR).
    @inline(__always) static func controls(_ word: UInt64) -> UInt64 {
        ~(((word & ~highs) &+ (ones &* 0x60)) | word) & highs
    }

    /// The little-endian word at `offset` (which the caller has checked leaves eight readable bytes).
    @inline(__always) static func load(_ base: UnsafeRawPointer, _ offset: Int) -> UInt64 {
        UInt64(littleEndian: base.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
    }
}
