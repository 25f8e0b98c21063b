import Codecs

/// pydantic 2's lax ("python mode") coercions for the SDK models' `int`, `bool` and `str` fields, applied to what
/// Python's `json.loads` produced: the SDK validates with `Model(**data)`, so e.g. `"5"` and `5.0` are valid ints.
enum LaxCoercion {
    /// Python's default limit on digits in an int parsed from text (`sys.get_int_max_str_digits()`).
    static let maxIntegerDigits = 4300

    /// pydantic `int`: integers exactly; integral finite floats within Int64; `true`/`false` as 1/0; strings of
    /// ASCII digits with optional sign, single underscores between digits, surrounding whitespace, and a `.000`
    /// tail. Nil when pydantic rejects the value.
    static func integer(_ reader: inout JSONReader) throws(JSONReaderError) -> JSONNumber? {
        switch try reader.peek() {
        case .number:
            let number = try reader.readNumber()
            // RFC 8259 allows no leading zeros, so only `-0` differs from how Python prints the int.
            if number.isInteger { return number.text.utf8.count == 2 && number.text == "-0" ? JSONNumber(0) : number }
            let value = number.double
            guard value.isFinite, value == value.rounded(.towardZero),
                  value >= -9.223372036854775808e18, value < 9.223372036854775808e18 else { return nil }
            return JSONNumber(Int64(value))
        case .bool:
            return JSONNumber(try reader.readBool() ? 1 : 0)
        case .string:
            return integer(fromText: try reader.readString().string)
        default:
            try reader.skipValue()
            return nil
        }
    }

    /// An integer literal without `-0` or leading zeros (Python's `int` prints it so).
    static func canonicalInteger(_ text: String) -> JSONNumber? {
        var digits = Substring(text)
        var negative = false
        if digits.first == "-" {
            negative = true
            digits = digits.dropFirst()
        }
        while digits.count > 1, digits.first == "0" { digits = digits.dropFirst() }
        if digits == "0" { negative = false }
        return JSONNumber(literal: (negative ? "-" : "") + digits)
    }

    /// pydantic's str→int: strip whitespace, drop a `.0…0` tail, then Python `int()` syntax (ASCII digits).
    static func integer(fromText text: String) -> JSONNumber? {
        var scalars = Substring(text).unicodeScalars[...]
        while let first = scalars.first, first.properties.isWhitespace { scalars = scalars.dropFirst() }
        while let last = scalars.last, last.properties.isWhitespace { scalars = scalars.dropLast() }
        var body = Array(String(String.UnicodeScalarView(scalars)).utf8)
        if let dot = body.firstIndex(of: UInt8(ascii: ".")) {
            let tail = body[(dot + 1)...]
            guard !tail.isEmpty, tail.allSatisfy({ $0 == UInt8(ascii: "0") }) else { return nil }
            body.removeSubrange(dot...)
        }
        var negative = false
        var index = 0
        if let sign = body.first, sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") {
            negative = sign == UInt8(ascii: "-")
            index = 1
        }
        var digits: [UInt8] = []
        var previousWasDigit = false
        while index < body.count {
            let byte = body[index]
            if byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") {
                digits.append(byte)
                previousWasDigit = true
            } else if byte == UInt8(ascii: "_"), previousWasDigit, index + 1 < body.count {
                previousWasDigit = false
            } else {
                return nil
            }
            index += 1
        }
        guard previousWasDigit, !digits.isEmpty, digits.count <= maxIntegerDigits else { return nil }
        return canonicalInteger((negative ? "-" : "") + String(decoding: digits, as: UTF8.self))
    }

    /// pydantic `bool`: booleans; 0/1 as integers or floats; the strings 0/1/f/t/n/y/no/yes/off/on/false/true in
    /// any ASCII case. Nil when pydantic rejects the value.
    static func bool(_ reader: inout JSONReader) throws(JSONReaderError) -> Bool? {
        switch try reader.peek() {
        case .bool: return try reader.readBool()
        case .number:
            let number = try reader.readNumber()
            if number.isInteger {
                switch number.int64 {
                case 0: return false
                case 1: return true
                default: return nil
                }
            }
            let value = number.double
            return value == 0 ? false : value == 1 ? true : nil
        case .string:
            switch try reader.readString().string.lowercased() {
            case "0", "off", "f", "false", "n", "no": return false
            case "1", "on", "t", "true", "y", "yes": return true
            default: return nil
            }
        default:
            try reader.skipValue()
            return nil
        }
    }

    /// pydantic `str`: JSON strings only (numbers and booleans are not coerced).
    static func string(_ reader: inout JSONReader) throws(JSONReaderError) -> String? {
        guard try reader.peek() == .string else { return nil }
        return try reader.readString().string
    }
}
