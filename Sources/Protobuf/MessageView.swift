import Codecs

/// A validated message's bytes, read field by field on demand with protobuf's semantics: the last occurrence of a
/// singular field wins, repeated occurrences of a singular message field merge (read as the concatenation of
/// their payloads, which the encoding guide defines as the merge), and a oneof member counts only if no other
/// member of its oneof follows it.
///
/// Built only by the typed decoders after `MessageValidator` accepted the bytes, so reads cannot fail; any
/// impossible read ends the scan and yields the field's default rather than trapping.
public struct MessageView: Sendable {
    /// The message bytes (a zero-copy view).
    public let bytes: ProtobufBytes

    @usableFromInline init(_ bytes: ProtobufBytes) {
        self.bytes = bytes
    }

    /// Calls `body` for each field in wire order with its tag and a reader positioned at its value; `body`
    /// must consume the value (or leave it, in which case it is skipped) and returns false to stop.
    @inlinable func scan(_ body: (UInt32, WireType, inout WireReader) -> Bool) {
        let range = bytes.range
        bytes.storage.withUnsafeBytes { raw in
            var reader = WireReader.validated(raw)
            reader.position = range.lowerBound
            reader.end = range.upperBound
            while let tag = try? reader.readTag() {
                let before = reader.position
                var valueReader = reader
                if !body(tag.field, tag.wireType, &valueReader) { return }
                if valueReader.position != before {
                    reader.position = valueReader.position
                } else {
                    do {
                        try reader.skipField(field: tag.field, wireType: tag.wireType, depthBudget: Int.max,
                                             recursionLimit: Int.max)
                    } catch { return }
                }
            }
        }
    }

    /// The records (tag and value, as they arrived) of every field `schema` does not know, or knows with another
    /// wire type, concatenated in wire order: what a protobuf runtime keeps as unknown fields.
    func unknownFields(schema: MessageSchema) -> [UInt8] {
        var records: [UInt8] = []
        let range = bytes.range
        bytes.storage.withUnsafeBytes { raw in
            var reader = WireReader.validated(raw)
            reader.position = range.lowerBound
            reader.end = range.upperBound
            while true {
                let start = reader.position
                guard let tag = try? reader.readTag() else { return }
                do {
                    try reader.skipField(field: tag.field, wireType: tag.wireType, depthBudget: Int.max,
                                         recursionLimit: Int.max)
                } catch { return }
                if let kind = schema.kind(of: tag.field), kind.accepts(tag.wireType) {
                    guard case let .message(sub) = kind, sub.isMapEntry else { continue }
                    var entry = WireReader.validated(raw)
                    entry.position = start
                    entry.end = reader.position
                    guard (try? entry.readTag()) != nil, let payload = try? entry.readLengthDelimited(),
                          MessageView(ProtobufBytes(storage: bytes.storage, range: payload)).isUnknownMapEntry
                    else { continue }
                }
                records.append(contentsOf: UnsafeRawBufferPointer(rebasing: raw[start..<reader.position]))
            }
        }
        return records
    }

    /// True when this map entry holds a field other than `key = 1` and `value = 2` (both length-delimited in the
    /// maps this module knows): upb then keeps the entry as an unknown field of the parent instead of inserting it.
    var isUnknownMapEntry: Bool {
        var unknown = false
        scan { number, wireType, _ in
            if wireType != .lengthDelimited || (number != 1 && number != 2) {
                unknown = true
                return false
            }
            return true
        }
        return unknown
    }

    /// Calls `body` with the payload range of the last length-delimited occurrence of each field numbered
    /// 1...15 (nil when absent), found in one scan; the table lives on the stack. Renderers use it to read many
    /// string fields of one message without rescanning it per field.
    func withLastLengthDelimited<R>(_ body: (UnsafeMutableBufferPointer<Range<Int>?>) -> R) -> R {
        withUnsafeTemporaryAllocation(of: Range<Int>?.self, capacity: 16) { slots in
            slots.initialize(repeating: nil)
            scan { number, wireType, reader in
                if number < 16, wireType == .lengthDelimited, let range = try? reader.readLengthDelimited() {
                    slots[Int(number)] = range
                }
                return true
            }
            return body(slots)
        }
    }

