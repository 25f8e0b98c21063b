/// Recognition of entity and character references (XML 1.0 §4.1): the five predefined entities and decimal or
/// hexadecimal character references. Shared by the tokenizer (which validates) and the text decoder.
enum XMLReference {
    /// What starts at an `&`.
    enum Match: Equatable {
        /// A well-formed character reference to an allowed code point; `end` is just past the `;`.
        case character(UInt32, end: Int)
        /// A predefined entity (`amp`, `lt`, `gt`, `quot`, `apos`) standing for one ASCII byte.
        case predefined(UInt8, end: Int)
        /// A character reference whose code point is not an XML `Char` (or overflows): always an error.
        case invalidCharacter
        /// `&Name;` naming an entity that is not predefined.
        case undefinedEntity
        /// The `&` starts no reference at all.
        case none
    }

    /// Recognises the reference whose `&` is at `index`, reading no further than `end`.
    static func match(_ bytes: UnsafeRawBufferPointer, at index: Int, end: Int) -> Match {
        var position = index &+ 1
        guard position < end else { return .none }
        if bytes[position] == UInt8(ascii: "#") {
            position &+= 1
            var hex = false
            if position < end, bytes[position] == UInt8(ascii: "x") {
                hex = true
                position &+= 1
            }
            var value: UInt32 = 0
            var digits = 0
            var overflow = false
            while position < end {
                let byte = bytes[position]
                let digit: UInt32
                switch byte {
                case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(byte &- UInt8(ascii: "0"))
                case UInt8(ascii: "a")...UInt8(ascii: "f") where hex: digit = UInt32(byte &- UInt8(ascii: "a") &+ 10)
                case UInt8(ascii: "A")...UInt8(ascii: "F") where hex: digit = UInt32(byte &- UInt8(ascii: "A") &+ 10)
                default: digit = 0xFF
                }
                if digit == 0xFF { break }
                value = value &* (hex ? 16 : 10) &+ digit
                if value > 0x10FFFF { overflow = true; value = 0x110000 }
                digits &+= 1
                position &+= 1
            }
            guard digits > 0, position < end, bytes[position] == UInt8(ascii: ";") else { return .none }
            guard !overflow, XMLCharacters.isChar(value) else { return .invalidCharacter }
            return .character(value, end: position &+ 1)
        }
        let nameStart = position
        while position < end, position &- nameStart <= 5 {
            let byte = bytes[position]
            if byte == UInt8(ascii: ";") { break }
            position &+= 1
        }
        if position < end, bytes[position] == UInt8(ascii: ";") {
            let length = position &- nameStart
            let replacement: UInt8? = switch length {
            case 2 where bytes[nameStart] == UInt8(ascii: "l") && bytes[nameStart &+ 1] == UInt8(ascii: "t"): UInt8(ascii: "<")
            case 2 where bytes[nameStart] == UInt8(ascii: "g") && bytes[nameStart &+ 1] == UInt8(ascii: "t"): UInt8(ascii: ">")
            case 3 where equals(bytes, nameStart, "amp"): UInt8(ascii: "&")
            case 4 where equals(bytes, nameStart, "quot"): UInt8(ascii: "\"")
            case 4 where equals(bytes, nameStart, "apos"): UInt8(ascii: "'")
            default: nil
            }
            if let replacement { return .predefined(replacement, end: position &+ 1) }
        }
        // Not predefined: is it at least shaped like `&Name;`?
        position = nameStart
        guard position < end else { return .none }
        var first = true
        while position < end {
            let byte = bytes[position]
            if byte == UInt8(ascii: ";") { return first ? .none : .undefinedEntity }
            let (scalar, length) = XMLCharacters.scalar(bytes, at: position)
            let ok: Bool
            if scalar < 0x80 {
                let byte = UInt8(truncatingIfNeeded: scalar)
                ok = first ? XMLCharacters.isASCIINameStart(byte) : XMLCharacters.isASCIINameChar(byte)
            } else {
                ok = first ? XMLCharacters.isNameStart(scalar) : XMLCharacters.isNameChar(scalar)
            }
            guard ok else { return .none }
            first = false
            position &+= length
        }
        return .none
    }

    @inline(__always) static func equals(_ bytes: UnsafeRawBufferPointer, _ start: Int, _ word: StaticString) -> Bool {
        let count = word.utf8CodeUnitCount
        guard start &+ count <= bytes.count else { return false }
        let pointer = word.utf8Start
        for offset in 0..<count where bytes[start &+ offset] != pointer[offset] { return false }
        return true
    }

    /// True when `range` holds exactly `word` (lowercase ASCII), comparing ASCII letters case-insensitively.
    @inline(__always) static func equalsFoldingCase(_ bytes: UnsafeRawBufferPointer, _ range: Range<Int>, _ word: StaticString) -> Bool {
        let count = word.utf8CodeUnitCount
        guard range.count == count, range.upperBound <= bytes.count, range.lowerBound >= 0 else { return false }
        let pointer = word.utf8Start
        for offset in 0..<count where bytes[range.lowerBound &+ offset] | 0x20 != pointer[offset] { return false }
        return true
    }

    /// `equals(_:_:_:)` eight bytes per step, for longer literals.
    @inline(__always) static func equalsByWords(_ bytes: UnsafeRawBufferPointer, _ start: Int, _ word: StaticString) -> Bool {
        let count = word.utf8CodeUnitCount
        guard start >= 0, start &+ count <= bytes.count, let base = bytes.baseAddress else { return false }
        let literal = UnsafeRawPointer(word.utf8Start)
        var offset = 0
        while offset &+ 8 <= count {
            guard base.loadUnaligned(fromByteOffset: start &+ offset, as: UInt64.self)
                    == literal.loadUnaligned(fromByteOffset: offset, as: UInt64.self) else { return false }
            offset &+= 8
        }
        while offset < count {
            guard base.load(fromByteOffset: start &+ offset, as: UInt8.self)
                    == literal.load(fromByteOffset: offset, as: UInt8.self) else { return false }
            offset &+= 1
        }
        return true
    }
}
