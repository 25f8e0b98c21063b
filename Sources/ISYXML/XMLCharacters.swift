/// Character classes of XML 1.0 (5th edition) §2.2–2.3: `Char`, `S`, `NameStartChar`, `NameChar`, over UTF-8 bytes
/// that have already been validated.
enum XMLCharacters {
    /// True for an ASCII `NameStartChar` (letters, `_`, `:`).
    @inline(__always) static func isASCIINameStart(_ byte: UInt8) -> Bool {
        let folded = byte | 0x20
        return (folded >= UInt8(ascii: "a") && folded <= UInt8(ascii: "z")) || byte == UInt8(ascii: "_")
            || byte == UInt8(ascii: ":")
    }

    /// True for an ASCII `NameChar` (name start characters, digits, `-`, `.`).
    @inline(__always) static func isASCIINameChar(_ byte: UInt8) -> Bool {
        isASCIINameStart(byte) || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
            || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".")
    }

    /// True for the `S` production: space, tab, CR, LF.
    @inline(__always) static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x0A || byte == 0x09 || byte == 0x0D
    }

    /// True for a code point the `Char` production allows.
    @inline(__always) static func isChar(_ scalar: UInt32) -> Bool {
        switch scalar {
        case 0x9, 0xA, 0xD: true
        case 0x20...0xD7FF, 0xE000...0xFFFD, 0x10000...0x10FFFF: true
        default: false
        }
    }

    /// True for a non-ASCII `NameStartChar`.
    static func isNameStart(_ scalar: UInt32) -> Bool {
        switch scalar {
        case 0xC0...0xD6, 0xD8...0xF6, 0xF8...0x2FF, 0x370...0x37D, 0x37F...0x1FFF, 0x200C...0x200D,
             0x2070...0x218F, 0x2C00...0x2FEF, 0x3001...0xD7FF, 0xF900...0xFDCF, 0xFDF0...0xFFFD,
             0x10000...0xEFFFF:
            true
        default: false
        }
    }

    /// True for a non-ASCII `NameChar`.
    static func isNameChar(_ scalar: UInt32) -> Bool {
        isNameStart(scalar) || scalar == 0xB7 || (0x300...0x36F).contains(scalar) || (0x203F...0x2040).contains(scalar)
    }

    /// Decodes the scalar starting at `index` of valid UTF-8 and returns it with its length; a truncated or
    /// impossible sequence (never produced after validation) yields U+FFFF, which no class accepts.
    @inline(__always) static func scalar(_ bytes: UnsafeRawBufferPointer, at index: Int) -> (UInt32, Int) {
        let count = bytes.count
        let lead = UInt32(bytes[index])
        if lead < 0x80 { return (lead, 1) }
        func continuation(_ offset: Int) -> UInt32 {
            let position = index &+ offset
            return position < count ? UInt32(bytes[position] & 0x3F) : 0
        }
        if lead < 0xE0 {
            guard index &+ 1 < count else { return (0xFFFF, 1) }
            return (((lead & 0x1F) << 6) | continuation(1), 2)
        }
        if lead < 0xF0 {
            guard index &+ 2 < count else { return (0xFFFF, 1) }
            return (((lead & 0x0F) << 12) | (continuation(1) << 6) | continuation(2), 3)
        }
        guard index &+ 3 < count else { return (0xFFFF, 1) }
        return (((lead & 0x07) << 18) | (continuation(1) << 12) | (continuation(2) << 6) | continuation(3), 4)
    }

    /// Appends the UTF-8 encoding of `scalar` (a valid `Char`) at `output[index...]`; returns the new index.
    @inline(__always) static func encode(_ scalar: UInt32, into output: UnsafeMutableBufferPointer<UInt8>, at index: Int) -> Int {
        var index = index
        func put(_ value: UInt32) {
            if index < output.count { output[index] = UInt8(truncatingIfNeeded: value) }
            index &+= 1
        }
        switch scalar {
        case 0..<0x80:
            put(scalar)
        case 0x80..<0x800:
            put(0xC0 | (scalar >> 6)); put(0x80 | (scalar & 0x3F))
        case 0x800..<0x10000:
            put(0xE0 | (scalar >> 12)); put(0x80 | ((scalar >> 6) & 0x3F)); put(0x80 | (scalar & 0x3F))
        default:
            put(0xF0 | (scalar >> 18)); put(0x80 | ((scalar >> 12) & 0x3F))
            put(0x80 | ((scalar >> 6) & 0x3F)); put(0x80 | (scalar & 0x3F))
        }
        return index
    }
}
