import Codecs

/// A decoded message of one of Central's streaming topics (location, rssi-events, geofence, ap-events,
/// clients-events, switch-events, alert-events): a zero-copy view of the validated bytes plus the generated table
/// of its type (`CentralSchema`). Fields are read by their proto name with protobuf's semantics (`MessageView`):
/// last occurrence wins, a repeated singular message merges, a oneof member counts only if no other member
/// follows it, packed and unpacked repeated values are both read.
public struct CentralMessageView: Sendable {
    public let message: MessageView
    /// Index of the message's table in `CentralSchema.messages`.
    let schema: Int

    init(_ message: MessageView, schema: Int) {
        self.message = message
        self.schema = schema
    }

    /// Decodes and validates `bytes` as the message with table `schema`.
    static func decode(_ bytes: ProtobufBytes, schema: Int, limits: ProtobufLimits) throws(ProtobufError) -> CentralMessageView {
        try MessageValidator.validate(bytes, schema: .central(schema), limits: limits)
        return CentralMessageView(MessageView(bytes), schema: schema)
    }

    /// Decodes and validates `bytes` as the message with this full protobuf name (for example
    /// `network_monitoring.switch.v1.StreamSwitchMessage`); `unknown-any-type` when no table has that name.
    public static func decode(
        _ bytes: ProtobufBytes, typeName: String, limits: ProtobufLimits = .pycentralRuntime
    ) throws(ProtobufError) -> CentralMessageView {
        guard let schema = CentralSchema.message(fullName: typeName) else {
            throw ProtobufError(.unknownAnyType(length: typeName.utf8.count), offset: nil)
        }
        return try decode(bytes, schema: schema, limits: limits)
    }

    /// The full protobuf name of the message's type.
    public var typeName: String { table.fullName }

    var table: CentralMessageSchema { CentralSchema.messages[schema] }

    /// The proto names of the message's fields, in field-number order.
    public var fieldNames: [String] { table.fields.map(\.name) }

    /// The value of singular field `name`: nil when the name is unknown, the field repeated, or the field not set
    /// (for fields without presence, set means non-default, as the JSON mapping prints them).
    public subscript(name: String) -> CentralValue? {
        guard let index = table.fields.firstIndex(where: { $0.name == name }), !table.fields[index].isRepeated else {
            return nil
        }
        return value(fieldIndex: index)
    }

    /// Every element of repeated field `name` in wire order (empty for an unknown or singular name). A map field
    /// lists its entries as messages with `key` and `value`.
    public func values(_ name: String) -> [CentralValue] {
        guard let index = table.fields.firstIndex(where: { $0.name == name }), table.fields[index].isRepeated else {
            return []
        }
        var result: [CentralValue] = []
        forEachElement(of: table.fields[index]) { result.append($0) }
        return result
    }

    /// The name of the member set in the message's oneof `slot` (declaration order), or nil.
    public func oneofCase(_ slot: Int = 0) -> String? {
        guard slot >= 0, slot < table.oneofCount else { return nil }
        return message.oneofCase(table.oneofMembers(slot)).flatMap { number in
            table.fieldIndex(number).map { table.fields[$0].name }
        }
    }

    /// The value of singular field `fieldIndex` as the JSON mapping sees it, or nil when it is not printed.
    func value(fieldIndex index: Int) -> CentralValue? {
        let field = table.fields[index]
        if field.oneof >= 0 {
            guard message.oneofCase(table.oneofMembers(field.oneof)) == field.number else { return nil }
        }
        switch field.kind {
        case .message, .timestamp, .structValue:
            let members = field.oneof >= 0 ? table.oneofMembers(field.oneof) : OneofMembers()
            return message.message(field.number, oneof: members).map { CentralValue.message($0, field: field) }
        default:
            var last: CentralValue?
            forEachOccurrence(of: field) { value in last = value }
            guard let last else { return nil }
            return field.hasPresence || !last.isDefault ? last : nil
        }
    }

    /// Calls `body` with each element of repeated `field`, unpacking packed runs.
    func forEachElement(of field: CentralFieldSchema, _ body: (CentralValue) -> Void) {
        forEachOccurrence(of: field, body)
    }

