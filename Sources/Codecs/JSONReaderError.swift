/// A JSON document that breaks RFC 8259 or a `JSONLimits` bound, or a pull that asked for a different kind of
/// value than the document holds; located at the byte where the fault was detected.
public struct JSONReaderError: CodecError, Equatable {
    /// What went wrong; `code` is derived from it.
    public enum Kind: Sendable, Equatable {
        /// The document ended where a value, key or punctuation was still required (RFC 8259 §2).
        case unexpectedEnd
        /// A byte that cannot appear here; `expected` names what the grammar allows at this point.
        case unexpectedByte(expected: String)
        /// A number that does not match RFC 8259 §6 (leading zero, missing digits, lone `-`, `.`, `e`).
        case invalidNumber
        /// A backslash escape other than the nine of RFC 8259 §7, or `\u` without four hex digits.
        case invalidEscape
        /// A `\uD800`–`\uDFFF` escape that is not half of a high-then-low surrogate pair (RFC 8259 §8.2).
        case loneSurrogate
        /// An unescaped control character (U+0000–U+001F) inside a string (RFC 8259 §7).
        case controlCharacterInString
        /// The document is not well-formed UTF-8 (RFC 8259 §8.1).
        case invalidUTF8
        /// Non-whitespace after the top-level value.
        case trailingData
        /// Arrays/objects nested deeper than `JSONLimits.maxDepth`.
        case depthExceeded(limit: Int)
        /// The document is larger than `JSONLimits.maxDocumentSize`.
        case documentTooLarge(size: Int, limit: Int)
        /// One array or object holds more than `JSONLimits.maxContainerCount` entries.
        case containerTooLarge(limit: Int)
        /// A number literal longer than `JSONLimits.maxNumberLength`.
        case numberTooLong(length: Int, limit: Int)
        /// The caller pulled one kind of value and the document holds another.
        case typeMismatch(expected: JSONKind, found: JSONKind)
        /// An integer pull on a number that is not an integer literal or does not fit the requested type.
        case integerOutOfRange
    }

    public let kind: Kind
    public let offset: Int?

    public init(_ kind: Kind, offset: Int) {
        self.kind = kind
        self.offset = offset
    }

    public var code: String {
        switch kind {
        case .unexpectedEnd: "json-unexpected-end"
        case .unexpectedByte: "json-unexpected-byte"
        case .invalidNumber: "json-invalid-number"
        case .invalidEscape: "json-invalid-escape"
        case .loneSurrogate: "json-lone-surrogate"
        case .controlCharacterInString: "json-control-character"
        case .invalidUTF8: "invalid-utf8"
        case .trailingData: "json-trailing-data"
        case .depthExceeded: "json-depth-exceeded"
        case .documentTooLarge: "json-document-too-large"
        case .containerTooLarge: "json-container-too-large"
        case .numberTooLong: "json-number-too-long"
        case .typeMismatch: "json-type-mismatch"
        case .integerOutOfRange: "json-integer-out-of-range"
        }
    }

    public var message: String {
        switch kind {
        case .unexpectedEnd: "document ends inside a value"
        case let .unexpectedByte(expected): "unexpected byte, expected \(expected)"
        case .invalidNumber: "number does not match the RFC 8259 grammar"
        case .invalidEscape: "invalid escape sequence in string"
        case .loneSurrogate: "unpaired UTF-16 surrogate escape in string"
        case .controlCharacterInString: "unescaped control character in string"
        case .invalidUTF8: "document is not valid UTF-8"
        case .trailingData: "data after the top-level value"
        case let .depthExceeded(limit): "nesting deeper than \(limit)"
        case let .documentTooLarge(size, limit): "document of \(size) bytes exceeds limit of \(limit)"
        case let .containerTooLarge(limit): "array or object with more than \(limit) entries"
        case let .numberTooLong(length, limit): "number of \(length) characters exceeds limit of \(limit)"
        case let .typeMismatch(expected, found): "expected \(expected), found \(found)"
        case .integerOutOfRange: "number is not an integer in the requested range"
        }
    }
}
