public import Codecs

/// Incremental `text/event-stream` decoder implementing WHATWG HTML §9.2.6 "Event stream interpretation" exactly,
/// in the shape every decoder here has (the DecoderConvention article in the Codecs catalog): `feed(_:)` bytes in
/// any chunking and pull owned items with `next()` until it returns nil (more input needed), or push with
/// `feed(_:onItem:)`, which lends views; `finish()` when the body ends. Any chunking and any mixture of the two
/// styles gives the same items.
///
/// Text is UTF-8 with U+FFFD replacement (never an error); one BOM is stripped at the start of the stream only;
/// lines end in CRLF, LF or CR (a CR ending one chunk and an LF starting the next are one line end). The only
/// errors are the limits in `SSELimits`. Lines are parsed lazily by `next()`, one item at a time, so a caller that
/// drains after each feed holds at most one chunk plus one partial line (bounded by `maxLineLength`). `feed(_:)`
/// copies the chunk.
///
/// The push style (`SSEDecoder+Push.swift`) parses each chunk where it lies and lends events as UTF-8 views
/// (`SSEEventView`), allocating nothing per event. The line loop (`SSEDecoder+LineLoop.swift`) is a fast path;
/// its reference is `processLine` with a byte-at-a-time line search, which a decoder made with
/// `SSEDecoder.reference(limits:lastEventID:)` runs for every line (tests and the `FuzzSSE` oracle hold the two
/// equal).
public struct SSEDecoder: Sendable {
    /// The bounds this decoder enforces.
    public let limits: SSELimits

    /// The event source's last event ID string: what a reconnecting client sends as `Last-Event-ID`. It changes
    /// only when an event is dispatched (a blank line handed out by `next()`), never when `id` is parsed.
    public var lastEventID: String {
        if lastEventIDStringIsCurrent { return lastEventIDString }
        return withLastEventIDBytes { String(decoding: $0, as: UTF8.self) }
    }
    /// The reconnection time in milliseconds set by the latest valid `retry` field handed out; nil until one
    /// arrives (the initial value is the client's choice).
    public private(set) var reconnectionTime: Int?

    /// The last event ID buffer (§9.2.6) as UTF-8 (invalid input already replaced by U+FFFD): set by `id` fields.
    @usableFromInline var idBytes = SSEByteBuffer()
    /// The last event ID string's UTF-8 while it differs from `idBytes` (an `id` was parsed since the last
    /// dispatch); swapped rather than copied, so committing an ID at dispatch costs nothing.
    @usableFromInline var committedIDBytes = SSEByteBuffer()
    /// True when the last event ID string equals `idBytes` (the usual state between events).
    @usableFromInline var committedIsIDBuffer = true
    /// An `id` field was parsed since the last dispatch.
    @usableFromInline var idChangedSinceDispatch = false
    /// The last event ID string as a String, valid while `lastEventIDStringIsCurrent`; built at most once per
    /// change, when an event or the property needs it.
    @usableFromInline var lastEventIDString: String
    @usableFromInline var lastEventIDStringIsCurrent = true
    /// A String of the current last event ID was handed out once without being kept: a stream that sends a new
    /// ID with every event pays no store (release of the old String, retain of the new) per event; the second
    /// event with the same ID keeps it.
    @usableFromInline var lastEventIDStringHandedOut = false

