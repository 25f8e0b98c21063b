import Codecs

/// Incremental `text/event-stream` decoder implementing WHATWG HTML §9.2.6 "Event stream interpretation" exactly,
/// in the h11 style: `feed(_:)` bytes in any chunking, call `feedEOF()` when the body ends, and pull events and
/// reconnection-time changes with `next()` until it returns nil (more input needed) after each feed. Any chunking
/// gives the same items.
///
/// Text is UTF-8 with U+FFFD replacement (never an error); one BOM is stripped at the start of the stream only;
/// lines end in CRLF, LF or CR (a CR ending one chunk and an LF starting the next are one line end). The only
/// errors are the limits in `SSELimits`. Lines are parsed lazily by `next()`, one item at a time, so a caller that
/// drains after each feed holds at most one chunk plus one partial line (bounded by `maxLineLength`).
public struct SSEDecoder: Sendable {
    /// The bounds this decoder enforces.
    public let limits: SSELimits

    /// The event source's last event ID string: what a reconnecting client sends as `Last-Event-ID`. It changes
    /// only when an event is dispatched (a blank line handed out by `next()`), never when `id` is parsed.
    public private(set) var lastEventID: String
    /// The reconnection time in milliseconds set by the latest valid `retry` field handed out; nil until one
    /// arrives (the initial value is the client's choice).
    public private(set) var reconnectionTime: Int?

    /// The last event ID buffer (§9.2.6): set by `id` fields, copied to `lastEventID` at dispatch.
    @usableFromInline var idBuffer: String
    /// The data buffer as received: each `data` value followed by LF. Decoded to a String only at dispatch.
    @usableFromInline var dataBuffer = SSEByteBuffer()
    /// The event type buffer, decoded when the `event` field is parsed (it is only ever replaced whole).
    @usableFromInline var typeBuffer = ""
    /// The bytes and String of the last non-empty event type parsed, so a repeated type is not decoded again.
    @usableFromInline var cachedTypeBytes = SSEByteBuffer()
    @usableFromInline var cachedType = ""
    /// Input fed but not yet parsed, from `readIndex` on.
    @usableFromInline var input: [UInt8] = []
    @usableFromInline var readIndex = 0
    /// Where the line-end search resumes (at or after `readIndex`), so a line fed a byte at a time is scanned once.
    @usableFromInline var scanIndex = 0
    /// Stream offset of `input[0]` (bytes dropped by compaction).
    @usableFromInline var droppedBytes = 0
    /// A line ended in CR at the end of the input so far: an LF arriving next belongs to that line end.
    @usableFromInline var skipLineFeed = false
    /// Set once the stream's first bytes have shown whether it starts with a BOM.
    @usableFromInline var bomResolved = false
    /// Set by `feedEOF()`; later input is ignored.
    @usableFromInline var ended = false
    /// The limit error that stopped the stream; `next()` keeps throwing it.
    @usableFromInline var failure: SSEDecodingError?

    /// `data` as a little-endian 32-bit load, for the `data:` fast path.
    @usableFromInline static let dataName = UInt32(littleEndian: 0x6174_6164)
    /// Input is compacted once this many parsed bytes sit before the unparsed ones (and they outnumber them).
    @usableFromInline static let compactionThreshold = 4096

    /// A decoder for a new connection. `lastEventID` seeds the last event ID buffer: pass the previous
    /// connection's `lastEventID` when reconnecting, so events without an `id` keep it (as browsers do and
    /// web-platform-tests `eventsource/format-field-id-2` expects).
    public init(limits: SSELimits = SSELimits(), lastEventID: String = "") {
        self.limits = limits
        self.lastEventID = lastEventID
        self.idBuffer = lastEventID
    }

    /// True once `next()` has met a limit error (it keeps throwing it; later input is ignored).
    public var hasFailed: Bool { failure != nil }

    /// Feeds the next bytes of the body as an array.
    public mutating func feed(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { feed($0) }
    }

