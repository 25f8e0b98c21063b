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
