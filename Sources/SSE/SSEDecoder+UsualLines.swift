import Codecs

/// The hot path of line processing: blank lines, `data:`, `id:` and `event:` lines, as most streams send them, are
/// handled inline in the line loop, with the short copies and comparisons they need done in registers. Anything
/// else (comments, other fields, `retry`, names without a colon, non-ASCII or long IDs) goes to `processLine`,
/// which handles every line and gives the same result for these.
extension SSEDecoder {
    /// Processes one complete line, `bytes[start..<end]`, per §9.2.6: the usual lines here, the rest in
    /// `processLine`.
    @inlinable @inline(__always) mutating func processUsualLine(
        _ bytes: UnsafeRawBufferPointer, start: Int, end: Int, nonASCII: Bool
    ) -> SSEStep {
        let length = end &- start
        guard length > 0 else { return dispatch() }
        let colon = UInt8(ascii: ":")
        if length >= 5, bytes.loadUnaligned(fromByteOffset: start, as: UInt32.self) == Self.dataName,
           bytes[start &+ 4] == colon {
            let valueStart = Self.valueStart(bytes, after: start &+ 5, end: end)
            appendData(bytes, start: valueStart, end: end, offset: droppedBytes &+ start, nonASCII: nonASCII)
            return .more
        }
        if length >= 3, bytes[start] == UInt8(ascii: "i"), bytes[start &+ 1] == UInt8(ascii: "d"),
           bytes[start &+ 2] == colon, !nonASCII {
            let valueStart = Self.valueStart(bytes, after: start &+ 3, end: end)
            if end &- valueStart <= Self.shortValueLength {
                setShortASCIIID(UnsafeRawBufferPointer(rebasing: bytes[valueStart..<end]))
                return .more
            }
        }
        if length >= 6, bytes.loadUnaligned(fromByteOffset: start, as: UInt32.self) == Self.eventNamePrefix,
           bytes[start &+ 4] == UInt8(ascii: "t"), bytes[start &+ 5] == colon {
            let valueStart = Self.valueStart(bytes, after: start &+ 6, end: end)
            let value = UnsafeRawBufferPointer(rebasing: bytes[valueStart..<end])
            if !value.isEmpty, value.count == cachedTypeBytes.count, let cached = cachedTypeBytes.bytes.baseAddress,
               let base = value.baseAddress, memcmpBytes(cached, base, value.count) {
                hasType = true
                return .more
            }
            setEventType(value)
            return .more
        }
        return processLine(bytes, start: start, end: end, nonASCII: nonASCII)
    }

    /// IDs up to this many bytes are copied and checked for NUL with word loads.
    @inlinable static var shortValueLength: Int { 16 }

    /// Where a field value starts: after the colon at `colonEnd - 1`, skipping one space.
    @inlinable @inline(__always) static func valueStart(_ bytes: UnsafeRawBufferPointer, after colonEnd: Int, end: Int)
        -> Int
    {
        colonEnd < end && bytes[colonEnd] == UInt8(ascii: " ") ? colonEnd &+ 1 : colonEnd
    }

    /// `setID` for an ASCII value of at most `shortValueLength` bytes (so valid UTF-8 as it stands).
    @inlinable @inline(__always) mutating func setShortASCIIID(_ value: UnsafeRawBufferPointer) {
        if Self.containsNUL(value) { return }
        if committedIsIDBuffer {
            swap(&idBytes, &committedIDBytes)
            committedIsIDBuffer = false
        }
        idChangedSinceDispatch = true
        idBytes.replace(withShort: value)
    }
}
