/// Owned values of the Central messages, for building messages to encode (mock servers, tests) and for reading
/// a decoded view in full (`init(_ view:)` materialises it). `encoded()` gives the bytes the reference
/// serializer gives with `deterministic=True`: fields in number order, proto3 defaults left out, oneof members
/// and present messages written even when empty, map entries with both key and value sorted as upb sorts them,
/// unknown fields kept and written after the known ones.

/// `google.protobuf.Timestamp`.
public struct Timestamp: Sendable, Equatable {
    public var seconds: Int64
    public var nanos: Int32
    public var unknownFields: [UInt8] = []

    public init(seconds: Int64 = 0, nanos: Int32 = 0) {
        self.seconds = seconds
        self.nanos = nanos
    }

    public init(_ view: TimestampView) {
        self.init(seconds: view.seconds, nanos: view.nanos)
        unknownFields = view.message.unknownFields(schema: .timestamp)
    }

    public func encode(into writer: inout ProtobufWriter) {
        if seconds != 0 { writer.writeVarintField(1, UInt64(bitPattern: seconds)) }
        if nanos != 0 { writer.writeVarintField(2, UInt64(bitPattern: Int64(nanos))) }
        writer.writeRaw(unknownFields)
    }
}

/// `google.protobuf.Any`.
public struct AnyMessage: Sendable, Equatable {
    public var typeURL: String
    public var value: [UInt8]
    public var unknownFields: [UInt8] = []

    public init(typeURL: String = "", value: [UInt8] = []) {
        self.typeURL = typeURL
        self.value = value
    }

    public init(_ view: AnyView) {
        self.init(typeURL: view.typeURL.string, value: view.value.bytes)
        unknownFields = view.message.unknownFields(schema: .any)
    }

    public func encode(into writer: inout ProtobufWriter) {
        if !typeURL.isEmpty { writer.writeStringField(1, typeURL) }
        if !value.isEmpty { writer.writeBytesField(2, value) }
        writer.writeRaw(unknownFields)
    }
}

/// `google.protobuf.Value`: one of its kinds, or none.
public indirect enum ProtobufValue: Sendable, Equatable {
    /// No kind set (printed as `null` by the JSON mapping, encoded as an empty message).
    case none
    /// `null_value` (encoded as NULL_VALUE = 0).
    case null
    case number(Double)
    case string(String)
    case bool(Bool)
    case structValue(ProtobufStruct)
    case list([ProtobufValue])

    public init(_ view: ValueView?) {
        switch view?.kind {
        case nil: self = .none
        case .null?: self = .null
        case let .number(value)?: self = .number(value)
        case let .string(text)?: self = .string(text.string)
        case let .bool(flag)?: self = .bool(flag)
        case let .structValue(object)?: self = .structValue(ProtobufStruct(object))
        case let .listValue(list)?: self = .list(list.values.map { ProtobufValue($0) })
        }
    }

    public func encode(into writer: inout ProtobufWriter) {
        switch self {
        case .none: break
        case .null: writer.writeVarintField(1, 0)
        case let .number(value): writer.writeFixed64Field(2, value.bitPattern)
        case let .string(text): writer.writeStringField(3, text)
        case let .bool(flag): writer.writeVarintField(4, flag ? 1 : 0)
        case let .structValue(object): writer.writeMessageField(5) { object.encode(into: &$0) }
        case let .list(values):
            writer.writeMessageField(6) { list in
                for value in values { list.writeMessageField(1) { value.encode(into: &$0) } }
            }
        }
    }

    public static func == (lhs: ProtobufValue, rhs: ProtobufValue) -> Bool {
        switch (lhs, rhs) {
        case (.none, .none), (.null, .null): true
        case let (.number(a), .number(b)): a.bitPattern == b.bitPattern
        case let (.string(a), .string(b)): a == b
        case let (.bool(a), .bool(b)): a == b
        case let (.structValue(a), .structValue(b)): a == b
        case let (.list(a), .list(b)): a == b
        default: false
        }
    }
}

/// `google.protobuf.Struct`: keys in first-seen order, each with its last value.
public struct ProtobufStruct: Sendable, Equatable {
    public var fields: [(key: String, value: ProtobufValue)]

    public init(fields: [(key: String, value: ProtobufValue)] = []) {
        self.fields = fields
    }

    public init(_ view: StructView) {
        var fields: [(key: String, value: ProtobufValue)] = []
        var index: [String: Int] = [:]
        for entry in view.fields {
            let key = entry.key.string
            let value = ProtobufValue(entry.value)
            if let existing = index[key] { fields[existing].value = value } else {
                index[key] = fields.count
                fields.append((key, value))
            }
        }
        self.fields = fields
    }

    public func encode(into writer: inout ProtobufWriter) {
        for (key, value) in fields.sorted(by: { ProtobufWriter.mapKeyPrecedes($0.key, $1.key) }) {
            writer.writeMessageField(1) { entry in
                entry.writeStringField(1, key)
                entry.writeMessageField(2) { value.encode(into: &$0) }
            }
        }
    }

    public static func == (lhs: ProtobufStruct, rhs: ProtobufStruct) -> Bool {
        lhs.fields.count == rhs.fields.count
            && zip(lhs.fields, rhs.fields).allSatisfy { $0.key == $1.key && $0.value == $1.value }
    }
}

