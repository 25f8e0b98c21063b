/// The constants and the zero-byte test of eight-bytes-at-a-time (SWAR) byte scans, shared by every scanning loop
/// (line ends, JSON strings, XML text, UTF-8 ASCII runs), so there is one definition of each.
///
/// A byte equal to a pattern becomes a zero byte after `word ^ broadcast(pattern)`; `zeroBytes` then flags it with
/// its high bit (the classic "has zero byte" test). Borrows can only flag bytes above a true zero byte, so the
/// lowest flag is always exact: `trailingZeroBitCount >> 3` of a little-endian word is the first match's index.
public enum ByteWord {
    /// 0x01 in every byte.
    @inlinable public static var ones: UInt64 { 0x0101_0101_0101_0101 }
    /// 0x80 in every byte: each byte's high bit (set for bytes of 0x80 and above, i.e. non-ASCII).
    @inlinable public static var highBits: UInt64 { 0x8080_8080_8080_8080 }

    /// `byte` in every byte of a word.
    @inlinable @inline(__always) public static func broadcast(_ byte: UInt8) -> UInt64 { ones &* UInt64(byte) }

    /// The high bit of each zero byte of `word` (exact for the lowest one; see the type's note).
    @inlinable @inline(__always) public static func zeroBytes(_ word: UInt64) -> UInt64 {
        (word &- ones) & ~word & highBits
    }
}