    /// The varint whose bytes are `range` (a value the validating pass or an index located).
    func varint(at range: Range<Int>) -> UInt64 {
        bytes.storage.withUnsafeBytes { raw in
            var reader = WireReader.validated(raw)
            reader.position = range.lowerBound
            reader.end = range.upperBound
            return (try? reader.readVarint()) ?? 0
        }
    }

    /// The fixed64 whose bytes are `range`.
    func fixed64(at range: Range<Int>) -> UInt64 {
        bytes.storage.withUnsafeBytes { raw in
            var reader = WireReader.validated(raw)
            reader.position = range.lowerBound
            reader.end = range.upperBound
            return (try? reader.readFixed64()) ?? 0
        }
    }

    /// The last varint value of `field`, or nil when absent.
    public func varint(_ field: UInt32) -> UInt64? {
        var result: UInt64?
        scan { number, wireType, reader in
            if number == field, wireType == .varint { result = try? reader.readVarint() }
            return true
        }
        return result
    }

    /// The last fixed64 value of `field`, or nil when absent.
    public func fixed64(_ field: UInt32) -> UInt64? {
        var result: UInt64?
        scan { number, wireType, reader in
            if number == field, wireType == .fixed64 { result = try? reader.readFixed64() }
            return true
        }
        return result
    }

    /// The last length-delimited payload of `field`, or nil when absent.
    public func lengthDelimited(_ field: UInt32) -> ProtobufBytes? {
        var result: Range<Int>?
        scan { number, wireType, reader in
            if number == field, wireType == .lengthDelimited { result = try? reader.readLengthDelimited() }
            return true
        }
        return result.map { ProtobufBytes(storage: bytes.storage, range: $0) }
    }

    /// The last value of string `field` (empty when absent; validated as UTF-8 by the decoder).
    public func string(_ field: UInt32) -> ProtobufString {
        lengthDelimited(field).map { ProtobufString(utf8: $0) } ?? .empty
    }

    /// Every length-delimited payload of `field`, in wire order.
    public func repeated(_ field: UInt32) -> RepeatedFieldView {
        RepeatedFieldView(message: self, field: field)
    }

    /// The member of `oneof` set last, or nil when none is set.
    public func oneofCase(_ oneof: OneofMembers) -> UInt32? {
        var result: UInt32?
        scan { number, wireType, _ in
            if oneof.contains(number, wireType) { result = number }
            return true
        }
        return result
    }

    /// The embedded message in `field`, merged across its occurrences, or nil when absent. With `oneof` (the
    /// members of the oneof `field` belongs to), occurrences before the last other member are dropped, since
    /// setting another member clears it.
    public func message(_ field: UInt32, oneof: OneofMembers = OneofMembers()) -> MessageView? {
        var first: Range<Int>?
        var count = 0
        var total = 0
        scan { number, wireType, reader in
            if number == field, wireType == .lengthDelimited {
                if let range = try? reader.readLengthDelimited() {
                    if count == 0 { first = range }
                    count &+= 1
                    total &+= range.count
                }
            } else if oneof.contains(number, wireType) {
                first = nil
                count = 0
                total = 0
            }
            return true
        }
        guard let first else { return nil }
        if count == 1 { return MessageView(ProtobufBytes(storage: bytes.storage, range: first)) }
        // Rare: the field occurred several times; its merge is the concatenation of the payloads.
        var merged: [UInt8] = []
        merged.reserveCapacity(total)
        scan { number, wireType, reader in
            if number == field, wireType == .lengthDelimited, let range = try? reader.readLengthDelimited(),
               range.lowerBound >= first.lowerBound {
                merged.append(contentsOf: bytes.storage[range])
            }
            return true
        }
        return MessageView(ProtobufBytes(merged))
    }
}