/// `cloudevents.v1.CloudEventAttributeValue`.
public enum CloudEventAttributeValue: Sendable, Equatable {
    case none
    case boolean(Bool)
    case integer(Int32)
    case string(String)
    case bytes([UInt8])
    case uri(String)
    case uriRef(String)
    case timestamp(Timestamp)

    public init(_ view: CloudEventAttributeValueView?) {
        switch view?.value {
        case nil: self = .none
        case let .boolean(flag)?: self = .boolean(flag)
        case let .integer(number)?: self = .integer(number)
        case let .string(text)?: self = .string(text.string)
        case let .bytes(bytes)?: self = .bytes(bytes.bytes)
        case let .uri(text)?: self = .uri(text.string)
        case let .uriRef(text)?: self = .uriRef(text.string)
        case let .timestamp(time)?: self = .timestamp(Timestamp(time))
        }
    }

    public func encode(into writer: inout ProtobufWriter) {
        switch self {
        case .none: break
        case let .boolean(flag): writer.writeVarintField(1, flag ? 1 : 0)
        case let .integer(number): writer.writeVarintField(2, UInt64(bitPattern: Int64(number)))
        case let .string(text): writer.writeStringField(3, text)
        case let .bytes(bytes): writer.writeBytesField(4, bytes)
        case let .uri(text): writer.writeStringField(5, text)
        case let .uriRef(text): writer.writeStringField(6, text)
        case let .timestamp(time): writer.writeMessageField(7) { time.encode(into: &$0) }
        }
    }
}

/// `cloudevents.v1.CloudEvent`.
public struct CloudEvent: Sendable, Equatable {
    /// The `data` oneof.
    public enum Data: Sendable, Equatable {
        case binary([UInt8])
        case text(String)
        case proto(AnyMessage)
    }

    public var id = ""
    public var source = ""
    public var specversion = ""
    public var type = ""
    /// The `attributes` map: keys in first-seen order, each with its last value.
    public var attributes: [(key: String, value: CloudEventAttributeValue)] = []
    public var data: Data?
    public var time: Timestamp?
    public var datacontenttype = ""
    public var dataschema = ""
    public var unknownFields: [UInt8] = []

    public init() {}

    public init(_ view: CloudEventView) {
        id = view.id.string
        source = view.source.string
        specversion = view.specversion.string
        type = view.type.string
        var index: [String: Int] = [:]
        for entry in view.attributeEntries {
            let key = entry.key.string
            let value = CloudEventAttributeValue(entry.value)
            if let existing = index[key] { attributes[existing].value = value } else {
                index[key] = attributes.count
                attributes.append((key, value))
            }
        }
        switch view.dataCase {
        case .binaryData?: data = .binary(view.binaryData?.bytes ?? [])
        case .textData?: data = .text(view.textData?.string ?? "")
        case .protoData?: data = view.protoData.map { .proto(AnyMessage($0)) }
        case nil: data = nil
        }
        time = view.time.map(Timestamp.init)
        datacontenttype = view.datacontenttype.string
        dataschema = view.dataschema.string
        unknownFields = view.message.unknownFields(schema: .cloudEvent)
    }

    public func encode(into writer: inout ProtobufWriter) {
        if !id.isEmpty { writer.writeStringField(1, id) }
        if !source.isEmpty { writer.writeStringField(2, source) }
        if !specversion.isEmpty { writer.writeStringField(3, specversion) }
        if !type.isEmpty { writer.writeStringField(4, type) }
        for (key, value) in attributes.sorted(by: { ProtobufWriter.mapKeyPrecedes($0.key, $1.key) }) {
            writer.writeMessageField(5) { entry in
                entry.writeStringField(1, key)
                entry.writeMessageField(2) { value.encode(into: &$0) }
            }
        }
        switch data {
        case let .binary(bytes)?: writer.writeBytesField(6, bytes)
        case let .text(text)?: writer.writeStringField(7, text)
        case let .proto(any)?: writer.writeMessageField(8) { any.encode(into: &$0) }
        case nil: break
        }
        if let time { writer.writeMessageField(9) { time.encode(into: &$0) } }
        if !datacontenttype.isEmpty { writer.writeStringField(10, datacontenttype) }
        if !dataschema.isEmpty { writer.writeStringField(11, dataschema) }
        writer.writeRaw(unknownFields)
    }

    /// The serialized message.
    public func encoded() -> [UInt8] {
        var writer = ProtobufWriter()
        encode(into: &writer)
        return writer.bytes
    }

    public static func == (lhs: CloudEvent, rhs: CloudEvent) -> Bool {
        lhs.id == rhs.id && lhs.source == rhs.source && lhs.specversion == rhs.specversion && lhs.type == rhs.type
            && lhs.attributes.count == rhs.attributes.count
            && zip(lhs.attributes, rhs.attributes).allSatisfy { $0.key == $1.key && $0.value == $1.value }
            && lhs.data == rhs.data && lhs.time == rhs.time && lhs.datacontenttype == rhs.datacontenttype
            && lhs.dataschema == rhs.dataschema && lhs.unknownFields == rhs.unknownFields
    }
}
