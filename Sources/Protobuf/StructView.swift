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

    public var kind: Kind? {
        switch message.oneofCase(Self.kindOneof) {
        case 1: .null(Int32(truncatingIfNeeded: message.varint(1) ?? 0))
        case 2: .number(Double(bitPattern: message.fixed64(2) ?? 0))
        case 3: .string(message.string(3))
        case 4: .bool((message.varint(4) ?? 0) != 0)
        case 5: message.message(5, oneof: Self.kindOneof).map { .structValue(StructView($0)) }
        case 6: message.message(6, oneof: Self.kindOneof).map { .listValue(ListValueView($0)) }
        default: nil
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