extension WireReader {
    /// A reader over bytes `MessageValidator` already accepted: every length prefix the validator allowed (up to
    /// the 10 bytes of any varint) is read.
    @usableFromInline static func validated(_ raw: UnsafeRawBufferPointer) -> WireReader {
        var reader = WireReader(raw)
        reader.maxLengthPrefixBytes = 10
        return reader
    }
}

/// The members of a oneof, as bit masks of field numbers (below 64) per wire type: a field counts as a member
/// only when it arrives with its declared wire type (otherwise it is an unknown field).
public struct OneofMembers: Sendable {
    public var varint: UInt64 = 0
    public var fixed64: UInt64 = 0
    public var lengthDelimited: UInt64 = 0
    public var fixed32: UInt64 = 0

    /// No members: the `oneof` argument of a field that belongs to none. Without arrays, so that the default
    /// argument costs nothing per read.
    @inlinable public init() {}

    public init(varint: [UInt32] = [], fixed64: [UInt32] = [], lengthDelimited: [UInt32] = [], fixed32: [UInt32] = []) {
        for field in varint { self.varint |= 1 << UInt64(field) }
        for field in fixed64 { self.fixed64 |= 1 << UInt64(field) }
        for field in fixed32 { self.fixed32 |= 1 << UInt64(field) }
        for field in lengthDelimited { self.lengthDelimited |= 1 << UInt64(field) }
    }

    /// True when `field` with `wireType` sets a member of this oneof.
    @inlinable public func contains(_ field: UInt32, _ wireType: WireType) -> Bool {
        guard field < 64 else { return false }
        let bit: UInt64 = 1 << UInt64(field)
        switch wireType {
        case .varint: return varint & bit != 0
        case .fixed64: return fixed64 & bit != 0
        case .lengthDelimited: return lengthDelimited & bit != 0
        case .fixed32: return fixed32 & bit != 0
        default: return false
        }
    }
}

/// The occurrences of a repeated length-delimited field, read in wire order without copying.
public struct RepeatedFieldView: Sequence, Sendable {
    let message: MessageView
    let field: UInt32
    /// Where the walk starts (a tag position), and how many occurrences it yields at most: an index gives the
    /// first occurrence and the count, so the walk neither starts at the top nor runs past the last one.
    let start: Int
    let limit: Int

    init(message: MessageView, field: UInt32) {
        self.init(message: message, field: field, start: message.bytes.range.lowerBound, limit: Int.max)
    }

    init(message: MessageView, field: UInt32, start: Int, limit: Int) {
        self.message = message
        self.field = field
        self.start = start
        self.limit = limit
    }

    public struct Iterator: IteratorProtocol {
        let view: RepeatedFieldView
        var position: Int
        var remaining: Int

        public mutating func next() -> ProtobufBytes? {
            guard remaining > 0 else { return nil }
            let storage = view.message.bytes.storage
            let end = view.message.bytes.range.upperBound
            let field = view.field
            var found: Range<Int>?
            let start = position
            let resume: Int = storage.withUnsafeBytes { raw in
                var reader = WireReader.validated(raw)
                reader.position = start
                reader.end = end
                while let tag = try? reader.readTag() {
                    if tag.field == field, tag.wireType == .lengthDelimited {
                        found = try? reader.readLengthDelimited()
                        return found == nil ? end : reader.position
                    }
                    do {
                        try reader.skipField(field: tag.field, wireType: tag.wireType, depthBudget: Int.max,
                                             recursionLimit: Int.max)
                    } catch { return end }
                }
                return end
            }
            position = resume
            remaining = found == nil ? 0 : remaining &- 1
            return found.map { ProtobufBytes(storage: storage, range: $0) }
        }
    }

    public func makeIterator() -> Iterator {
        Iterator(view: self, position: start, remaining: limit)
    }

    /// Number of occurrences (from the index when there is one, else a scan).
    public var count: Int {
        if limit != Int.max { return limit }
        var total = 0
        for _ in self { total &+= 1 }
        return total
    }
}
