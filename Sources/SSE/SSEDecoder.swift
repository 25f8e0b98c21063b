import Codecs

/// Incremental `text/event-stream` decoder implementing WHATWG HTML §9.2.6 "Event stream interpretation" exactly:
/// feed bytes in any chunking with `feed(_:)`, call `feedEOF()` when the body ends, and pull events and
/// reconnection-time changes with `next()` (nil: more input needed). Any chunking gives the same items.
///
/// Text is UTF-8 with U+FFFD replacement (never an error); one BOM is stripped at the start of the stream only;
/// lines end in CRLF, LF or CR (a CR ending one chunk and an LF starting the next are one line end). The only
/// errors are the limits in `SSELimits`; memory stays bounded by them whatever the server sends.
public struct SSEDecoder: Sendable {
    /// The bounds this decoder enforces.
    public let limits: SSELimits

    /// The event source's last event ID string: what a reconnecting client sends as `Last-Event-ID`. It changes
    /// only when an event is dispatched (a blank line), never when the `id` field is parsed.
    public private(set) var lastEventID: String
    /// The reconnection time in milliseconds set by the latest valid `retry` field; nil until one arrives (the
    /// initial value is the client's choice).
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
    /// The start of a line whose end has not arrived yet (only what spans chunks is copied here).
    @usableFromInline var lineBuffer = SSEByteBuffer()
    /// Stream offset of `lineBuffer[0]`.
    @usableFromInline var lineStartOffset = 0
    /// Bytes fed so far.
    @usableFromInline var streamOffset = 0
    /// The previous chunk ended in CR: an LF starting the next one belongs to that line end.
    @usableFromInline var skipLineFeed = false
    /// Bytes of a leading BOM (EF BB BF) matched so far, while `bomResolved` is false.
    @usableFromInline var bomMatched = 0
    /// Set once the stream's first bytes have shown whether it starts with a BOM.
    @usableFromInline var bomResolved = false
    /// Set by `feedEOF()`; later input is ignored.
    @usableFromInline var ended = false
    /// Items decoded but not yet handed out, from `queueIndex` on.
    @usableFromInline var queue: [SSEItem] = []
    @usableFromInline var queueIndex = 0
    /// The limit error that stopped the stream; thrown by `next()` once the items before it are handed out.
    @usableFromInline var failure: SSEDecodingError?

    /// A decoder for a new connection. `lastEventID` seeds the last event ID buffer: pass the previous
    /// connection's `lastEventID` when reconnecting, so events without an `id` keep it (as browsers do and
    /// web-platform-tests `eventsource/format-field-id-2` expects).
    public init(limits: SSELimits = SSELimits(), lastEventID: String = "") {
        self.limits = limits
        self.lastEventID = lastEventID
        self.idBuffer = lastEventID
    }

    /// True once a limit error has ended the stream (it is thrown by `next()` after the items before it).
    public var hasFailed: Bool { failure != nil }

    /// Hands out the next decoded item in stream order; nil when more input is needed (or the stream is over).
    /// Throws the limit error that ended the stream, after every item that preceded it, and keeps throwing it.
    public mutating func next() throws(SSEDecodingError) -> SSEItem? {
        if queueIndex < queue.count {
            let item = queue[queueIndex]
            queueIndex &+= 1
            if queueIndex == queue.count {
                queue.removeAll(keepingCapacity: true)
                queueIndex = 0
            }
            return item
        }
        if let failure { throw failure }
        return nil
    }

    /// The body has ended: an event not closed by a blank line is discarded, as is an unterminated last line
    /// (HTML §9.2.6: "any pending data must be discarded").
    public mutating func feedEOF() {
        guard !ended else { return }
        ended = true
        // Bytes that began like a BOM but ended the stream are an unterminated first line: still bounded.
        if failure == nil, !bomResolved, bomMatched > max(0, limits.maxLineLength) {
            fail(.lineTooLong(limit: max(0, limits.maxLineLength)), offset: max(0, limits.maxLineLength))
        }
        lineBuffer.removeAll(releasingStorage: true)
        dataBuffer.removeAll(releasingStorage: true)
        typeBuffer = ""
        skipLineFeed = false
    }

    /// Feeds the next bytes of the body as an array.
    public mutating func feed(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { feed($0) }
    }

