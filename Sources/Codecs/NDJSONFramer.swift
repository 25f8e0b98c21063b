/// Splits an NDJSON byte stream (one JSON text per line) into lines, incrementally: LF or CRLF terminators,
/// blank lines (empty or only spaces/tabs/CR) skipped but counted, and a line longer than
/// `NDJSONLimits.maxLineLength` (blank or not) reported once and discarded up to its LF with at most the limit buffered.
///
/// The decoder convention (DecoderConvention article): `feed(_:)` and drain `next(_:)`, or push with
/// `feed(_:onItem:)`; `finish()` (or `finish(onItem:)`) at end of input. Lines are always lent (valid during the
/// call), since a framer's consumer parses them in place. Output is the same for any chunking and mixture. Line numbers are physical and 1-based (blank lines included), offsets are stream offsets of
/// the line's first byte. Each byte is searched for LF once, however small the chunks.
public struct NDJSONFramer: Sendable {
    /// One item out of the framer.
    public enum Frame {
        /// A non-blank line without its terminator; the bytes are valid only during the call that lends them.
        case line(UnsafeRawBufferPointer, number: Int, offset: Int)
        /// A line longer than the limit (not counting its terminator): its bytes were dropped.
        case lineTooLong(number: Int, offset: Int)
    }

    public let limits: NDJSONLimits
    @usableFromInline var buffer = InputBuffer()
    /// Readable-relative index where the LF search resumes.
    @usableFromInline var searchFrom = 0
    /// Number of the line that starts at the buffer's first readable byte.
    @usableFromInline var lineNumber = 1
    /// Set while dropping the rest of an over-long line, until its LF.
    @usableFromInline var discarding = false
    @usableFromInline var ended = false

    public init(limits: NDJSONLimits = NDJSONLimits()) {
        self.limits = limits
    }

    /// Bytes held for the line in progress (bounded by the limit plus the latest chunk).
    public var bufferedByteCount: Int { buffer.readableCount }

    /// Appends a chunk of the stream.
    public mutating func feed(_ chunk: UnsafeRawBufferPointer) {
        buffer.append(chunk)
    }

    /// Marks the end of input: a final line without LF is delivered by the next `next(_:)` calls.
    public mutating func finish() {
        ended = true
    }

    /// Calls `body` with the next complete line or over-long-line report and returns its result, or returns nil
    /// when more input is needed (or, after `finish()`, when everything has been delivered).
    @inlinable public mutating func next<R, E: Error>(_ body: (Frame) throws(E) -> R) throws(E) -> R? {
        while true {
            let maxLine = limits.maxLineLength
            let found: Int? = buffer.withReadableBytes { bytes -> Int? in
                NDJSONFramer.indexOfLF(in: bytes, from: searchFrom)
            }
            guard let lineEnd = found else {
                searchFrom = buffer.readableCount
                if discarding {
                    buffer.consume(buffer.readableCount)
                    searchFrom = 0
                    return nil
                }
                // Room for the limit plus a CR that may precede the LF.
                if buffer.readableCount > maxLine &+ 1 {
                    let number = lineNumber
                    let offset = buffer.streamOffset
                    buffer.consume(buffer.readableCount)
                    searchFrom = 0
                    discarding = !ended
                    lineNumber &+= 1
                    return try body(.lineTooLong(number: number, offset: offset))
                }
                guard ended, buffer.readableCount > 0 else { return nil }
                // Final line without a terminator.
                let count = buffer.readableCount
                let result = try deliver(count: count, terminatorLength: 0, body)
                if let result { return result }
                continue
            }
            searchFrom = 0
            if discarding {
                discarding = false
                buffer.consume(lineEnd &+ 1)
                continue
            }
            if let result = try deliver(count: lineEnd, terminatorLength: 1, body) { return result }
        }
    }