    /// The data buffer as received when it is not a single slice of the input: each `data` value followed by LF.
    @usableFromInline var dataBuffer = SSEByteBuffer()
    /// The event's only `data` value so far, as `start..<end` in the input being parsed (`start` is -1 when
    /// none): the usual one-line event is delivered from where it lies, without a copy. Copied into `dataBuffer`
    /// before that input goes away or a second line arrives.
    @usableFromInline var dataSliceStart = -1
    @usableFromInline var dataSliceEnd = 0
    /// The pending data may hold a byte of 0x80 or more (false means it is ASCII, so valid UTF-8 as it stands).
    @usableFromInline var dataNonASCII = false
    /// The line being scanned may hold a byte of 0x80 or more (reported by the line-end scan).
    @usableFromInline var lineNonASCII = false
    /// The event type buffer is non-empty: it holds `cachedType`.
    @usableFromInline var hasType = false
    /// The raw bytes, the String and the UTF-8 (U+FFFD-repaired) of the last non-empty event type parsed, so a
    /// repeated type costs a comparison, not a decode.
    @usableFromInline var cachedTypeBytes = SSEByteBuffer()
    @usableFromInline var cachedType = ""
    @usableFromInline var cachedTypeUTF8 = SSEByteBuffer()
    /// Input fed but not yet parsed, from `readIndex` on.
    @usableFromInline var input: [UInt8] = []
    @usableFromInline var readIndex = 0
    /// Where the line-end search resumes (at or after `readIndex`), so a line fed a byte at a time is scanned once.
    @usableFromInline var scanIndex = 0
    /// Stream offset of `input[0]` (or of the caller's chunk while one is parsed in place).
    @usableFromInline var droppedBytes = 0
    /// A line ended in CR at the end of the input so far: an LF arriving next belongs to that line end.
    @usableFromInline var skipLineFeed = false
    /// Set once the stream's first bytes have shown whether it starts with a BOM.
    @usableFromInline var bomResolved = false
    /// Set by `finish()`; later input is ignored.
    @usableFromInline var ended = false
    /// Every line goes through `processLine` with a byte-at-a-time line search (`reference(limits:lastEventID:)`).
    @usableFromInline var usesReferencePath = false
    /// The limit error that stopped the stream; `next()` keeps throwing it.
    @usableFromInline var failure: SSEDecodingError?

    /// `data` as a little-endian 32-bit load, for the `data:` fast path.
    @usableFromInline static let dataName = UInt32(littleEndian: 0x6174_6164)
    /// `even` (of `event`) as a little-endian 32-bit load.
    @usableFromInline static let eventNamePrefix = UInt32(littleEndian: 0x6E65_7665)
    /// Input is compacted once this many parsed bytes sit before the unparsed ones (and they outnumber them).
    @usableFromInline static let compactionThreshold = 4096
    /// `SSEModule.defaultEventType` as static UTF-8, lent without a copy.
    @usableFromInline static let defaultEventTypeStatic: StaticString = "message"

    /// A decoder for a new connection. `lastEventID` seeds the last event ID buffer: pass the previous
    /// connection's `lastEventID` when reconnecting, so events without an `id` keep it (as browsers do and
    /// web-platform-tests `eventsource/format-field-id-2` expects).
    public init(limits: SSELimits = SSELimits(), lastEventID: String = "") {
        self.limits = limits
        self.lastEventIDString = lastEventID
        Array(lastEventID.utf8).withUnsafeBytes { idBytes.append($0) }
    }

    /// A decoder that parses every line with the general path, `processLine`, after a byte-at-a-time line-end
    /// search, instead of the line loop's fast paths: the reference that tests and the `FuzzSSE` oracle hold the
    /// fast path to (same items, errors, offsets and state). Slower; not for production use.
    public static func reference(limits: SSELimits = SSELimits(), lastEventID: String = "") -> SSEDecoder {
        var decoder = SSEDecoder(limits: limits, lastEventID: lastEventID)
        decoder.usesReferencePath = true
        return decoder
    }

    /// True once `next()` has met a limit error (it keeps throwing it; later input is ignored).
    public var hasFailed: Bool { failure != nil }

    /// Feeds the next bytes of the body (copied); drain `next()` afterwards. Input after a limit error or after
    /// `finish()` is ignored.
    public mutating func feed(_ chunk: UnsafeRawBufferPointer) {
        guard failure == nil, !ended, !chunk.isEmpty else { return }
        appendInput(chunk)
    }

