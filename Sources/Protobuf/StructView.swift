import Codecs

/// A decoded `google.protobuf.Struct`: a map from string keys to `Value`s.
public struct StructView: Sendable, MapValueView {
    public let message: MessageView
    public init(_ message: MessageView) { self.message = message }

    /// Decodes and validates a standalone Struct.
    public static func decode(_ bytes: ProtobufBytes, limits: ProtobufLimits = ProtobufLimits()) throws(ProtobufError) -> StructView {
        try MessageValidator.validate(bytes, schema: .structValue, limits: limits)
        return StructView(MessageView(bytes))
    }

    /// The `fields` map entries in wire order (the last entry for a key wins).
    public var fields: MapEntriesView<ValueView> { MapEntriesView(message: message, field: 1) }
}

/// A decoded `google.protobuf.Value` (its `kind` oneof).
public struct ValueView: Sendable, MapValueView {
    public let message: MessageView
    public init(_ message: MessageView) { self.message = message }

    /// Decodes and validates a standalone Value.
    public static func decode(_ bytes: ProtobufBytes, limits: ProtobufLimits = ProtobufLimits()) throws(ProtobufError) -> ValueView {
        try MessageValidator.validate(bytes, schema: .value, limits: limits)
        return ValueView(MessageView(bytes))
    }

    static let kindOneof = OneofMembers(varint: [1, 4], fixed64: [2], lengthDelimited: [3, 5, 6])

    /// The kind set; nil when none is (the JSON mapping prints that as `null` too).
    public enum Kind: Sendable {
        /// `null_value` with its enum number (any number is kept, proto3 enums are open).
        case null(Int32)
        case number(Double)
        case string(ProtobufString)
        case bool(Bool)
        case structValue(StructView)
        case listValue(ListValueView)
    }

    /// Found in one scan: the member set last, its value, and how many of its occurrences follow the last other
    /// member (several, for a Struct or ListValue, merge: read by `MessageView.message`).
    public var kind: Kind? {
        var member: UInt32 = 0
        var scalar: UInt64 = 0
        var payload = 0..<0
        var run = 0
        message.scan { number, wireType, reader in
            guard Self.kindOneof.contains(number, wireType) else { return true }
            switch wireType {
            case .varint: scalar = (try? reader.readVarint()) ?? 0
            case .fixed64: scalar = (try? reader.readFixed64()) ?? 0
            default:
                guard let range = try? reader.readLengthDelimited() else { return false }
                payload = range
            }
            run = number == member ? run &+ 1 : 1
            member = number
            return true
        }
        let storage = message.bytes.storage
        switch member {
        case 1: return .null(Int32(truncatingIfNeeded: scalar))
        case 2: return .number(Double(bitPattern: scalar))
        case 3: return .string(ProtobufString(utf8: ProtobufBytes(storage: storage, range: payload)))
        case 4: return .bool(scalar != 0)
        case 5, 6:
            let value = run == 1 ? MessageView(ProtobufBytes(storage: storage, range: payload))
                : message.message(member, oneof: Self.kindOneof)
            guard let value else { return nil }
            return member == 5 ? .structValue(StructView(value)) : .listValue(ListValueView(value))
        default: return nil
        }
    }
}

/// A decoded `google.protobuf.ListValue`.
public struct ListValueView: Sendable, MapValueView {
    public let message: MessageView
    public init(_ message: MessageView) { self.message = message }

    /// Decodes and validates a standalone ListValue.
    public static func decode(_ bytes: ProtobufBytes, limits: ProtobufLimits = ProtobufLimits()) throws(ProtobufError) -> ListValueView {
        try MessageValidator.validate(bytes, schema: .listValue, limits: limits)
        return ListValueView(MessageView(bytes))
    }

    public var values: RepeatedMessageView<ValueView> { RepeatedMessageView(occurrences: message.repeated(1)) }
}
