/// The field tables of Aruba Central's streaming topic messages (pycentral 2.0a25's `_pb2` modules), generated
/// into Generated/CentralTopicSchemas.swift by scripts/gen-central-topics.py from the modules' serialized
/// `FileDescriptorProto`s. Data only: `MessageValidator` and `CentralDictRenderer` walk these tables with the one
/// `WireReader`, so every topic is decoded by the same engine as the audit trail.
public enum CentralSchema {
    /// The index of the message pycentral decodes `proto_data.value` as for `topic` (every topic except
    /// ap-events and audit-trail-events, whose view is hand-written), or nil.
    static func topicMessage(_ topic: String) -> Int? {
        topicMessages.first(where: { $0.topic == topic })?.message
    }

    /// The index of the message with this full protobuf name (`package.Message`, nested `Outer.Inner`).
    static func message(fullName: String) -> Int? {
        messageIndexByName[fullName]
    }

    static let messageIndexByName: [String: Int] = {
        var table: [String: Int] = [:]
        for (index, message) in messages.enumerated() { table[message.fullName] = index }
        return table
    }()

    /// The topics with a generated decoder, in pycentral's table order.
    public static var generatedTopics: [String] { topicMessages.map(\.topic) }
}

/// One field of a generated message table: what the validator and renderer need from its
/// `FieldDescriptorProto`.
struct CentralFieldSchema: Sendable {
    /// The field's type; `timestamp` and `structValue` are the well-known messages rendered by their JSON mapping.
    enum Kind: Sendable {
        case double, float, int64, uint64, int32, fixed64, fixed32, bool, string, bytes, uint32
        case sfixed32, sfixed64, sint32, sint64
        case message, enumeration, timestamp, structValue
    }

    let number: UInt32
    let name: String
    let kind: Kind
    let isRepeated: Bool
    /// True for fields with explicit presence (messages, proto3 `optional`, oneof members): printed whenever set.
    let hasPresence: Bool
    /// The real (not synthetic) oneof this field belongs to, as an index into the message's oneofs; -1 for none.
    let oneof: Int
    /// The message (kind `message`) or enum (kind `enumeration`) index; -1 otherwise.
    let target: Int

    init(_ number: UInt32, _ name: String, _ kind: Kind, repeated: Bool, presence: Bool, oneof: Int, target: Int) {
        self.number = number
        self.name = name
        self.kind = kind
        self.isRepeated = repeated
        self.hasPresence = presence
        self.oneof = oneof
        self.target = target
    }

    /// How the validator reads the field: repeated numeric fields accept both the packed and the unpacked form.
    var fieldKind: MessageSchema.FieldKind {
        switch kind {
        case .string: return .string
        case .bytes: return .bytes
        case .message: return .message(.central(target))
        case .timestamp: return .message(.timestamp)
        case .structValue: return .message(.structValue)
        case .int64, .uint64, .int32, .bool, .uint32, .sint32, .sint64, .enumeration:
            return isRepeated ? .packedVarint : .varint
        case .double, .fixed64, .sfixed64:
            return isRepeated ? .packedFixed64 : .fixed64
        case .float, .fixed32, .sfixed32:
            return isRepeated ? .packedFixed32 : .fixed32
        }
    }
}

/// One generated message table: fields sorted by number.
struct CentralMessageSchema: Sendable {
    let fullName: String
    let isMapEntry: Bool
    /// Number of real oneofs (proto3 `optional`'s synthetic ones are not counted).
    let oneofCount: Int
    let fields: [CentralFieldSchema]

    init(_ fullName: String, mapEntry: Bool, oneofs: Int, fields: [CentralFieldSchema]) {
        self.fullName = fullName
        self.isMapEntry = mapEntry
        self.oneofCount = oneofs
        self.fields = fields
    }

    /// The index in `fields` of field `number` (binary search; the table is sorted).
    func fieldIndex(_ number: UInt32) -> Int? {
        var low = 0
        var high = fields.count
        while low < high {
            let middle = low &+ (high &- low) / 2
            let candidate = fields[middle].number
            if candidate == number { return middle }
            if candidate < number { low = middle &+ 1 } else { high = middle }
        }
        return nil
    }

    /// The members of oneof `slot`, each under the wire type it must arrive with.
    func oneofMembers(_ slot: Int) -> OneofMembers {
        var varint: [UInt32] = []
        var fixed64: [UInt32] = []
        var lengthDelimited: [UInt32] = []
        var fixed32: [UInt32] = []
        for field in fields where field.oneof == slot {
            switch field.fieldKind.wireType {
            case .varint: varint.append(field.number)
            case .fixed64: fixed64.append(field.number)
            case .fixed32: fixed32.append(field.number)
            default: lengthDelimited.append(field.number)
            }
        }
        return OneofMembers(varint: varint, fixed64: fixed64, lengthDelimited: lengthDelimited, fixed32: fixed32)
    }
}

/// One generated enum table: its values in declaration order.
struct CentralEnumSchema: Sendable {
    let fullName: String
    let values: [(number: Int32, name: String)]

    init(_ fullName: String, values: [(Int32, String)]) {
        self.fullName = fullName
        self.values = values.map { (number: $0.0, name: $0.1) }
    }

    /// The name of the first value with `number`, or nil for a number the enum does not declare (proto3 enums are
    /// open: MessageToDict prints such a value as its number).
    func name(of number: Int32) -> String? {
        values.first(where: { $0.number == number })?.name
    }
}