    /// Calls `body` with each value of `field` on the wire, in order (packed runs give one value per element).
    func forEachOccurrence(of field: CentralFieldSchema, _ body: (CentralValue) -> Void) {
        let kind = field.fieldKind
        let storage = message.bytes.storage
        message.scan { number, wireType, reader in
            guard number == field.number, kind.accepts(wireType) else { return true }
            if wireType == .lengthDelimited, kind.wireType != .lengthDelimited {
                guard let run = try? reader.readLengthDelimited() else { return false }
                var packed = reader
                packed.position = run.lowerBound
                packed.end = run.upperBound
                while !packed.isAtEnd {
                    guard let value = CentralValue.read(field, kind.wireType, &packed, storage) else { return false }
                    body(value)
                }
                return true
            }
            guard let value = CentralValue.read(field, wireType, &reader, storage) else { return false }
            body(value)
            return true
        }
    }
}

/// One field value of a Central topic message.
public enum CentralValue: Sendable {
    case string(ProtobufString)
    case bytes(ProtobufBytes)
    /// int32, sint32, sfixed32 (a varint truncated to 32 bits as protobuf does): a JSON number.
    case int32(Int32)
    /// int64, sint64, sfixed64: a decimal string in JSON.
    case int64(Int64)
    /// uint32, fixed32: a JSON number.
    case uint32(UInt32)
    /// uint64, fixed64: a decimal string in JSON.
    case uint64(UInt64)
    case bool(Bool)
    case double(Double)
    case float(Float)
    /// An enum number (truncated to 32 bits) and its name when the enum declares it.
    case enumeration(number: Int32, name: String?)
    case message(CentralMessageView)
    case timestamp(TimestampView)
    case structValue(StructView)

    /// True for proto3's implicit default: empty, zero (all bits: -0.0 is not default), false, enum number 0.
    var isDefault: Bool {
        switch self {
        case let .string(text): text.isEmpty
        case let .bytes(bytes): bytes.isEmpty
        case let .int32(value): value == 0
        case let .int64(value): value == 0
        case let .uint32(value): value == 0
        case let .uint64(value): value == 0
        case let .bool(flag): !flag
        case let .double(value): value.bitPattern == 0
        case let .float(value): value.bitPattern == 0
        case let .enumeration(number, _): number == 0
        case .message, .timestamp, .structValue: false
        }
    }

    static func message(_ view: MessageView, field: CentralFieldSchema) -> CentralValue {
        switch field.kind {
        case .timestamp: .timestamp(TimestampView(view))
        case .structValue: .structValue(StructView(view))
        default: .message(CentralMessageView(view, schema: field.target))
        }
    }

    /// Reads one value of `field` that arrived with `wireType` (already accepted for the field); nil when the
    /// bytes end early (impossible after validation).
    static func read(
        _ field: CentralFieldSchema, _ wireType: WireType, _ reader: inout WireReader, _ storage: [UInt8]
    ) -> CentralValue? {
        switch wireType {
        case .varint:
            guard let raw = try? reader.readVarint() else { return nil }
            switch field.kind {
            case .int32: return .int32(Int32(truncatingIfNeeded: raw))
            case .int64: return .int64(Int64(bitPattern: raw))
            case .uint32: return .uint32(UInt32(truncatingIfNeeded: raw))
            case .uint64: return .uint64(raw)
            case .sint32:
                let value = UInt32(truncatingIfNeeded: raw)
                return .int32(Int32(bitPattern: (value >> 1) ^ (0 &- (value & 1))))
            case .sint64: return .int64(WireReader.zigzagDecode(raw))
            case .bool: return .bool(raw != 0)
            case .enumeration:
                let number = Int32(truncatingIfNeeded: raw)
                return .enumeration(number: number, name: CentralSchema.enums[field.target].name(of: number))
            default: return nil
            }
        case .fixed64:
            guard let raw = try? reader.readFixed64() else { return nil }
            switch field.kind {
            case .double: return .double(Double(bitPattern: raw))
            case .sfixed64: return .int64(Int64(bitPattern: raw))
            default: return .uint64(raw)
            }
        case .fixed32:
            guard let raw = try? reader.readFixed32() else { return nil }
            switch field.kind {
            case .float: return .float(Float(bitPattern: raw))
            case .sfixed32: return .int32(Int32(bitPattern: raw))
            default: return .uint32(raw)
            }
        case .lengthDelimited:
            guard let range = try? reader.readLengthDelimited() else { return nil }
            let bytes = ProtobufBytes(storage: storage, range: range)
            switch field.kind {
            case .string: return .string(ProtobufString(utf8: bytes))
            case .bytes: return .bytes(bytes)
            default: return message(MessageView(bytes), field: field)
            }
        default:
            return nil
        }
    }
}
