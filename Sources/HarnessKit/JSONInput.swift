import Codecs

/// Every JSON document the harness reads (fixture manifests, `--messages` lines, scenario files) goes through
/// the toolkit's strict `JSONReader` (RFC 8259, UTF-8 validated, surrogates checked), never Foundation's
/// `JSONSerialization`, so text such as a raw U+FEFF inside a string reaches the decoder byte for byte.
enum JSONInput {
    /// Parses one whole document; nil when it is not valid JSON.
    static func parse<Bytes: Collection<UInt8>>(_ bytes: Bytes) -> JSONValue? {
        try? JSONValue.parse(Array(bytes))
    }
}

extension JSONValue {
    /// The members when this is an object.
    var objectMembers: [JSONMember]? {
        guard case let .object(members) = self else { return nil }
        return members
    }

    /// The text when this is a string.
    var stringValue: String? {
        guard case let .string(text) = self else { return nil }
        return text
    }

    /// The flag when this is `true` or `false`.
    var boolValue: Bool? {
        guard case let .bool(flag) = self else { return nil }
        return flag
    }

    /// The value when this is an integer literal that fits `Int`.
    var intValue: Int? {
        guard case let .number(number) = self, number.isInteger, let wide = number.int64 else { return nil }
        return Int(exactly: wide)
    }

    /// The value of any number literal as a binary64.
    var doubleValue: Double? {
        guard case let .number(number) = self else { return nil }
        return number.double
    }

    /// The elements when this is an array.
    var arrayValue: [JSONValue]? {
        guard case let .array(elements) = self else { return nil }
        return elements
    }

    /// Scalars as their plain text (strings unquoted, numbers as written, `true`/`false`/`null`), containers as
    /// compact JSON: how a fixture's connection-event fields are kept.
    var plainText: String {
        switch self {
        case let .string(text): return text
        case let .number(number): return number.text
        case let .bool(flag): return flag ? "true" : "false"
        case .null: return "null"
        case .array, .object:
            var writer = JSONWriter()
            writer.value(self)
            return writer.string
        }
    }
}
