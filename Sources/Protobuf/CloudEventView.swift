import Codecs

/// A decoded `cloudevents.v1.CloudEvent` (the envelope of every Aruba Central streaming message): a zero-copy
/// view whose fields are read from the validated bytes on access.
public struct CloudEventView: Sendable {
    /// The validated message.
    public var message: MessageView { fields.message }
    /// The message and the index of its fields that the validating pass recorded.
    var fields: IndexedMessageView

    /// The `data` oneof: which member is set, if any.
    public enum DataCase: Sendable, Equatable {
        case binaryData, textData, protoData
    }

    static let dataOneof = OneofMembers(lengthDelimited: [6, 7, 8])

    /// Decodes and validates `bytes` as a CloudEvent (the whole tree except `proto_data.value`, which is opaque
    /// bytes until its own decoder runs, as in the reference).
    public static func decode(_ bytes: ProtobufBytes, limits: ProtobufLimits = ProtobufLimits()) throws(ProtobufError) -> CloudEventView {
        var view = CloudEventView(fields: IndexedMessageView(MessageView(bytes), index: FieldIndex()))
        try MessageValidator.validate(bytes, schema: .cloudEvent, limits: limits, index: &view.fields.index)
        return view
    }

    /// Decodes a whole array (retained, not copied).
    public static func decode(_ bytes: [UInt8], limits: ProtobufLimits = ProtobufLimits()) throws(ProtobufError) -> CloudEventView {
        try decode(ProtobufBytes(bytes), limits: limits)
    }

    public var id: ProtobufString { fields.string(1) }
    public var source: ProtobufString { fields.string(2) }
    public var specversion: ProtobufString { fields.string(3) }
    public var type: ProtobufString { fields.string(4) }
    public var datacontenttype: ProtobufString { fields.string(10) }
    public var dataschema: ProtobufString { fields.string(11) }

    /// The `attributes` map entries in wire order (duplicates included; the last one for a key wins).
    public var attributeEntries: MapEntriesView<CloudEventAttributeValueView> {
        MapEntriesView(message: message, field: 5)
    }

    /// Which `data` member is set.
    public var dataCase: DataCase? {
        switch fields.oneofCase(Self.dataOneof) {
        case 6: .binaryData
        case 7: .textData
        case 8: .protoData
        default: nil
        }
    }

    /// `binary_data`, when it is the `data` member set.
    public var binaryData: ProtobufBytes? {
        dataCase == .binaryData ? fields.lengthDelimited(6) : nil
    }

    /// `text_data`, when it is the `data` member set.
    public var textData: ProtobufString? {
        dataCase == .textData ? fields.string(7) : nil
    }

    /// `proto_data`, when it is the `data` member set.
    public var protoData: AnyView? {
        fields.message(8, oneof: Self.dataOneof).map(AnyView.init)
    }

    /// `time`, when present.
    public var time: TimestampView? { fields.message(9).map(TimestampView.init) }
}

/// A decoded `google.protobuf.Any`: a type URL and the serialized message it names.
public struct AnyView: Sendable {
    public let message: MessageView

    init(_ message: MessageView) {
        self.message = message
    }

    public var typeURL: ProtobufString { message.string(1) }
    /// The serialized payload (opaque until decoded with the type the URL names).
    public var value: ProtobufBytes { message.lengthDelimited(2) ?? ProtobufBytes([]) }

    /// The fully qualified type name: the part of the URL after its last `/`.
    public var typeName: ProtobufString {
        let url = typeURL.utf8
        var start = url.range.lowerBound
        for index in url.range where url.storage[index] == UInt8(ascii: "/") { start = index &+ 1 }
        return ProtobufString(utf8: ProtobufBytes(storage: url.storage, range: start..<url.range.upperBound))
    }

    /// Decodes the payload with the decoder the type URL selects.
    public func decodePayload(limits: ProtobufLimits = ProtobufLimits()) throws(ProtobufError) -> AnyPayload {
        let name = typeName
        if name == "audittrail.AuditTrail" { return .auditTrail(try AuditTrailView.decode(value, limits: limits)) }
        if name == "google.protobuf.Struct" { return .structValue(try StructView.decode(value, limits: limits)) }
        if name == "google.protobuf.Value" { return .value(try ValueView.decode(value, limits: limits)) }
        if name == "google.protobuf.ListValue" { return .listValue(try ListValueView.decode(value, limits: limits)) }
        if name == "google.protobuf.Timestamp" { return .timestamp(try TimestampView.decode(value, limits: limits)) }
        throw ProtobufError(.unknownAnyType(length: typeURL.utf8.count), offset: typeURL.utf8.range.lowerBound)
    }
}