    /// Index of the first LF in `bytes` at or after `from`, eight bytes per step.
    @usableFromInline static func indexOfLF(in bytes: UnsafeRawBufferPointer, from: Int) -> Int? {
        guard let base = bytes.baseAddress else { return nil }
        let count = bytes.count
        var index = from
        while index &+ 8 <= count {
            let word = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: index, as: UInt64.self))
                ^ ByteWord.broadcast(0x0A)
            let zero = ByteWord.zeroBytes(word)
            if zero != 0 { return index &+ zero.trailingZeroBitCount >> 3 }
            index &+= 8
        }
        while index < count {
            if base.load(fromByteOffset: index, as: UInt8.self) == 0x0A { return index }
            index &+= 1
        }
        return nil
    }

    /// Hands the first `count` readable bytes (a line, CR stripped) to `body` unless the line is blank, then
    /// consumes it and its terminator. Returns nil for a blank line.
    @inlinable mutating func deliver<R, E: Error>(
        count: Int, terminatorLength: Int, _ body: (Frame) throws(E) -> R
    ) throws(E) -> R? {
        let number = lineNumber
        let offset = buffer.streamOffset
        let maxLine = limits.maxLineLength
        lineNumber &+= 1
        defer { buffer.consume(count &+ terminatorLength) }
        let result: Result<R?, E> = buffer.withReadableBytes { bytes -> Result<R?, E> in
            do throws(E) {
                return .success(try Self.frame(
                    UnsafeRawBufferPointer(rebasing: bytes[0..<count]), number: number, offset: offset,
                    maxLine: maxLine, body))
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }

    /// Hands one line (`bytes`, without its LF) to `body` as a frame, or returns nil when it is blank: a final
    /// CR is dropped, and length is checked first (as when a line is cut off before its LF arrives, so a long
    /// blank line is over-long under every chunking).
    @inlinable static func frame<R, E: Error>(
        _ bytes: UnsafeRawBufferPointer, number: Int, offset: Int, maxLine: Int, _ body: (Frame) throws(E) -> R
    ) throws(E) -> R? {
        var end = bytes.count
        if end > 0, bytes[end &- 1] == 0x0D { end &-= 1 }
        if end > maxLine { return try body(.lineTooLong(number: number, offset: offset)) }
        var index = 0
        while index < end {
            let byte = bytes[index]
            if byte != 0x20, byte != 0x09, byte != 0x0D { break }
            index &+= 1
        }
        if index == end { return nil }
        return try body(.line(UnsafeRawBufferPointer(rebasing: bytes[0..<end]), number: number, offset: offset))
    }

    /// Frames `chunk` as `feed(_:)` followed by draining `next(_:)` would, calling `body` with each frame in order,
    /// but hands out the complete lines inside `chunk` where they lie: only a line begun in an earlier chunk and
    /// the unfinished last line are copied into the buffer. Fast path; its reference is `feed(_:)` + `next(_:)`
    /// (equivalence: `NDJSONFramerTests`, and the `FuzzEventStream` oracle through `EventStreamDecoder`).
    @inlinable public mutating func feed<E: Error>(
        _ chunk: UnsafeRawBufferPointer, onItem body: (Frame) throws(E) -> Void
    ) throws(E) {
        var start = 0
        // A line begun earlier (or one being discarded) is finished through the buffer, up to its LF.
        if !buffer.isEmpty || discarding {
            guard let lineFeed = Self.indexOfLF(in: chunk, from: 0) else {
                buffer.append(chunk)
                while try next(body) != nil {}
                return
            }
            buffer.append(UnsafeRawBufferPointer(rebasing: chunk[0...lineFeed]))
            while try next(body) != nil {}
            start = lineFeed &+ 1
        }
        let maxLine = limits.maxLineLength
        while buffer.isEmpty, !discarding, let lineFeed = Self.indexOfLF(in: chunk, from: start) {
            let number = lineNumber
            let offset = buffer.streamOffset
            lineNumber &+= 1
            buffer.skipUnbuffered(lineFeed &+ 1 &- start)
            _ = try Self.frame(
                UnsafeRawBufferPointer(rebasing: chunk[start..<lineFeed]), number: number, offset: offset,
                maxLine: maxLine, body)
            start = lineFeed &+ 1
        }
        // The unfinished last line: buffered, and reported at once if it already exceeds the limit.
        if start < chunk.count {
            buffer.append(UnsafeRawBufferPointer(rebasing: chunk[start...]))
            while try next(body) != nil {}
        }
    }

    /// The end of input (`finish()`), then every frame still buffered (a last line without LF) to `body`.
    @inlinable public mutating func finish<E: Error>(onItem body: (Frame) throws(E) -> Void) throws(E) {
        finish()
        while try next(body) != nil {}
    }
}