    /// Appends `chunk` to the input.
    @usableFromInline mutating func appendInput(_ chunk: UnsafeRawBufferPointer) {
        if dataSliceStart >= 0 {
            let pending = input
            pending.withUnsafeBytes { copyDataSlice(from: $0) }
        }
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
    public mutating func finish() {
        ended = true
    }

    /// Hands out the next item in stream order, parsing just enough input for it; nil when more input is needed
    /// (or the stream is over). Throws the limit error that ended the stream, after every item that preceded it,
    /// and keeps throwing it.
    public mutating func next() throws(SSEDecodingError) -> SSEItem<SSEEvent>? {
        if let failure { throw failure }
        var storage: [UInt8] = []
        swap(&storage, &input)
        let item: SSEItem<SSEEvent>? = storage.withUnsafeBytes { bytes in
            switch parseNext(bytes) {
            case .more: nil
            case let .retry(milliseconds): .retry(milliseconds: milliseconds)
            case .event: .event(takeEvent(bytes))
            }
        }
        swap(&storage, &input)
        if let failure { throw failure }
        return item
    }

    /// Parses lines from `readIndex` of `bytes` (the buffered input or a caller's chunk) until one yields an
    /// item, the bytes run out, or a limit fails. On `.more` no pending data refers to `bytes` any longer.
    @usableFromInline mutating func parseNext(_ bytes: UnsafeRawBufferPointer) -> SSEStep {
        let step = usesReferencePath ? parseLinesByReference(bytes) : parseLines(bytes)
        if case .more = step, dataSliceStart >= 0 { copyDataSlice(from: bytes) }
        return step
    }

    /// No line end in the rest of the input: fail if the partial line is already too long; at end of stream,
    /// discard it and the pending event.
    @usableFromInline mutating func endOfInput(_ bytes: UnsafeRawBufferPointer, maxLine: Int) -> SSEStep {
        if bytes.count &- readIndex > maxLine {
            fail(.lineTooLong(limit: maxLine), offset: droppedBytes &+ readIndex &+ maxLine)
            return .more
        }
        if ended {
            readIndex = bytes.count
            scanIndex = bytes.count
            discardEvent()
        }
        return .more
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

    @usableFromInline @inline(never) mutating func failEventDataTooLarge(offset: Int) {
        fail(.eventDataTooLarge(limit: max(0, limits.maxEventDataSize)), offset: offset)
    }

    @usableFromInline mutating func fail(_ kind: SSEDecodingError.Kind, offset: Int) {
        failure = SSEDecodingError(kind, offset: offset)
        discardEvent()
    }

    /// Drops the pending event's data and type, giving back the data storage.
    @usableFromInline mutating func discardEvent() {
        dataSliceStart = -1
        dataNonASCII = false
        dataBuffer.removeAll(releasingStorage: true)
        hasType = false
    }

    /// Processes one complete line, `bytes[start..<end]` (terminator excluded), per §9.2.6; `nonASCII` is false
    /// when the line is known to be ASCII. Every line kind: the reference path of the line loop's fast paths.
    @usableFromInline @inline(never) mutating func processLine(
        _ bytes: UnsafeRawBufferPointer, start: Int, end: Int, nonASCII: Bool
    ) -> SSEStep {
        let count = end &- start
        guard count > 0 else { return dispatch() }
        let line = UnsafeRawBufferPointer(rebasing: bytes[start..<end])
        let colon = UInt8(ascii: ":")
        if line[0] == colon { return .more }
        var nameEnd = 0
        while nameEnd < count, line[nameEnd] != colon { nameEnd &+= 1 }
        let field = SSEFieldName(line, nameLength: nameEnd)
        var valueStart = nameEnd
        if nameEnd < count {
            valueStart &+= 1
            if valueStart < count, line[valueStart] == UInt8(ascii: " ") { valueStart &+= 1 }
        }
        let value = UnsafeRawBufferPointer(rebasing: line[valueStart..<count])
        switch field {
        case .data:
            appendData(bytes, start: start &+ valueStart, end: end, offset: droppedBytes &+ start,
                       nonASCII: nonASCII)
        case .event:
            setEventType(value)
        case .id:
            setID(value, nonASCII: nonASCII)
        case .retry:
            if let milliseconds = Self.parseRetry(value) {
                reconnectionTime = milliseconds
                return .retry(milliseconds)
            }
        case .other:
            break
        }
        return .more
    }

    /// Appends a `data` value (`bytes[start..<end]`) and an LF to the data buffer; the first value of an event
    /// is only noted as a slice of `bytes`.
    @inlinable @inline(__always)
    mutating func appendData(_ bytes: UnsafeRawBufferPointer, start: Int, end: Int, offset: Int, nonASCII: Bool) {
        let length = end &- start
        let buffered = dataSliceStart >= 0 ? dataSliceEnd &- dataSliceStart &+ 1 : dataBuffer.count
        guard buffered &+ length <= limits.maxEventDataSize else {
            failEventDataTooLarge(offset: offset)
            return
        }
        if dataSliceStart < 0, dataBuffer.isEmpty {
            dataSliceStart = start
            dataSliceEnd = end
            dataNonASCII = nonASCII
            return
        }
        appendBufferedData(bytes, start: start, end: end, nonASCII: nonASCII)
    }

    /// A second or later `data` value of an event: the buffered path of `appendData`, kept out of the line loop.
    @usableFromInline @inline(never)
    mutating func appendBufferedData(_ bytes: UnsafeRawBufferPointer, start: Int, end: Int, nonASCII: Bool) {
        dataNonASCII = dataNonASCII || nonASCII
        if dataSliceStart >= 0 { copyDataSlice(from: bytes) }
        dataBuffer.append(UnsafeRawBufferPointer(rebasing: bytes[start..<end]))
        dataBuffer.append(0x0A)
    }

    /// Moves the pending data slice of `bytes` into `dataBuffer` (as value + LF).
    @usableFromInline mutating func copyDataSlice(from bytes: UnsafeRawBufferPointer) {
        guard dataSliceStart >= 0 else { return }
        dataBuffer.append(UnsafeRawBufferPointer(rebasing: bytes[dataSliceStart..<dataSliceEnd]))
        dataBuffer.append(0x0A)
        dataSliceStart = -1
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

    /// A blank line (§9.2.6 "dispatch the event"): commits the last event ID; `.event` when there is data (the
    /// caller then takes the event, which clears the buffers), else clears the type and goes on.
    @usableFromInline @inline(__always) mutating func dispatch() -> SSEStep {
        committedIsIDBuffer = true
        if idChangedSinceDispatch {
            idChangedSinceDispatch = false
            lastEventIDStringIsCurrent = false
            lastEventIDStringHandedOut = false
        }
        guard dataSliceStart >= 0 || !dataBuffer.isEmpty else {
            hasType = false
            return .more
        }
        return .event
    }

    /// Sets the last event ID buffer to `value` as UTF-8 with U+FFFD replacement, unless it holds a NUL.
    @usableFromInline mutating func setID(_ value: UnsafeRawBufferPointer, nonASCII: Bool) {
        if Self.containsNUL(value) { return }
        if committedIsIDBuffer {
            swap(&idBytes, &committedIDBytes)
            committedIsIDBuffer = false
        }
        idChangedSinceDispatch = true
        if !nonASCII || UTF8Validation.isValid(value) {
            idBytes.replace(with: value)
        } else {
            let repaired = Array(String(decoding: value, as: UTF8.self).utf8)
            repaired.withUnsafeBytes { idBytes.replace(with: $0) }
        }
    }

    /// True when `value` holds a 0x00 byte: eight bytes per step (the classic "has zero byte" test), short values
    /// in one or two overlapping loads, so an ID costs no byte loop.
    @inlinable @inline(__always) static func containsNUL(_ value: UnsafeRawBufferPointer) -> Bool {
        guard let base = value.baseAddress else { return false }
        let count = value.count
        @inline(__always) func hasZeroByte(_ word: UInt64) -> Bool {
            ByteWord.zeroBytes(word) != 0
        }
        if count >= 8 {
            var index = 0
            while index &+ 8 < count {
                if hasZeroByte(base.loadUnaligned(fromByteOffset: index, as: UInt64.self)) { return true }
                index &+= 8
            }
            return hasZeroByte(base.loadUnaligned(fromByteOffset: count &- 8, as: UInt64.self))
        }
        if count >= 4 {
            let first = UInt64(base.loadUnaligned(fromByteOffset: 0, as: UInt32.self))
            let last = UInt64(base.loadUnaligned(fromByteOffset: count &- 4, as: UInt32.self))
            return hasZeroByte(first | last &<< 32)
        }
        var index = 0
        while index < count {
            if base.load(fromByteOffset: index, as: UInt8.self) == 0 { return true }
            index &+= 1
        }
        return false
    }

    /// Calls `body` with the UTF-8 of the last event ID string.
    @inlinable func withLastEventIDBytes<R>(_ body: (UnsafeRawBufferPointer) -> R) -> R {
        if committedIsIDBuffer { return idBytes.withBytes(body) }
        return committedIDBytes.withBytes(body)
    }

    /// Sets the event type buffer from an `event` value, reusing the previous String when the bytes repeat (as
    /// they do in most streams), so a repeated type costs a comparison, not a decode.
    @usableFromInline @inline(never) mutating func setEventType(_ value: UnsafeRawBufferPointer) {
        if value.isEmpty {
            hasType = false
            return
        }
        if !cachedTypeBytes.elementsEqual(value) {
            cachedType = String(decoding: value, as: UTF8.self)
            cachedTypeBytes.replace(with: value)
            Array(cachedType.utf8).withUnsafeBytes { cachedTypeUTF8.replace(with: $0) }
        }
        hasType = true
    }

    /// Calls `body` with the dispatched event's data as received (lines joined with LF, no final LF); `bytes` is
    /// the input the last `parseNext` call parsed.
    @inlinable func withEventData<R>(_ bytes: UnsafeRawBufferPointer, _ body: (UnsafeRawBufferPointer) -> R) -> R {
        if dataSliceStart >= 0 {
            return body(UnsafeRawBufferPointer(rebasing: bytes[dataSliceStart..<dataSliceEnd]))
        }
        return dataBuffer.withBytes { body(UnsafeRawBufferPointer(rebasing: $0[0..<($0.count &- 1)])) }
    }

    /// Clears the data and type buffers once a dispatched event has been taken (storage kept for the next one).
    @inlinable mutating func clearEvent() {
        dataSliceStart = -1
        dataNonASCII = false
        dataBuffer.removeAll()
        hasType = false
    }

    /// The dispatched event as Strings; clears the buffers.
    @usableFromInline mutating func takeEvent(_ bytes: UnsafeRawBufferPointer) -> SSEEvent {
        let data = withEventData(bytes) { Self.string(fromUTF8: $0) }
        let type = hasType ? cachedType : "message"
        clearEvent()
        if lastEventIDStringIsCurrent {
            return SSEEvent(type: type, data: data, lastEventID: lastEventIDString)
        }
        let id = withLastEventIDBytes { Self.string(fromUTF8: $0) }
        if lastEventIDStringHandedOut {
            lastEventIDString = id
            lastEventIDStringIsCurrent = true
        } else {
            lastEventIDStringHandedOut = true
        }
        return SSEEvent(type: type, data: data, lastEventID: id)
    }

    /// `bytes` decoded as UTF-8 with U+FFFD replacement. Up to 15 bytes (a small String, as most IDs are) are
    /// copied into the String's inline storage, where the standard library checks for ASCII with one mask and
    /// repairs anything else; longer values are decoded from a `UInt8` buffer (the raw-buffer overload goes
    /// through a protocol cast first).
    @inlinable @inline(__always) static func string(fromUTF8 bytes: UnsafeRawBufferPointer) -> String {
        if bytes.count <= smallStringCapacity { return smallString(fromUTF8: bytes) }
        return String(decoding: bytes.assumingMemoryBound(to: UInt8.self), as: UTF8.self)
    }

    /// The most UTF-8 bytes a String holds inline (without a heap allocation) on 64-bit platforms.
    @inlinable static var smallStringCapacity: Int { 15 }

    /// `string(fromUTF8:)` for at most `smallStringCapacity` bytes.
    @usableFromInline static func smallString(fromUTF8 bytes: UnsafeRawBufferPointer) -> String {
        guard let source = bytes.baseAddress, !bytes.isEmpty else { return "" }
        return String(unsafeUninitializedCapacity: bytes.count) { buffer in
            guard let target = buffer.baseAddress else { return 0 }
            copyShortBytes(from: source, to: UnsafeMutableRawPointer(target), count: min(bytes.count, buffer.count))
            return min(bytes.count, buffer.count)
        }
    }
}
