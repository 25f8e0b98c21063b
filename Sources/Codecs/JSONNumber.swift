/// A JSON number kept as its literal text (RFC 8259 §6), so nothing is lost: 64-bit integers are read exactly,
/// larger integers stay exact as text, and `double` gives the nearest binary64 only when asked.
public struct JSONNumber: Sendable, Hashable, CustomStringConvertible {
    /// The literal exactly as it appeared in the document (grammar-checked).
    public let text: String
    /// True for an integer literal: no fraction and no exponent (`-12`, not `-12.0` or `1e3`).
    public let isInteger: Bool

    /// Wraps a literal the reader has already validated.
    init(validatedText: String, isInteger: Bool) {
        self.text = validatedText
        self.isInteger = isInteger
    }

    /// A number for an integer value (for encoders and tests).
    public init<T: BinaryInteger>(_ value: T) {
        self.text = String(value)
        self.isInteger = true
    }

    /// Parses `literal` against the RFC 8259 number grammar; nil when it does not match.
    public init?(literal: String) {
        var literal = literal
        let result: (Int, Bool)? = literal.withUTF8 { bytes in
            guard let scanned = try? JSONReader.scanNumber(UnsafeRawBufferPointer(bytes), from: 0, baseOffset: 0),
                  scanned.end == bytes.count else { return nil }
            return (scanned.end, scanned.isInteger)
        }
        guard let (_, isInteger) = result else { return nil }
        self.text = literal
        self.isInteger = isInteger
    }

    public var description: String { text }

    /// The exact value when the literal is an integer in `Int64`'s range, else nil.
    public var int64: Int64? {
        guard isInteger else { return nil }
        var text = text
        return text.withUTF8 { JSONNumber.parseInt64(UnsafeRawBufferPointer($0)) }
    }

    /// The exact value when the literal is a non-negative integer in `UInt64`'s range, else nil.
    public var uint64: UInt64? {
        guard isInteger else { return nil }
        var text = text
        return text.withUTF8 { JSONNumber.parseUInt64(UnsafeRawBufferPointer($0)) }
    }

    /// The nearest `Double` (correctly rounded); ±infinity when the magnitude overflows, ±0 on underflow.
    public var double: Double { Double(text) ?? .nan }

    /// Exact `Int64` of a validated integer literal, or nil on overflow.
    static func parseInt64(_ bytes: UnsafeRawBufferPointer) -> Int64? {
        guard !bytes.isEmpty else { return nil }
        let negative = bytes[0] == UInt8(ascii: "-")
        var index = negative ? 1 : 0
        var value: Int64 = 0
        while index < bytes.count {
            let digit = Int64(bytes[index] &- UInt8(ascii: "0"))
            let (shifted, overflow1) = value.multipliedReportingOverflow(by: 10)
            let (next, overflow2) = negative
                ? shifted.subtractingReportingOverflow(digit) : shifted.addingReportingOverflow(digit)
            if overflow1 || overflow2 { return nil }
            value = next
            index &+= 1
        }
        return value
    }

    /// Exact `UInt64` of a validated integer literal, or nil when negative (other than `-0`) or too large.
    static func parseUInt64(_ bytes: UnsafeRawBufferPointer) -> UInt64? {
        guard !bytes.isEmpty else { return nil }
        var index = 0
        if bytes[0] == UInt8(ascii: "-") {
            // Only "-0" is a non-negative value with a minus sign.
            return bytes.count == 2 && bytes[1] == UInt8(ascii: "0") ? 0 : nil
        }
        var value: UInt64 = 0
        while index < bytes.count {
            let digit = UInt64(bytes[index] &- UInt8(ascii: "0"))
            let (shifted, overflow1) = value.multipliedReportingOverflow(by: 10)
            let (next, overflow2) = shifted.addingReportingOverflow(digit)
            if overflow1 || overflow2 { return nil }
            value = next
            index &+= 1
        }
        return value
    }
}
