/// The lexical layer of `JSONReader`: whitespace, literals, strings (escapes, surrogates, control characters)
/// and numbers, each checked against RFC 8259 as it is scanned.
extension JSONReader {
    func error(_ kind: JSONReaderError.Kind) -> JSONReaderError {
        JSONReaderError(kind, offset: baseOffset &+ position)
    }

    /// Whether `byte` is JSON whitespace (RFC 8259 §2: space, tab, LF, CR).
    @inline(__always) static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09
    }

    @inline(__always) mutating func skipWhitespace() {
        while position < bytes.count, Self.isWhitespace(bytes[position]) { position &+= 1 }
    }

    /// Skips whitespace and returns the next byte without consuming it.
    @inline(__always) mutating func nextNonWhitespace() throws(JSONReaderError) -> UInt8 {
        skipWhitespace()
        guard position < bytes.count else { throw error(.unexpectedEnd) }
        return bytes[position]
    }

    /// The kind of value a byte starts, or nil when no value starts with it.
    @inline(__always) static func kind(startingWith byte: UInt8) -> JSONKind? {
        switch byte {
        case UInt8(ascii: "{"): .object
        case UInt8(ascii: "["): .array
        case UInt8(ascii: "\""): .string
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): .number
        case UInt8(ascii: "t"), UInt8(ascii: "f"): .bool
        case UInt8(ascii: "n"): .null
        default: nil
        }
    }

    /// Skips whitespace and checks that a value of `expected` kind starts here.
    @inline(__always) mutating func expectValue(_ expected: JSONKind) throws(JSONReaderError) {
        let byte = try nextNonWhitespace()
        guard let found = Self.kind(startingWith: byte) else {
            throw error(.unexpectedByte(expected: "a value"))
        }
        guard found == expected else { throw error(.typeMismatch(expected: expected, found: found)) }
    }

    /// Enters a container whose opening byte is at `position` (the caller consumes it).
    @inline(__always) mutating func open() throws(JSONReaderError) {
        guard depth < limits.maxDepth else { throw error(.depthExceeded(limit: limits.maxDepth)) }
        depth &+= 1
        justOpened = true
    }

    @inline(__always) mutating func close() {
        depth &-= 1
        justOpened = false
    }

    func checkCount(_ count: Int) throws(JSONReaderError) {
        guard count <= limits.maxContainerCount else { throw error(.containerTooLarge(limit: limits.maxContainerCount)) }
    }

    /// Consumes the keyword `word` (`true`, `false`, `null`) at `position`.
    mutating func literal(_ word: StaticString) throws(JSONReaderError) {
        let count = word.utf8CodeUnitCount
        let start = word.utf8Start
        var index = 0
        while index < count {
            guard position &+ index < bytes.count else {
                position &+= index
                throw error(.unexpectedEnd)
            }
            guard bytes[position &+ index] == start[index] else {
                position &+= index
                throw error(.unexpectedByte(expected: "'\(word)'"))
            }
            index &+= 1
        }
        position &+= count
    }

    // MARK: Strings

    /// Bytes of a word that need a closer look inside a string: `"`, `\` or a control character.
    /// The high bit of a byte is set in the result when it may need a look; the lowest set one is always a
    /// real `"`, `\` or control byte (a borrow only carries upward from a real one), so the scan can jump there.
    @inline(__always) static func specialBytes(_ word: UInt64) -> UInt64 {
        let ones = ByteWord.ones
        let high = ByteWord.highBits
        let quote = word ^ (ones &* 0x22)
        let backslash = word ^ (ones &* 0x5C)
        let zeroQuote = (quote &- ones) & ~quote
        let zeroBackslash = (backslash &- ones) & ~backslash
        let below20 = (word &- ones &* 0x20) & ~word
        return (zeroQuote | zeroBackslash | below20) & high
    }

    /// Scans a string whose opening quote is at `position`; leaves `position` after the closing quote.
    @inline(__always) mutating func scanString() throws(JSONReaderError) -> JSONString {
        let start = position &+ 1
        var index = start
        var hasEscapes = false
        let count = bytes.count
        guard let base = bytes.baseAddress else { throw error(.unexpectedEnd) }
        while true {
            while index &+ 8 <= count {
                let word = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: index, as: UInt64.self))
                let special = Self.specialBytes(word)
                if special != 0 {
                    index &+= special.trailingZeroBitCount &>> 3
                    break
                }
                index &+= 8
            }
            guard index < count else {
                position = index
                throw error(.unexpectedEnd)
            }
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                position = index &+ 1
                return JSONString(rawBytes: UnsafeRawBufferPointer(rebasing: bytes[start..<index]), hasEscapes: hasEscapes)
            }
            if byte == UInt8(ascii: "\\") {
                hasEscapes = true
                index = try scanEscape(at: index)
                continue
            }
            if byte < 0x20 {
                position = index
                throw error(.controlCharacterInString)
            }
            index &+= 1
        }
    }

    /// Validates the escape whose backslash is at `index`; returns the index after it (and after the low half of
    /// a surrogate pair).
    mutating func scanEscape(at index: Int) throws(JSONReaderError) -> Int {
        guard index &+ 1 < bytes.count else {
            position = bytes.count
            throw error(.unexpectedEnd)
        }
        switch bytes[index &+ 1] {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"),
             UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
            return index &+ 2
        case UInt8(ascii: "u"):
            let unit = try hex4(at: index &+ 2)
            if unit >= 0xDC00, unit <= 0xDFFF {
                position = index
                throw error(.loneSurrogate)
            }
            guard unit >= 0xD800, unit <= 0xDBFF else { return index &+ 6 }
            let next = index &+ 6
            guard next &+ 1 < bytes.count, bytes[next] == UInt8(ascii: "\\"), bytes[next &+ 1] == UInt8(ascii: "u") else {
                position = index
                throw error(.loneSurrogate)
            }
            let low = try hex4(at: next &+ 2)
            guard low >= 0xDC00, low <= 0xDFFF else {
                position = index
                throw error(.loneSurrogate)
            }
            return next &+ 6
        default:
            position = index
            throw error(.invalidEscape)
        }
    }

    /// The value of four hex digits at `index` (after `\u`).
    mutating func hex4(at index: Int) throws(JSONReaderError) -> UInt32 {
        var value: UInt32 = 0
        var offset = 0
        while offset < 4 {
            guard index &+ offset < bytes.count else {
                position = bytes.count
                throw error(.unexpectedEnd)
            }
            let byte = bytes[index &+ offset]
            let digit: UInt32
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(byte &- UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(byte &- UInt8(ascii: "a") &+ 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(byte &- UInt8(ascii: "A") &+ 10)
            default:
                position = index &+ offset
                throw error(.invalidEscape)
            }
            value = (value << 4) | digit
            offset &+= 1
        }
        return value
    }

    // MARK: Numbers

    /// Skips whitespace, checks a number starts here, scans it and enforces the length limit.
    mutating func scanNumberValue() throws(JSONReaderError) -> (start: Int, end: Int, isInteger: Bool) {
        try expectValue(.number)
        let start = position
        let scanned = try Self.scanNumber(bytes, from: start, baseOffset: baseOffset)
        let length = scanned.end &- start
        guard length <= limits.maxNumberLength else {
            throw error(.numberTooLong(length: length, limit: limits.maxNumberLength))
        }
        position = scanned.end
        return (start, scanned.end, scanned.isInteger)
    }

    @inline(__always) static func isDigit(_ byte: UInt8) -> Bool {
        byte &- UInt8(ascii: "0") < 10
    }

    /// Matches `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?` (RFC 8259 §6) starting at `from`.
    static func scanNumber(
        _ bytes: UnsafeRawBufferPointer, from: Int, baseOffset: Int
    ) throws(JSONReaderError) -> (end: Int, isInteger: Bool) {
        let count = bytes.count
        var index = from
        var isInteger = true
        func fail(_ at: Int) -> JSONReaderError { JSONReaderError(.invalidNumber, offset: baseOffset &+ at) }
        if index < count, bytes[index] == UInt8(ascii: "-") { index &+= 1 }
        guard index < count, isDigit(bytes[index]) else { throw fail(index) }
        if bytes[index] == UInt8(ascii: "0") {
            index &+= 1
            if index < count, isDigit(bytes[index]) { throw fail(index) }
        } else {
            while index < count, isDigit(bytes[index]) { index &+= 1 }
        }
        if index < count, bytes[index] == UInt8(ascii: ".") {
            isInteger = false
            index &+= 1
            guard index < count, isDigit(bytes[index]) else { throw fail(index) }
            while index < count, isDigit(bytes[index]) { index &+= 1 }
        }
        if index < count, bytes[index] | 0x20 == UInt8(ascii: "e") {
            isInteger = false
            index &+= 1
            if index < count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index &+= 1 }
            guard index < count, isDigit(bytes[index]) else { throw fail(index) }
            while index < count, isDigit(bytes[index]) { index &+= 1 }
        }
        return (index, isInteger)
    }
}
