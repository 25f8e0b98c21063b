public import Codecs

/// Renders a Central topic message as python protobuf's `MessageToDict(msg, preserving_proto_field_name=True)`
/// does, walking the message's generated table: fields in field-number order; fields with presence (messages,
/// proto3 `optional`, oneof members) printed when set even to a default, others only when not default; repeated
/// fields when non-empty; 64-bit integers as decimal strings; `float` with the reference's shortest formatting
/// and `double` as Python's repr, NaN and infinities as `"NaN"`, `"Infinity"`, `"-Infinity"`; enums by name,
/// or by number when the enum does not declare it; bytes as base64; Timestamp and Struct by their JSON mapping;
/// maps as objects (keys in wire order, the last entry for a key wins; the reference's order is its hash table's).
///
/// Fails where the reference raises: a Timestamp out of range, a Struct number that is NaN or infinite.
public enum CentralDictRenderer {
    /// Writes `view` as a JSON object. One scan of the message finds, per field, its last occurrence and how
    /// many there are, and per oneof the member set last; only repeated fields and merged (repeated) singular
    /// messages are scanned again.
    public static func write(_ view: CentralMessageView, into writer: inout JSONWriter) throws(ProtobufError) {
        let table = view.table
        let count = table.fields.count
        let failure: ProtobufError? = withUnsafeTemporaryAllocation(
            of: Int.self, capacity: 3 &* count &+ table.oneofCount &+ 1
        ) { slots in
            slots.initialize(repeating: 0)
            // slots[3i]: value start of the last occurrence, [3i+1]: its wire type, [3i+2]: occurrences;
            // slots[3·count + k]: 1 + the field index of oneof k's member set last (0: none).
            view.message.scan { number, wireType, reader in
                guard let index = table.fieldIndex(number), table.fields[index].fieldKind.accepts(wireType) else {
                    return true
                }
                slots[3 &* index] = reader.position
                slots[3 &* index &+ 1] = Int(wireType.rawValue)
                slots[3 &* index &+ 2] &+= 1
                let oneof = table.fields[index].oneof
                if oneof >= 0 { slots[3 &* count &+ oneof] = index &+ 1 }
                return true
            }
            writer.beginObject()
            for (index, field) in table.fields.enumerated() {
                let occurrences = slots[3 &* index &+ 2]
                guard occurrences > 0 else { continue }
                if field.oneof >= 0, slots[3 &* count &+ field.oneof] != index &+ 1 { continue }
                do throws(ProtobufError) {
                    if field.isRepeated {
                        try writeRepeated(view, field, into: &writer)
                        continue
                    }
                    let isMessage = field.kind == .message || field.kind == .timestamp || field.kind == .structValue
                    let value: CentralValue?
                    if isMessage, occurrences > 1 {
                        value = view.value(fieldIndex: index)  // merged (oneof: after the last other member)
                    } else {
                        let wireType = WireType(rawValue: UInt8(truncatingIfNeeded: slots[3 &* index &+ 1]))
                        value = wireType.flatMap { readValue(view, field, at: slots[3 &* index], $0) }
                    }
                    guard let value, field.hasPresence || !value.isDefault else { continue }
                    writer.key(field.name)
                    try write(value, into: &writer)
                } catch {
                    return error
                }
            }
            writer.endObject()
            return nil
        }
        if let failure { throw failure }
    }

    /// The value of `field` whose occurrence starts at `position` (just after its tag).
    static func readValue(
        _ view: CentralMessageView, _ field: CentralFieldSchema, at position: Int, _ wireType: WireType
    ) -> CentralValue? {
        let bytes = view.message.bytes
        return bytes.storage.withUnsafeBytes { raw in
            var reader = WireReader.validated(raw)
            reader.position = position
            reader.end = bytes.range.upperBound
            return CentralValue.read(field, wireType, &reader, bytes.storage)
        }
    }