    /// Feeds the next bytes of the body (copied); drain `next()` afterwards. Input after a limit error or after
    /// `feedEOF()` is ignored.
    public mutating func feed(_ chunk: UnsafeRawBufferPointer) {
        guard failure == nil, !ended, !chunk.isEmpty else { return }
        if readIndex == input.count {
            droppedBytes &+= readIndex
            input.removeAll(keepingCapacity: true)
            readIndex = 0
            scanIndex = 0
        } else if readIndex >= Self.compactionThreshold, readIndex >= input.count &- readIndex {
            droppedBytes &+= readIndex
            input.removeSubrange(0..<readIndex)
            scanIndex &-= readIndex
            readIndex = 0
        }
        input.append(contentsOf: chunk)
    }

    /// The body has ended: complete lines already fed are still handed out by `next()`; then an event not closed
    /// by a blank line is discarded, as is an unterminated last line (HTML §9.2.6: "any pending data must be
    /// discarded").
    public mutating func feedEOF() {
        ended = true
    }

    /// Hands out the next item in stream order, parsing just enough input for it; nil when more input is needed
    /// (or the stream is over). Throws the limit error that ended the stream, after every item that preceded it,
    /// and keeps throwing it.
    public mutating func next() throws(SSEDecodingError) -> SSEItem? {
        if let failure { throw failure }
        var storage: [UInt8] = []
        swap(&storage, &input)
        let item = storage.withUnsafeBytes { parseNext($0) }
        swap(&storage, &input)
        if let failure { throw failure }
        return item
    }

    /// Parses lines from `readIndex` until one yields an item, the input runs out, or a limit fails.
    @usableFromInline mutating func parseNext(_ bytes: UnsafeRawBufferPointer) -> SSEItem? {
        let count = bytes.count
        let maxLine = max(0, limits.maxLineLength)
        if !bomResolved {
            guard resolveByteOrderMark(bytes) else { return nil }
        }
        while true {
            if skipLineFeed {
                guard readIndex < count else { return endOfInput(bytes, maxLine: maxLine) }
                skipLineFeed = false
                if bytes[readIndex] == 0x0A {
                    readIndex &+= 1
                    scanIndex = max(scanIndex, readIndex)
                }
            }
            guard let end = SSELineEndScanner.firstLineEnd(in: bytes, from: max(scanIndex, readIndex)) else {
                scanIndex = count
                return endOfInput(bytes, maxLine: maxLine)
            }
            let lineStart = readIndex
            guard end &- lineStart <= maxLine else {
                fail(.lineTooLong(limit: maxLine), offset: droppedBytes &+ lineStart &+ maxLine)
                return nil
            }
            readIndex = end &+ 1
            if bytes[end] == 0x0D {
                if readIndex < count {
                    if bytes[readIndex] == 0x0A { readIndex &+= 1 }
                } else {
                    skipLineFeed = true
                }
            }
            scanIndex = readIndex
            let item = processLine(
                UnsafeRawBufferPointer(rebasing: bytes[lineStart..<end]), offset: droppedBytes &+ lineStart)
            if item != nil || failure != nil { return item }
        }
    }

    /// No line end in the rest of the input: fail if the partial line is already too long; at end of stream,
    /// discard it and the pending event.
    @usableFromInline mutating func endOfInput(_ bytes: UnsafeRawBufferPointer, maxLine: Int) -> SSEItem? {
        if bytes.count &- readIndex > maxLine {
            fail(.lineTooLong(limit: maxLine), offset: droppedBytes &+ readIndex &+ maxLine)
            return nil
        }
        if ended {
            readIndex = bytes.count
            scanIndex = bytes.count
            dataBuffer.removeAll(releasingStorage: true)
            typeBuffer = ""
        }
        return nil
    }

    /// At stream start: strips a leading EF BB BF. Returns false while the bytes so far could still be a BOM
    /// (more input needed); bytes that began like a BOM but were not one stay as the start of the first line.
    @usableFromInline mutating func resolveByteOrderMark(_ bytes: UnsafeRawBufferPointer) -> Bool {
        let byteOrderMark: [UInt8] = [0xEF, 0xBB, 0xBF]
        let available = min(3, bytes.count &- readIndex)
        for index in 0..<available where bytes[readIndex &+ index] != byteOrderMark[index] {
            bomResolved = true
            return true
        }
        if available == 3 {
            readIndex &+= 3
            scanIndex = readIndex
            bomResolved = true
            return true
        }
        if ended {
            bomResolved = true
            return true
        }
        return false
    }

