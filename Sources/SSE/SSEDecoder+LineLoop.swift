import Codecs

/// The line loop, the decoder's hot path: positions live in locals and are stored back only when it returns, the
/// line-end scan is inlined, and the lines most streams consist of (blank, `data:`, a short ASCII `id:`, a repeated
/// `event:` type) are handled in the loop itself, with the short copies and comparisons they need done in
/// registers. Every other line goes to `processLine`, which handles all lines and gives the same result for these.
///
/// Reference path: `parseLinesByReference`, a byte-at-a-time line search that sends every line to `processLine`
/// with no ASCII shortcut; `SSEDecoder.reference(limits:lastEventID:)` runs it, and the tests and the `FuzzSSE`
/// oracle hold the two equal.
extension SSEDecoder {
    /// Parses lines from `readIndex` of `bytes` until one yields an item, the bytes run out, or a limit fails. A
    /// CR/LF pair split across inputs is settled before the loop (`skipLineFeed` is only ever set when a CR ends
    /// the bytes, so no later line needs the check).
    @usableFromInline mutating func parseLines(_ bytes: UnsafeRawBufferPointer) -> SSEStep {
        let count = bytes.count
        let maxLine = max(0, limits.maxLineLength)
        if !bomResolved {
            guard resolveByteOrderMark(bytes) else { return .more }
        }
        var lineStart = readIndex
        if skipLineFeed {
            guard lineStart < count else { return endOfInput(bytes, maxLine: maxLine) }
            skipLineFeed = false
            if bytes[lineStart] == 0x0A {
                lineStart &+= 1
                readIndex = lineStart
            }
        }
        var scan = max(scanIndex, lineStart)
        var nonASCII = lineNonASCII
        let colon = UInt8(ascii: ":")
        while true {
            guard let end = SSELineEndScanner.firstLineEnd(in: bytes, from: scan, nonASCII: &nonASCII) else {
                readIndex = lineStart
                scanIndex = count
                lineNonASCII = nonASCII
                return endOfInput(bytes, maxLine: maxLine)
            }
            let length = end &- lineStart
            guard length <= maxLine else {
                readIndex = lineStart
                scanIndex = lineStart
                lineNonASCII = false
                fail(.lineTooLong(limit: maxLine), offset: droppedBytes &+ lineStart &+ maxLine)
                return .more
            }
            var next = end &+ 1
            if bytes[end] == 0x0D {
                if next < count {
                    if bytes[next] == 0x0A { next &+= 1 }
                } else {
                    skipLineFeed = true
                }
            }
            var step = SSEStep.more
            if length == 0 {
                step = dispatch()
            } else if length >= 5,
                      bytes.loadUnaligned(fromByteOffset: lineStart, as: UInt32.self) == Self.dataName,
                      bytes[lineStart &+ 4] == colon {
                let valueStart = Self.valueStart(bytes, after: lineStart &+ 5, end: end)
                appendData(bytes, start: valueStart, end: end, offset: droppedBytes &+ lineStart, nonASCII: nonASCII)
            } else if length >= 3, !nonASCII, bytes[lineStart] == UInt8(ascii: "i"),
                      bytes[lineStart &+ 1] == UInt8(ascii: "d"), bytes[lineStart &+ 2] == colon,
                      end &- Self.valueStart(bytes, after: lineStart &+ 3, end: end) <= Self.shortValueLength {
                let valueStart = Self.valueStart(bytes, after: lineStart &+ 3, end: end)
                setShortASCIIID(UnsafeRawBufferPointer(rebasing: bytes[valueStart..<end]))
            } else if length >= 6,
                      bytes.loadUnaligned(fromByteOffset: lineStart, as: UInt32.self) == Self.eventNamePrefix,
                      bytes[lineStart &+ 4] == UInt8(ascii: "t"), bytes[lineStart &+ 5] == colon {
                let valueStart = Self.valueStart(bytes, after: lineStart &+ 6, end: end)
                let value = UnsafeRawBufferPointer(rebasing: bytes[valueStart..<end])
                if !value.isEmpty, value.count == cachedTypeBytes.count, let cached = cachedTypeBytes.bytes.baseAddress,
                   let base = value.baseAddress, memcmpBytes(cached, base, value.count) {
                    hasType = true
                } else {
                    setEventType(value)
                }
            } else {
                step = processLine(bytes, start: lineStart, end: end, nonASCII: nonASCII)
            }
            lineStart = next
            scan = next
            nonASCII = false
            if case .more = step, failure == nil { continue }
            readIndex = next
            scanIndex = next
            lineNonASCII = false
            return step
        }
    }

    /// IDs up to this many bytes are copied and checked for NUL with word loads.
    @inlinable static var shortValueLength: Int { 16 }

    /// Where a field value starts: after the colon that ends at `colonEnd`, skipping one space.
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

    /// The reference for `parseLines`: the same contract, with a plain byte loop for the line end and every line
    /// handled by `processLine`, treated as possibly non-ASCII (so every value is UTF-8-checked).
    @usableFromInline mutating func parseLinesByReference(_ bytes: UnsafeRawBufferPointer) -> SSEStep {
        let count = bytes.count
        let maxLine = max(0, limits.maxLineLength)
        if !bomResolved {
            guard resolveByteOrderMark(bytes) else { return .more }
        }
        if skipLineFeed {
            guard readIndex < count else { return endOfInput(bytes, maxLine: maxLine) }
            skipLineFeed = false
            if bytes[readIndex] == 0x0A { readIndex &+= 1 }
        }
        while true {
            let lineStart = readIndex
            var end = lineStart
            while end < count, bytes[end] != 0x0A, bytes[end] != 0x0D { end &+= 1 }
            guard end < count else {
                scanIndex = count
                return endOfInput(bytes, maxLine: maxLine)
            }
            guard end &- lineStart <= maxLine else {
                scanIndex = lineStart
                fail(.lineTooLong(limit: maxLine), offset: droppedBytes &+ lineStart &+ maxLine)
                return .more
            }
            var next = end &+ 1
            if bytes[end] == 0x0D {
                if next < count {
                    if bytes[next] == 0x0A { next &+= 1 }
                } else {
                    skipLineFeed = true
                }
            }
            let step = processLine(bytes, start: lineStart, end: end, nonASCII: true)
            readIndex = next
            scanIndex = next
            if case .more = step, failure == nil { continue }
            return step
        }
    }
}