    static func writeRepeated(
        _ view: CentralMessageView, _ field: CentralFieldSchema, into writer: inout JSONWriter
    ) throws(ProtobufError) {
        if field.kind == .message, CentralSchema.messages[field.target].isMapEntry {
            try writeMap(view, field, into: &writer)
            return
        }
        var started = false
        var failure: ProtobufError?
        view.forEachElement(of: field) { value in
            guard failure == nil else { return }
            if !started {
                writer.key(field.name)
                writer.beginArray()
                started = true
            }
            do throws(ProtobufError) {
                try write(value, into: &writer)
            } catch {
                failure = error
            }
        }
        if let failure { throw failure }
        if started { writer.endArray() }
    }

    /// A `map<string, V>` field: entries holding unknown fields are not entries (upb keeps them as unknown
    /// fields of the parent); an entry without value has the value's default.
    static func writeMap(
        _ view: CentralMessageView, _ field: CentralFieldSchema, into writer: inout JSONWriter
    ) throws(ProtobufError) {
        var entries: [(key: ProtobufString, entry: CentralMessageView)] = []
        view.forEachElement(of: field) { value in
            guard case let .message(entry) = value, !entry.message.isUnknownMapEntry else { return }
            entries.append((entry.message.string(1), entry))
        }
        guard !entries.isEmpty else { return }
        var last: [[UInt8]: Int] = [:]
        for (index, entry) in entries.enumerated() { last[entry.key.utf8.bytes] = index }
        writer.key(field.name)
        writer.beginObject()
        let valueField = CentralSchema.messages[field.target].fields.first(where: { $0.number == 2 })
        for (index, entry) in entries.enumerated() where last[entry.key.utf8.bytes] == index {
            entry.key.utf8.withUnsafeBytes { writer.key(utf8: $0) }
            guard let valueField else {
                writer.null()
                continue
            }
            switch valueField.kind {
            case .message, .timestamp, .structValue:
                let value = entry.entry.message.message(2).map { CentralValue.message($0, field: valueField) }
                    ?? CentralValue.message(MessageView(ProtobufBytes([])), field: valueField)
                try write(value, into: &writer)
            default:
                var value: CentralValue?
                entry.entry.forEachOccurrence(of: valueField) { value = $0 }
                try write(value ?? defaultValue(valueField), into: &writer)
            }
        }
        writer.endObject()
    }

    static func defaultValue(_ field: CentralFieldSchema) -> CentralValue {
        switch field.kind {
        case .string: .string(.empty)
        case .bytes: .bytes(ProtobufBytes([]))
        case .int32, .sint32, .sfixed32: .int32(0)
        case .int64, .sint64, .sfixed64: .int64(0)
        case .uint32, .fixed32: .uint32(0)
        case .uint64, .fixed64: .uint64(0)
        case .bool: .bool(false)
        case .double: .double(0)
        case .float: .float(0)
        case .enumeration: .enumeration(number: 0, name: CentralSchema.enums[field.target].name(of: 0))
        case .message, .timestamp, .structValue: .message(MessageView(ProtobufBytes([])), field: field)
        }
    }

    /// Writes one value as the JSON mapping prints it.
    public static func write(_ value: CentralValue, into writer: inout JSONWriter) throws(ProtobufError) {
        switch value {
        case let .string(text): DictRenderer.writeString(text, &writer)
        case let .bytes(bytes): DictRenderer.base64(bytes, &writer)
        case let .int32(number): writer.int(number)
        case let .int64(number): writer.string(String(number))
        case let .uint32(number): writer.int(number)
        case let .uint64(number): writer.string(String(number))
        case let .bool(flag): writer.bool(flag)
        case let .double(number): writeFloatingPoint(number, into: &writer)
        case let .float(number):
            writeFloatingPoint(number.isFinite ? FloatFieldFormat.double(number) : Double(number), into: &writer)
        case let .enumeration(number, name):
            if let name { writer.string(name) } else { writer.int(number) }
        case let .message(message): try write(message, into: &writer)
        case let .timestamp(time): try DictRenderer.write(time, into: &writer)
        case let .structValue(object): try DictRenderer.write(object, into: &writer)
        }
    }

    static func writeFloatingPoint(_ number: Double, into writer: inout JSONWriter) {
        if number.isNaN {
            writer.string("NaN")
        } else if number.isInfinite {
            writer.string(number < 0 ? "-Infinity" : "Infinity")
        } else {
            writer.pythonFloat(number)
        }
    }
}
