/// A materialised JSON value (RFC 8259), for the dynamic parts of a message that the caller keeps whole, such
/// as Event Streamer event payloads. Numbers keep their literal text (`JSONNumber`), so big integers stay exact.
///
/// Objects keep their members in document order. Duplicate keys are resolved as Python's `json` (and so
/// pydantic behind `json.loads`) resolves them: the last value wins, at the position of the key's first occurrence.
public enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case number(JSONNumber)
    case string(String)
    case array([JSONValue])
    /// Members in document order, keys unique.
    case object([JSONMember])

    /// Parses one whole document (a top-level value and optional whitespace) from `bytes`.
    public static func parse(
        _ bytes: UnsafeRawBufferPointer, limits: JSONLimits = JSONLimits()
    ) throws(JSONReaderError) -> JSONValue {
        var reader = try JSONReader(bytes, limits: limits)
        let value = try reader.readValue()
        try reader.finish()
        return value
    }

    /// Parses one whole document from an array of bytes.
    public static func parse(_ bytes: [UInt8], limits: JSONLimits = JSONLimits()) throws(JSONReaderError) -> JSONValue {
        let result: Result<JSONValue, JSONReaderError> = bytes.withUnsafeBytes { raw in
            do throws(JSONReaderError) { return .success(try parse(raw, limits: limits)) } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }

    /// The kind of this value.
    public var kind: JSONKind {
        switch self {
        case .null: .null
        case .bool: .bool
        case .number: .number
        case .string: .string
        case .array: .array
        case .object: .object
        }
    }

    /// The value of member `key` (compared by code points) when this is an object that has it.
    public subscript(key: String) -> JSONValue? {
        guard case let .object(members) = self else { return nil }
        return members.first(where: { $0.key.utf8.elementsEqual(key.utf8) })?.value
    }
}

/// One member of a JSON object.
public struct JSONMember: Sendable, Equatable {
    public var key: String
    public var value: JSONValue

    public init(_ key: String, _ value: JSONValue) {
        self.key = key
        self.value = value
    }
}
