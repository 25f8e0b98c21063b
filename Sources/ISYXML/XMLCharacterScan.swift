import Codecs
/// Whole-document character checks and byte masks that let the tokenizer's scanning loops skip ordinary bytes
/// without testing each one against every delimiter.
extension XMLCharacters {
    /// Bit `b` set for each ASCII byte `b < 64` that may continue a `Name` (`-`, `.`, digits, `:`).
    static let nameCharLow: UInt64 = 1 << 0x2D | 1 << 0x2E | 0x03FF << 0x30 | 1 << 0x3A
    /// Bit `b - 64` set for each ASCII byte `b >= 64` that may continue a `Name` (letters, `_`).
    static let nameCharHigh: UInt64 = 0x03FF_FFFF << 1 | 1 << 31 | 0x03FF_FFFF << 33
    /// Bytes below 64 that stop a run of character data once the document is known to hold only `Char`s.
    static let textStopMask: UInt64 = 1 << 0x3C | 1 << 0x26 | 1 << 0x0D
    /// Bytes below 64 that stop a run of attribute-value bytes (quotes, `<`, `&`, tab, LF, CR).
    static let attributeStopMask: UInt64 = 1 << 0x22 | 1 << 0x27 | 1 << 0x3C | 1 << 0x26 | 1 << 0x09 | 1 << 0x0A
        | 1 << 0x0D

    /// `isASCIINameChar` by table lookup (for `byte < 0x80`).
    @inline(__always) static func isASCIINameCharByMask(_ byte: UInt8) -> Bool {
        byte < 64 ? nameCharLow >> byte & 1 != 0 : nameCharHigh >> (byte & 63) & 1 != 0
    }

    /// One pass over a document: whether every byte is ASCII (so UTF-8 validation can be skipped) and whether no
    /// byte is one the `Char` production refuses (a C0 control other than tab, LF, CR, or the start of
    /// U+FFFE/U+FFFF; for valid UTF-8 this is exactly "every character is a `Char`"). Eight bytes per step.
    static func scan(_ bytes: UnsafeRawBufferPointer) -> (isASCII: Bool, allCharacters: Bool) {
        guard let base = bytes.baseAddress else { return (true, true) }
        let count = bytes.count
        let ones = ByteWord.ones
        let highs = ByteWord.highBits
        var index = 0
        var seen: UInt64 = 0
        var clean = true
        // Only C0 controls are looked for here; U+FFFE/U+FFFF need a non-ASCII byte, so they are looked for below
        // only when one was seen. Four words per step while no control byte shows up.
        let below20: (UInt64) -> UInt64 = { ($0 &- ones &* 0x20) & ~$0 & highs }
        while index &+ 32 <= count {
            let a = base.loadUnaligned(fromByteOffset: index, as: UInt64.self)
            let b = base.loadUnaligned(fromByteOffset: index &+ 8, as: UInt64.self)
            let c = base.loadUnaligned(fromByteOffset: index &+ 16, as: UInt64.self)
            let d = base.loadUnaligned(fromByteOffset: index &+ 24, as: UInt64.self)
            if below20(a) | below20(b) | below20(c) | below20(d) != 0 { break }
            seen |= a | b | c | d
            index &+= 32
        }
        while index &+ 8 <= count {
            let word = base.loadUnaligned(fromByteOffset: index, as: UInt64.self)
            seen |= word
            if (word &- ones &* 0x20) & ~word & highs != 0, clean,
               firstNonCharacter(bytes, from: index, to: index &+ 8) != nil {
                clean = false
            }
            index &+= 8
        }
        while index < count {
            seen |= UInt64(bytes[index])
            index &+= 1
        }
        if clean, firstNonCharacter(bytes, from: count & ~7, to: count) != nil { clean = false }
        let isASCII = seen & highs == 0
        if clean, !isASCII {
            index = 0
            while index &+ 8 <= count {
                let ef = base.loadUnaligned(fromByteOffset: index, as: UInt64.self) ^ (ones &* 0xEF)
                if (ef &- ones) & ~ef & highs != 0, firstNonCharacter(bytes, from: index, to: index &+ 8) != nil {
                    clean = false
                    break
                }
                index &+= 8
            }
        }
        return (isASCII, clean)
    }

    /// The bytewise form of `firstNonCharacter(_:)` over `start..<end`.
    static func firstNonCharacter(_ bytes: UnsafeRawBufferPointer, from start: Int, to end: Int) -> Int? {
        let count = bytes.count
        var index = start
        while index < end {
            let byte = bytes[index]
            if byte < 0x20, byte != 0x09, byte != 0x0A, byte != 0x0D { return index }
            if byte == 0xEF, index &+ 2 < count, bytes[index &+ 1] == 0xBF,
               bytes[index &+ 2] == 0xBE || bytes[index &+ 2] == 0xBF {
                return index
            }
            index &+= 1
        }
        return nil
    }
}
