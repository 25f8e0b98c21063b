import Codecs

/// A bounds-checked protobuf wire reader over borrowed bytes, accepting and rejecting exactly what the reference
/// (upb, behind python `protobuf`) does: varints of up to 10 bytes with bits past 64 dropped (upb truncates a
/// 10th byte above 1 rather than rejecting it), non-minimal encodings accepted, tags and lengths of at most
/// 5 bytes (lengths: `maxLengthPrefixBytes`, 5 by default), tags up to 2^32-1 with a non-zero field number,
/// lengths below 2^31 and within the message.
///
/// Valid only inside the scope that lent its bytes; offsets in errors are `baseOffset` + position.
public struct WireReader {
    /// The borrowed bytes.
    public let bytes: UnsafeRawBufferPointer
    /// Index of the next byte to read.
    public var position: Int
    /// Index one past the last byte this reader may read (the end of the current message).
    public var end: Int
    /// Offset of `bytes[0]` in the enclosing message, added to error offsets.
    public let baseOffset: Int
    /// Longest length prefix accepted, in bytes (`ProtobufLimits.maxLengthPrefixBytes`).
    public var maxLengthPrefixBytes = 5

    public init(_ bytes: UnsafeRawBufferPointer, baseOffset: Int = 0) {
        self.bytes = bytes
        self.position = 0
        self.end = bytes.count
        self.baseOffset = baseOffset
    }

    /// True when the current message has no bytes left.
    @inlinable public var isAtEnd: Bool { position >= end }

    @inlinable func error(_ kind: ProtobufError.Kind, at index: Int) -> ProtobufError {
        ProtobufError(kind, offset: baseOffset &+ index)
    }

    /// Reads a varint of up to `maxBytes` bytes, keeping the low 64 bits of its value.
    @inlinable mutating func readVarint(maxBytes: Int) throws(ProtobufError) -> UInt64 {
        guard position < end else { throw error(.truncated, at: position) }
        let first = bytes[position]
        if first < 0x80 {
            position &+= 1
            return UInt64(first)
        }
        var result = UInt64(first & 0x7F)
        var index = position &+ 1
        var shift: UInt64 = 7
        while true {
            guard index < end else { throw error(.truncated, at: position) }
            guard index &- position < maxBytes else { throw error(.varintTooLong, at: position) }
            let byte = bytes[index]
            result |= UInt64(byte & 0x7F) &<< shift
            index &+= 1
            if byte < 0x80 { break }
            shift &+= 7
        }
        position = index
        return result
    }

    /// A varint field value (int32/int64/uint64/bool/enum all start here).
    @inlinable public mutating func readVarint() throws(ProtobufError) -> UInt64 {
        try readVarint(maxBytes: 10)
    }

    /// The next tag as field number and wire type, or nil at the end of the message.
    @inlinable public mutating func readTag() throws(ProtobufError) -> (field: UInt32, wireType: WireType)? {
        guard position < end else { return nil }
        let start = position
        let tag = try readVarint(maxBytes: 5)
        guard tag <= UInt64(UInt32.max), tag >> 3 != 0 else { throw error(.invalidTag(field: tag >> 3), at: start) }
        guard let wireType = WireType(rawValue: UInt8(truncatingIfNeeded: tag & 7)) else {
            throw error(.invalidWireType(Int(tag & 7)), at: start)
        }
        return (UInt32(truncatingIfNeeded: tag >> 3), wireType)
    }

    /// Reads a length prefix and returns the index range of the payload after it, checked against the message.
    @inlinable public mutating func readLengthDelimited() throws(ProtobufError) -> Range<Int> {
        let start = position
        let length = try readVarint(maxBytes: maxLengthPrefixBytes)
        let available = end &- position
        guard length < 1 << 31, length <= UInt64(available) else {
            throw error(.lengthOutOfBounds(length: length, available: available), at: start)
        }
        let range = position..<(position &+ Int(length))
        position = range.upperBound
        return range
    }

    @inlinable public mutating func readFixed64() throws(ProtobufError) -> UInt64 {
        guard end &- position >= 8 else { throw error(.truncated, at: position) }
        let value = UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: position, as: UInt64.self))
        position &+= 8
        return value
    }

    @inlinable public mutating func readFixed32() throws(ProtobufError) -> UInt32 {
        guard end &- position >= 4 else { throw error(.truncated, at: position) }
        let value = UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: position, as: UInt32.self))
        position &+= 4
        return value
    }

    /// Skips the value of a field whose tag was just read. A group is skipped to its matching end tag; each group
    /// level counts against `depthBudget` (the nesting still allowed), as upb counts it.
    @inlinable public mutating func skipField(
        field: UInt32, wireType: WireType, depthBudget: Int, recursionLimit: Int
    ) throws(ProtobufError) {
        switch wireType {
        case .varint: _ = try readVarint()
        case .fixed64: _ = try readFixed64()
        case .fixed32: _ = try readFixed32()
        case .lengthDelimited: _ = try readLengthDelimited()
        case .startGroup: try skipGroup(field: field, depthBudget: depthBudget, recursionLimit: recursionLimit)
        case .endGroup: throw error(.unmatchedEndGroup(field: field), at: position)
        }
    }

    /// Skips a group's fields up to the end tag for `field` (the start tag was just read).
    @inlinable public mutating func skipGroup(
        field: UInt32, depthBudget: Int, recursionLimit: Int
    ) throws(ProtobufError) {
        let start = position
        guard depthBudget > 0 else { throw error(.recursionLimit(recursionLimit), at: start) }
        while let tag = try readTag() {
            if tag.wireType == .endGroup {
                guard tag.field == field else { throw error(.unmatchedEndGroup(field: tag.field), at: position) }
                return
            }
            try skipField(field: tag.field, wireType: tag.wireType, depthBudget: depthBudget &- 1,
                          recursionLimit: recursionLimit)
        }
        throw error(.unterminatedGroup(field: field), at: start)
    }

    /// Reads a repeated scalar field's values whether packed (one length-delimited run) or not (one value per
    /// tag), calling `body` with each varint; protobuf parsers must accept both forms.
    @inlinable public mutating func readVarints(
        wireType: WireType, _ body: (UInt64) -> Void
    ) throws(ProtobufError) {
        if wireType == .varint {
            body(try readVarint())
            return
        }
        guard wireType == .lengthDelimited else { throw error(.invalidWireType(Int(wireType.rawValue)), at: position) }
        let range = try readLengthDelimited()
        var packed = self
        packed.position = range.lowerBound
        packed.end = range.upperBound
        while !packed.isAtEnd { body(try packed.readVarint()) }
    }

    /// Decodes a zigzag-encoded sint64 (encoding guide, "Signed Integers").
    @inlinable public static func zigzagDecode(_ value: UInt64) -> Int64 {
        Int64(bitPattern: (value >> 1) ^ (0 &- (value & 1)))
    }

    /// Encodes an sint64 in zigzag form.
    @inlinable public static func zigzagEncode(_ value: Int64) -> UInt64 {
        UInt64(bitPattern: (value &<< 1) ^ (value >> 63))
    }
}