/// A payload decoded from an `Any` by its type URL.
public enum AnyPayload: Sendable {
    case auditTrail(AuditTrailView)
    case structValue(StructView)
    case value(ValueView)
    case listValue(ListValueView)
    case timestamp(TimestampView)
}

/// A decoded `google.protobuf.Timestamp`.
public struct TimestampView: Sendable {
    public let message: MessageView

    init(_ message: MessageView) {
        self.message = message
    }

    /// Decodes and validates a standalone Timestamp.
    public static func decode(_ bytes: ProtobufBytes, limits: ProtobufLimits = ProtobufLimits()) throws(ProtobufError) -> TimestampView {
        try MessageValidator.validate(bytes, schema: .timestamp, limits: limits)
        return TimestampView(MessageView(bytes))
    }

    /// Seconds since the Unix epoch (int64).
    public var seconds: Int64 { Int64(bitPattern: message.varint(1) ?? 0) }
    /// Nanoseconds within the second (int32, truncated from the varint as protobuf does).
    public var nanos: Int32 { Int32(truncatingIfNeeded: message.varint(2) ?? 0) }
}

/// A decoded `cloudevents.v1.CloudEventAttributeValue` (its `value` oneof).
public struct CloudEventAttributeValueView: Sendable, MapValueView {
    public let message: MessageView

    public init(_ message: MessageView) {
        self.message = message
    }

    static let valueOneof = OneofMembers(varint: [1, 2], lengthDelimited: [3, 4, 5, 6, 7])

    /// The member set, or nil for an empty value.
    public enum Value: Sendable {
        case boolean(Bool)
        case integer(Int32)
        case string(ProtobufString)
        case bytes(ProtobufBytes)
        case uri(ProtobufString)
        case uriRef(ProtobufString)
        case timestamp(TimestampView)
    }

    public var value: Value? {
        switch message.oneofCase(Self.valueOneof) {
        case 1: .boolean((message.varint(1) ?? 0) != 0)
        case 2: .integer(Int32(truncatingIfNeeded: message.varint(2) ?? 0))
        case 3: .string(message.string(3))
        case 4: .bytes(message.lengthDelimited(4) ?? ProtobufBytes([]))
        case 5: .uri(message.string(5))
        case 6: .uriRef(message.string(6))
        case 7: message.message(7, oneof: Self.valueOneof).map { .timestamp(TimestampView($0)) }
        default: nil
        }
    }
}

/// A message type that can be a map value, built from its validated bytes.
public protocol MapValueView: Sendable {
    init(_ message: MessageView)
}

/// The entries of a `map<string, V>` field in wire order; an entry's key defaults to "" and its value to the
/// empty message when absent. Duplicate keys are all listed: the last one wins (`isShadowed` tells). An entry
/// holding an unknown field is not a map entry at all: upb moves it to the parent's unknown fields, and so do we.
public struct MapEntriesView<Value: MapValueView>: Sequence, Sendable {
    @usableFromInline let message: MessageView
    @usableFromInline let field: UInt32

    @usableFromInline init(message: MessageView, field: UInt32) {
        self.message = message
        self.field = field
    }

    /// One map entry.
    public struct Entry: Sendable {
        public let key: ProtobufString
        /// The value message; nil when the entry has no value field (the reference's default instance).
        public let value: Value?
        /// Where the entry starts (to tell duplicates apart).
        @usableFromInline let entryStart: Int

        @inlinable init(key: ProtobufString, value: Value?, entryStart: Int) {
            self.key = key
            self.value = value
            self.entryStart = entryStart
        }
    }

    /// Inlinable, so that a caller's loop is specialised for `Value` (unspecialised generic code looked up type
    /// metadata on every entry: a sixth of the read-every-field benchmark); the scanning is `MapEntryIterator`'s.
    public struct Iterator: IteratorProtocol {
        @usableFromInline var entries: MapEntryIterator

        @inlinable init(entries: MapEntryIterator) {
            self.entries = entries
        }

        @inlinable public mutating func next() -> Entry? {
            guard let entry = entries.next() else { return nil }
            return Entry(key: entry.key, value: entry.value.map(Value.init), entryStart: entry.start)
        }
    }

    @inlinable public func makeIterator() -> Iterator {
        Iterator(entries: MapEntryIterator(message: message, field: field))
    }

    /// True when a later entry has the same key (so this one is replaced in the map).
    public func isShadowed(_ entry: Entry) -> Bool {
        var iterator = RepeatedFieldView(message: message, field: field).makeIterator()
        while let bytes = iterator.next() {
            guard bytes.range.lowerBound > entry.entryStart else { continue }
            let other = MessageView(bytes)
            if !other.isUnknownMapEntry, other.string(1) == entry.key { return true }
        }
        return false
    }
}
