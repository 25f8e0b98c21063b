/// A bounds-checked reader over borrowed bytes: every read either succeeds or throws a `ByteCursorError` with the
/// absolute offset of the failed read. It never copies; slices are index ranges or views into the same memory.
///
/// The cursor is only valid inside the scope that lent its bytes (e.g. `withUnsafeBytes`).
public struct ByteCursor {
    /// The borrowed bytes being read.
    public let bytes: UnsafeRawBufferPointer
    /// Index of the next byte to read, `0...bytes.count`.
    @inlinable public var position: Int { cursorPosition }
    @usableFromInline var cursorPosition: Int
    /// Offset of `bytes[0]` in the enclosing stream, added to error offsets.
    public let baseOffset: Int

    public init(_ bytes: UnsafeRawBufferPointer, baseOffset: Int = 0) {
        self.bytes = bytes
        self.cursorPosition = 0
        self.baseOffset = baseOffset
    }

    /// Bytes left to read.
    @inlinable public var remaining: Int { bytes.count &- position }
    /// True when every byte has been read.
    @inlinable public var isAtEnd: Bool { position >= bytes.count }
    /// Stream offset of the next byte to read.
    @inlinable public var absoluteOffset: Int { baseOffset &+ position }

    @inlinable func require(_ count: Int) throws(ByteCursorError) {
        guard count >= 0, count <= remaining else {
            throw ByteCursorError(.truncated(needed: count, available: remaining), offset: absoluteOffset)
        }
    }

    /// The next byte without consuming it, or nil at the end.
    @inlinable public func peekU8() -> UInt8? {
        position < bytes.count ? bytes[position] : nil
    }

    @inlinable public mutating func readU8() throws(ByteCursorError) -> UInt8 {
        try require(1)
        let value = bytes[position]
        cursorPosition &+= 1
        return value
    }

    @inlinable mutating func readInteger<T: FixedWidthInteger>(_: T.Type) throws(ByteCursorError) -> T {
        try require(MemoryLayout<T>.size)
        let value = bytes.loadUnaligned(fromByteOffset: position, as: T.self)
        cursorPosition &+= MemoryLayout<T>.size
        return value
    }

    @inlinable public mutating func readU16BE() throws(ByteCursorError) -> UInt16 { try UInt16(bigEndian: readInteger(UInt16.self)) }
    @inlinable public mutating func readU16LE() throws(ByteCursorError) -> UInt16 { try UInt16(littleEndian: readInteger(UInt16.self)) }
    @inlinable public mutating func readU32BE() throws(ByteCursorError) -> UInt32 { try UInt32(bigEndian: readInteger(UInt32.self)) }
    @inlinable public mutating func readU32LE() throws(ByteCursorError) -> UInt32 { try UInt32(littleEndian: readInteger(UInt32.self)) }
    @inlinable public mutating func readU64BE() throws(ByteCursorError) -> UInt64 { try UInt64(bigEndian: readInteger(UInt64.self)) }
    @inlinable public mutating func readU64LE() throws(ByteCursorError) -> UInt64 { try UInt64(littleEndian: readInteger(UInt64.self)) }

    /// Reads a base-128 little-endian varint (protobuf encoding): at most 10 bytes, non-minimal encodings
    /// accepted, bits beyond 64 rejected.
    @inlinable public mutating func readVarUInt64() throws(ByteCursorError) -> UInt64 {
        let start = position
        guard position < bytes.count else {
            throw ByteCursorError(.truncated(needed: 1, available: 0), offset: absoluteOffset)
        }
        let first = bytes[position]
        if first < 0x80 {
            cursorPosition &+= 1
            return UInt64(first)
        }
        var result: UInt64 = 0
        var shift: UInt64 = 0
        var index = position
        while true {
            guard index < bytes.count else {
                throw ByteCursorError(.truncated(needed: 1, available: 0), offset: baseOffset &+ index)
            }
            let byte = bytes[index]
            if shift == 63 {
                guard byte & 0x80 == 0 else {
                    throw ByteCursorError(.varintTooLong, offset: baseOffset &+ start)
                }
                guard byte <= 1 else {
                    throw ByteCursorError(.varintOverflow, offset: baseOffset &+ start)
                }
            }
            result |= UInt64(byte & 0x7F) << shift
            index &+= 1
            if byte < 0x80 { break }
            shift &+= 7
        }
        cursorPosition = index
        return result
    }

    /// Consumes `count` bytes and returns their index range in `bytes`.
    @inlinable public mutating func readRange(count: Int) throws(ByteCursorError) -> Range<Int> {
        try require(count)
        let range = position..<(position &+ count)
        cursorPosition &+= count
        return range
    }

    /// Consumes `count` bytes and returns a view of them (same memory, indices rebased to zero).
    @inlinable public mutating func readBytes(count: Int) throws(ByteCursorError) -> UnsafeRawBufferPointer {
        let range = try readRange(count: count)
        return UnsafeRawBufferPointer(rebasing: bytes[range])
    }

    /// Skips `count` bytes.
    @inlinable public mutating func skip(_ count: Int) throws(ByteCursorError) {
        try require(count)
        cursorPosition &+= count
    }

    /// Moves to an absolute index within `bytes` (`0...bytes.count`).
    @inlinable public mutating func seek(to index: Int) throws(ByteCursorError) {
        guard index >= 0, index <= bytes.count else {
            throw ByteCursorError(.rangeOutOfBounds(lower: index, upper: index, count: bytes.count), offset: absoluteOffset)
        }
        cursorPosition = index
    }

    /// A view of `range` of the bytes, checked against the bounds; does not move the cursor.
    @inlinable public func slice(_ range: Range<Int>) throws(ByteCursorError) -> UnsafeRawBufferPointer {
        guard range.lowerBound >= 0, range.upperBound <= bytes.count else {
            throw ByteCursorError(
                .rangeOutOfBounds(lower: range.lowerBound, upper: range.upperBound, count: bytes.count),
                offset: baseOffset &+ max(0, min(range.lowerBound, bytes.count)))
        }
        return UnsafeRawBufferPointer(rebasing: bytes[range])
    }

    /// A cursor over the next `count` bytes (for length-delimited sub-messages); consumes them from this one.
    @inlinable public mutating func subCursor(count: Int) throws(ByteCursorError) -> ByteCursor {
        let start = position
        let view = try readBytes(count: count)
        return ByteCursor(view, baseOffset: baseOffset &+ start)
    }
}
