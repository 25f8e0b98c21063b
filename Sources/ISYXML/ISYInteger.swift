import Codecs
/// Integer parsing for eisy attribute and field text with the rules pyisyox applies through Python's `int()`:
/// surrounding whitespace ignored, an optional sign, decimal digits with single `_` between them. Values that do
/// not fit in `Int` give nil (pyisyox would keep them as big integers).
enum ISYInteger {
    static func parse(_ bytes: UnsafeRawBufferPointer, radix: Int = 10) -> Int? {
        var start = 0
        var end = bytes.count
        while start < end, isSpace(bytes[start]) { start &+= 1 }
        while end > start, isSpace(bytes[end &- 1]) { end &-= 1 }
        guard start < end else { return nil }
        var negative = false
        if bytes[start] == UInt8(ascii: "-") || bytes[start] == UInt8(ascii: "+") {
            negative = bytes[start] == UInt8(ascii: "-")
            start &+= 1
        }
        guard start < end else { return nil }
        var value = 0
        var previousWasDigit = false
        for index in start..<end {
            let byte = bytes[index]
            if byte == UInt8(ascii: "_") {
                guard previousWasDigit, index &+ 1 < end else { return nil }
                previousWasDigit = false
                continue
            }
            let digit: Int
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = Int(byte &- UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = Int(byte &- UInt8(ascii: "a")) &+ 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = Int(byte &- UInt8(ascii: "A")) &+ 10
            default: return nil
            }
            guard digit < radix else { return nil }
            let (shifted, overflow1) = value.multipliedReportingOverflow(by: radix)
            let (added, overflow2) = negative ? shifted.subtractingReportingOverflow(digit)
                                              : shifted.addingReportingOverflow(digit)
            guard !overflow1, !overflow2 else { return nil }
            value = added
            previousWasDigit = true
        }
        guard previousWasDigit else { return nil }
        return value
    }

    /// `parse` for the common shape, one to eight ASCII digits and nothing else, read as one word; nil for any
    /// other shape (the caller then uses `parse`). Eight bytes from `start` must be readable.
    @inline(__always) static func parseShortDecimal(_ base: UnsafeRawPointer, at start: Int, count: Int) -> Int? {
        guard count >= 1, count <= 8 else { return nil }
        let shift = UInt64(8 &- count) &* 8
        // The digits move to the top `count` bytes (first digit lowest); the bytes below become leading zeros.
        let digits = (XMLByteWords.load(base, start) << shift) ^ ((ByteWord.ones &* 0x30) << shift)
        let highs = ByteWord.highBits
        guard (((digits & ~highs) &+ ByteWord.ones &* 0x76) | digits) & highs == 0 else { return nil }
        let pairs = (digits &* 10) &+ (digits >> 8)
        let low: UInt64 = 0x0000_00FF_0000_00FF
        let value = ((pairs & low) &* (100 &+ (1_000_000 << 32)) &+ ((pairs >> 16) & low) &* (1 &+ (10_000 << 32))) >> 32
        return Int(truncatingIfNeeded: value)
    }

    /// Python's `str.strip()` whitespace, restricted to ASCII (the only kind an attribute value keeps raw).
    @inline(__always) static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || (0x09...0x0D).contains(byte) || (0x1C...0x1F).contains(byte)
    }
}
