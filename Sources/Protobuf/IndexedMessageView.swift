/// A validated message with its `FieldIndex`: the reads of `MessageView`, with the same protobuf semantics, each
/// answered from the index without rescanning the message (a repeated field is walked from its first occurrence to
/// its last). Falls back to `MessageView`'s scans for what the index does not hold exactly: fields above 15, a
/// field seen with two wire types, a singular message field that occurred more than once (merged).
struct IndexedMessageView: Sendable {
    let message: MessageView
    let index: FieldIndex

    init(_ message: MessageView, index: FieldIndex) {
        self.message = message
        self.index = index
    }

    /// Indexes `message` with one scan.
    init(scanning message: MessageView) {
        self.init(message, index: FieldIndex(scanning: message))
    }

    /// The last occurrence of `field` when it arrived with `wireType`, as a value range; nil when absent.
    @inline(__always) func lastValue(_ field: UInt32, _ wireType: WireType) -> Range<Int>? {
        let slot = index[field]
        guard slot.count > 0, slot.wireType == wireType.rawValue else { return nil }
        return Int(slot.start)..<Int(slot.end)
    }

    func lengthDelimited(_ field: UInt32) -> ProtobufBytes? {
        guard index.covers(field) else { return message.lengthDelimited(field) }
        return lastValue(field, .lengthDelimited).map { ProtobufBytes(storage: message.bytes.storage, range: $0) }
    }

    func string(_ field: UInt32) -> ProtobufString {
        lengthDelimited(field).map { ProtobufString(utf8: $0) } ?? .empty
    }

    func varint(_ field: UInt32) -> UInt64? {
        guard index.covers(field) else { return message.varint(field) }
        return lastValue(field, .varint).map { message.varint(at: $0) }
    }

    func fixed64(_ field: UInt32) -> UInt64? {
        guard index.covers(field) else { return message.fixed64(field) }
        return lastValue(field, .fixed64).map { message.fixed64(at: $0) }
    }

    /// Every length-delimited payload of `field`, in wire order.
    func repeated(_ field: UInt32) -> RepeatedFieldView {
        guard index.covers(field) else { return message.repeated(field) }
        let slot = index[field]
        guard slot.count > 0, slot.wireType == WireType.lengthDelimited.rawValue else {
            return RepeatedFieldView(message: message, field: field, start: message.bytes.range.upperBound, limit: 0)
        }
        return RepeatedFieldView(message: message, field: field, start: Int(slot.firstTag),
                                 limit: slot.count == UInt16.max ? Int.max : Int(slot.count))
    }

    /// True when every member of `oneof` can be looked up in the index (numbered 1...15, one wire type each).
    func indexes(_ oneof: OneofMembers) -> Bool {
        let all = oneof.varint | oneof.fixed64 | oneof.lengthDelimited | oneof.fixed32
        guard index.isExact, all & (~UInt64(0) << UInt64(FieldIndex.maxField &+ 1)) == 0 else { return false }
        for field in 1...FieldIndex.maxField where all & (1 << UInt64(field)) != 0 {
            guard index.covers(field) else { return false }
        }
        return true
    }

    /// Where the last occurrence of a member of `oneof` other than `excluded` starts (its value), or nil when no
    /// such member occurred. Requires `indexes(oneof)`.
    func lastMember(_ oneof: OneofMembers, excluding excluded: UInt32 = 0) -> (field: UInt32, start: UInt32)? {
        var result: (field: UInt32, start: UInt32)?
        for field in 1...FieldIndex.maxField where field != excluded {
            let slot = index[field]
            guard slot.count > 0, let wireType = WireType(rawValue: slot.wireType), oneof.contains(field, wireType),
                  slot.start > result?.start ?? 0 else { continue }
            result = (field, slot.start)
        }
        return result
    }

    /// The member of `oneof` set last, or nil when none is set.
    func oneofCase(_ oneof: OneofMembers) -> UInt32? {
        guard indexes(oneof) else { return message.oneofCase(oneof) }
        return lastMember(oneof)?.field
    }

    /// The embedded message in `field` (a member of `oneof`, if given), as `MessageView.message` reads it: an
    /// occurrence counts only when no other member of `oneof` follows it; several occurrences merge (a scan).
    func message(_ field: UInt32, oneof: OneofMembers = OneofMembers()) -> MessageView? {
        guard index.covers(field), indexes(oneof) else { return message.message(field, oneof: oneof) }
        guard let value = lastValue(field, .lengthDelimited) else { return nil }
        if let other = lastMember(oneof, excluding: field), other.start > value.lowerBound { return nil }
        guard index[field].count == 1 else { return message.message(field, oneof: oneof) }
        return MessageView(ProtobufBytes(storage: message.bytes.storage, range: value))
    }
}