    @usableFromInline mutating func fail(_ kind: SSEDecodingError.Kind, offset: Int) {
        failure = SSEDecodingError(kind, offset: offset)
        dataBuffer.removeAll(releasingStorage: true)
        typeBuffer = ""
    }

    /// Processes one complete line (terminator excluded) that starts at stream offset `offset` (§9.2.6).
    @usableFromInline mutating func processLine(_ line: UnsafeRawBufferPointer, offset: Int) -> SSEItem? {
        let count = line.count
        guard count > 0 else { return dispatch() }
        let colon = UInt8(ascii: ":")
        if line[0] == colon { return nil }
        var nameEnd = 0
        // Fast path for the most common line, `data:`; the general scan below finds the same colon.
        if count >= 5, line.loadUnaligned(as: UInt32.self) == Self.dataName, line[4] == colon {
            nameEnd = 4
        } else {
            while nameEnd < count, line[nameEnd] != colon { nameEnd &+= 1 }
        }
        var valueStart = nameEnd
        if nameEnd < count {
            valueStart &+= 1
            if valueStart < count, line[valueStart] == UInt8(ascii: " ") { valueStart &+= 1 }
        }
        let value = UnsafeRawBufferPointer(rebasing: line[valueStart..<count])
        switch SSEFieldName(line, nameLength: nameEnd) {
        case .data:
            let newSize = dataBuffer.count &+ value.count
            guard newSize <= limits.maxEventDataSize else {
                fail(.eventDataTooLarge(limit: max(0, limits.maxEventDataSize)), offset: offset)
                return nil
            }
            dataBuffer.append(value)
            dataBuffer.append(0x0A)
        case .event:
            setEventType(value)
        case .id:
            if !value.contains(0) { idBuffer = String(decoding: value, as: UTF8.self) }
        case .retry:
            if let milliseconds = Self.parseRetry(value) {
                reconnectionTime = milliseconds
                return .retry(milliseconds: milliseconds)
            }
        case .other:
            break
        }
        return nil
    }

    /// `retry`: ASCII digits only, base ten; anything else (empty, sign, space, other digits) is ignored. A
    /// value past `Int.max` saturates there (the spec sets no bound; it still means "wait very long").
    @usableFromInline static func parseRetry(_ value: UnsafeRawBufferPointer) -> Int? {
        guard !value.isEmpty else { return nil }
        var result = 0
        var saturated = false
        for byte in value {
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            if saturated { continue }
            let (product, overflow1) = result.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = product.addingReportingOverflow(Int(byte &- UInt8(ascii: "0")))
            if overflow1 || overflow2 {
                saturated = true
                result = Int.max
            } else {
                result = sum
            }
        }
        return result
    }

    /// Dispatches the event on a blank line (§9.2.6 "dispatch the event").
    @usableFromInline mutating func dispatch() -> SSEItem? {
        lastEventID = idBuffer
        guard !dataBuffer.isEmpty else {
            typeBuffer = ""
            return nil
        }
        let data = dataBuffer.withBytes { bytes in
            String(decoding: UnsafeRawBufferPointer(rebasing: bytes[0..<(bytes.count &- 1)]), as: UTF8.self)
        }
        let type = typeBuffer.isEmpty ? SSEModule.defaultEventType : typeBuffer
        dataBuffer.removeAll()
        typeBuffer = ""
        return .event(SSEEvent(type: type, data: data, lastEventID: lastEventID))
    }

    /// Sets the event type buffer from an `event` value, reusing the previous String when the bytes repeat (as
    /// they do in most streams), so a repeated type costs a comparison, not a decode.
    @usableFromInline mutating func setEventType(_ value: UnsafeRawBufferPointer) {
        if value.isEmpty {
            typeBuffer = ""
            return
        }
        if !cachedTypeBytes.elementsEqual(value) {
            cachedType = String(decoding: value, as: UTF8.self)
            cachedTypeBytes.removeAll()
            cachedTypeBytes.append(value)
        }
        typeBuffer = cachedType
    }
}
