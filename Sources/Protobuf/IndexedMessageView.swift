/// A validated message with its `FieldIndex`: the reads of `MessageView`, with the same protobuf semantics, each
/// answered from the index without rescanning the message (a repeated field is walked from its first occurrence to
/// its last). Falls back to `MessageView`'s scans for what the index does not hold exactly: fields above 15, a
/// field seen with two wire types, a singular message field that occurred more than once (merged).
struct IndexedMessageView: Sendable {
    let message: MessageView
    /// Filled in place by the validating pass (`MessageValidator.validate(_:schema:limits:index:)`).
    var index: FieldIndex

    init(_ message: MessageView, index: FieldIndex) {
        self.message = message
        self.index = index
    }

    /// Indexes `message` with one scan.
    init(scanning message: MessageView) {
        self.init(message, index: FieldIndex(scanning: message))
    }

    // No closures over `self` below: a closure capturing the view copied it, index and all, per read.

    /// The last occurrence of `field` when it arrived with `wireType`, as a value range; nil when absent.
    @inline(__always) func lastValue(_ field: UInt32, _ wireType: WireType) -> Range<Int>? {
        index.lastValue(field, wire: wireType.rawValue)
    }

    func lengthDelimited(_ field: UInt32) -> ProtobufBytes? {
        guard index.covers(field) else { return message.lengthDelimited(field) }
        guard let range = index.lastValue(field, wire: WireType.lengthDelimited.rawValue) else { return nil }
        return ProtobufBytes(storage: message.bytes.storage, range: range)
    }

    func string(_ field: UInt32) -> ProtobufString {
        guard let bytes = lengthDelimited(field) else { return .empty }
        return ProtobufString(utf8: bytes)
    }

    func varint(_ field: UInt32) -> UInt64? {
        guard index.covers(field) else { return message.varint(field) }
        guard let range = index.lastValue(field, wire: WireType.varint.rawValue) else { return nil }
        return message.varint(at: range)
    }

    func fixed64(_ field: UInt32) -> UInt64? {
        guard index.covers(field) else { return message.fixed64(field) }
        guard let range = index.lastValue(field, wire: WireType.fixed64.rawValue) else { return nil }
        return message.fixed64(at: range)
    }

    /// Every length-delimited payload of `field`, in wire order.
    func repeated(_ field: UInt32) -> RepeatedFieldView {
        guard index.covers(field) else { return message.repeated(field) }
        let count = index.count(of: field)
        guard count > 0, index.wireType(of: field) == WireType.lengthDelimited.rawValue else {
            return RepeatedFieldView(message: message, field: field, start: message.bytes.range.upperBound, limit: 0)
        }
        return RepeatedFieldView(message: message, field: field, start: index.positions(of: field).firstTag,
                                 limit: count == UInt16.max ? Int.max : Int(count))
    }

    /// True when every member of `oneof` can be looked up in the index (numbered 1...15, one wire type each).
    func indexes(_ oneof: OneofMembers) -> Bool {
        let all = oneof.varint | oneof.fixed64 | oneof.lengthDelimited | oneof.fixed32
        guard index.isExact, all & (~UInt64(0) << UInt64(FieldIndex.maxField &+ 1)) == 0 else { return false }
        var members = all
        while members != 0 {
            guard index.covers(UInt32(members.trailingZeroBitCount)) else { return false }
            members &= members &- 1
        }
        return true
    }

    /// Where the last occurrence of a member of `oneof` other than `excluded` starts (its value), or nil when no
    /// such member occurred. Requires `indexes(oneof)`.
    func lastMember(_ oneof: OneofMembers, excluding excluded: UInt32 = 0) -> (field: UInt32, start: UInt32)? {
        var result: (field: UInt32, start: UInt32)?
        var members = (oneof.varint | oneof.fixed64 | oneof.lengthDelimited | oneof.fixed32) & ~(1 << UInt64(excluded & 63))
        while members != 0 {
            let field = UInt32(members.trailingZeroBitCount)
            members &= members &- 1
            let start = index.positions(of: field).lastStart
            guard index.count(of: field) > 0, let wireType = WireType(rawValue: index.wireType(of: field)),
                  oneof.contains(field, wireType), start > result?.start ?? 0 else { continue }
            result = (field, start)
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
        guard index.count(of: field) == 1 else { return message.message(field, oneof: oneof) }
        return MessageView(ProtobufBytes(storage: message.bytes.storage, range: value))
    }
}