    /// Feeds the next bytes of the body; decoded items become available from `next()`. Input after a limit error
    /// or after `feedEOF()` is ignored.
    public mutating func feed(_ chunk: UnsafeRawBufferPointer) {
        guard failure == nil, !ended else { return }
        let count = chunk.count
        let chunkOffset = streamOffset
        streamOffset &+= count
        var position = 0
        if !bomResolved {
            position = resolveByteOrderMark(chunk)
            guard position < count else { return }
        }
        if skipLineFeed {
            guard position < count else { return }
            skipLineFeed = false
            if chunk[position] == 0x0A { position &+= 1 }
        }
        let maxLine = max(0, limits.maxLineLength)
        if !lineBuffer.isEmpty {
            guard let end = SSELineEndScanner.firstLineEnd(in: chunk, from: position) else {
                guard lineBuffer.count &+ (count &- position) <= maxLine else {
                    fail(.lineTooLong(limit: maxLine), offset: lineStartOffset &+ maxLine)
                    return
                }
                lineBuffer.append(UnsafeRawBufferPointer(rebasing: chunk[position..<count]))
                return
            }
            guard lineBuffer.count &+ (end &- position) <= maxLine else {
                fail(.lineTooLong(limit: maxLine), offset: lineStartOffset &+ maxLine)
                return
            }
            lineBuffer.append(UnsafeRawBufferPointer(rebasing: chunk[position..<end]))
            var carried = lineBuffer
            lineBuffer = SSEByteBuffer()
            carried.withBytes { processLine($0, offset: lineStartOffset) }
            carried.removeAll()
            lineBuffer = carried
            guard failure == nil else { return }
            position = afterLineEnd(chunk, at: end)
        }
        while position < count {
            guard let end = SSELineEndScanner.firstLineEnd(in: chunk, from: position) else {
                guard count &- position <= maxLine else {
                    fail(.lineTooLong(limit: maxLine), offset: chunkOffset &+ position &+ maxLine)
                    return
                }
                lineBuffer.append(UnsafeRawBufferPointer(rebasing: chunk[position..<count]))
                lineStartOffset = chunkOffset &+ position
                return
            }
            guard end &- position <= maxLine else {
                fail(.lineTooLong(limit: maxLine), offset: chunkOffset &+ position &+ maxLine)
                return
            }
            processLine(UnsafeRawBufferPointer(rebasing: chunk[position..<end]), offset: chunkOffset &+ position)
            guard failure == nil else { return }
            position = afterLineEnd(chunk, at: end)
        }
    }

    /// Consumes the start of the stream while it may still be a BOM; returns where line parsing starts. Bytes
    /// that began like a BOM but were not one are the start of the first line.
    @usableFromInline mutating func resolveByteOrderMark(_ chunk: UnsafeRawBufferPointer) -> Int {
        let byteOrderMark: (UInt8, UInt8, UInt8) = (0xEF, 0xBB, 0xBF)
        var position = 0
        while position < chunk.count {
            let expected = bomMatched == 0 ? byteOrderMark.0 : bomMatched == 1 ? byteOrderMark.1 : byteOrderMark.2
            guard chunk[position] == expected else {
                bomResolved = true
                if bomMatched > 0 {
                    lineBuffer.append(byteOrderMark.0)
                    if bomMatched > 1 { lineBuffer.append(byteOrderMark.1) }
                    lineStartOffset = 0
                }
                return position
            }
            bomMatched &+= 1
            position &+= 1
            if bomMatched == 3 {
                bomResolved = true
                return position
            }
        }
        return position
    }

    /// Index just past the line end starting at `end` (CR, LF or CRLF); a CR that ends the chunk may be
    /// followed by an LF in the next one.
    @inlinable @inline(__always) mutating func afterLineEnd(_ chunk: UnsafeRawBufferPointer, at end: Int) -> Int {
        let next = end &+ 1
        guard chunk[end] == 0x0D else { return next }
        guard next < chunk.count else {
            skipLineFeed = true
            return next
        }
        return chunk[next] == 0x0A ? next &+ 1 : next
    }

    @usableFromInline mutating func fail(_ kind: SSEDecodingError.Kind, offset: Int) {
        failure = SSEDecodingError(kind, offset: offset)
        lineBuffer.removeAll(releasingStorage: true)
        dataBuffer.removeAll(releasingStorage: true)
        typeBuffer = ""
    }

    /// Processes one complete line (terminator excluded) that starts at stream offset `offset` (§9.2.6).
    @usableFromInline mutating func processLine(_ line: UnsafeRawBufferPointer, offset: Int) {
        let count = line.count
        guard count > 0 else {
            dispatch()
            return
        }
        let colon = UInt8(ascii: ":")
        if line[0] == colon { return }
        var nameEnd = 0
        while nameEnd < count, line[nameEnd] != colon { nameEnd &+= 1 }
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
                return
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
                queue.append(.retry(milliseconds: milliseconds))
            }
        case .other:
            return
        }
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
    @usableFromInline mutating func dispatch() {
        lastEventID = idBuffer
        guard !dataBuffer.isEmpty else {
            typeBuffer = ""
            return
        }
        let data = dataBuffer.withBytes { bytes in
            String(decoding: UnsafeRawBufferPointer(rebasing: bytes[0..<(bytes.count &- 1)]), as: UTF8.self)
        }
        let type = typeBuffer.isEmpty ? SSEModule.defaultEventType : typeBuffer
        queue.append(.event(SSEEvent(type: type, data: data, lastEventID: lastEventID)))
        dataBuffer.removeAll()
        typeBuffer = ""
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
