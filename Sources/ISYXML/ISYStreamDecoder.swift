import Codecs

/// Decodes a byte stream of concatenated eisy event documents (a raw `/rest/subscribe` recording) incrementally, in
/// the decoder convention (DecoderConvention article): `feed(_:)` + `next()` (owned `ISYEvent`s), or push with
/// `feed(_:onItem:)` (lent `ISYEventView`s); `finish()` (or `finish(onItem:)`) at end of input. Document boundaries are found one byte at
/// a time, so any chunking gives the same events; each document is then checked and decoded in full. Whitespace
/// between documents is skipped, and so is one UTF-8 byte order mark at the very start of the stream (XML 1.0
/// §4.3.3: it is not content). The first malformed document ends the stream.
public struct ISYStreamDecoder {
    /// The per-document decoder (limits, tolerance).
    public let decoder: ISYEventDecoder
    var buffer = InputBuffer()
    var boundary = XMLDocumentBoundary()
    /// Readable-relative index where scanning resumes.
    var scanned = 0
    /// Readable-relative start of the current document, when one has begun.
    var documentStart: Int?
    var ended = false
    /// Whether the stream's first bytes have been checked for a byte order mark.
    var checkedByteOrderMark = false

    public init(decoder: ISYEventDecoder = ISYEventDecoder()) {
        self.decoder = decoder
    }

    /// Appends a chunk of the stream.
    public mutating func feed(_ chunk: UnsafeRawBufferPointer) {
        buffer.append(chunk)
    }

    /// Marks the end of the stream: a trailing unfinished document is decoded (and fails) on the next call.
    public mutating func finish() {
        ended = true
    }

    /// Feeds a chunk and lends `body` the event of every document it completes (views valid only during the
    /// call); throws, after the events before it, for a malformed document or one over
    /// `XMLLimits.maxDocumentSize`. The same events as `feed(_:)` + `next()`.
    public mutating func feed(
        _ chunk: UnsafeRawBufferPointer, onItem body: (ISYEventView) -> Void
    ) throws(ISYEventError) {
        feed(chunk)
        while try lendNext(body) {}
    }

    /// The end of the stream (`finish()`), then the trailing document, if any, to `body` (an unfinished one throws).
    public mutating func finish(onItem body: (ISYEventView) -> Void) throws(ISYEventError) {
        finish()
        while try lendNext(body) {}
    }

    /// Decodes the next complete document and lends `body` its event; false when more input is needed.
    mutating func lendNext(_ body: (ISYEventView) -> Void) throws(ISYEventError) -> Bool {
        guard let range = try nextDocument() else { return false }
        let streamBase = buffer.streamOffset
        let decoder = self.decoder
        let failure: ISYEventError? = buffer.withReadableBytes { bytes in
            let document = UnsafeRawBufferPointer(rebasing: bytes[range])
            do throws(ISYEventError) {
                try decoder.decode(document, baseOffset: streamBase &+ range.lowerBound, body)
                return nil
            } catch {
                return error
            }
        }
        buffer.consume(range.upperBound)
        scanned = 0
        if let failure { throw failure }
        return true
    }

    /// Decodes the next complete document into an event that owns a copy of it; nil when more input is needed or
    /// the stream is finished. Throws for a malformed document or one over `XMLLimits.maxDocumentSize`.
    public mutating func next() throws(ISYEventError) -> ISYEvent? {
        guard let range = try nextDocument() else { return nil }
        let streamBase = buffer.streamOffset
        let document = buffer.copyBytes(range)
        buffer.consume(range.upperBound)
        scanned = 0
        return try decoder.decode(document, baseOffset: streamBase &+ range.lowerBound)
    }

    /// The readable-relative range of the next complete document, if one is complete (or the stream ended).
    mutating func nextDocument() throws(ISYEventError) -> Range<Int>? {
        if !checkedByteOrderMark {
            guard skipByteOrderMark() else { return nil }
        }
        let limit = decoder.options.limits.maxDocumentSize
        let count = buffer.readableCount
        var found: Range<Int>?
        var start = documentStart
        var index = scanned
        buffer.withReadableBytes { bytes in
            while index < count {
                let step = boundary.step(bytes[index])
                index &+= 1
                switch step {
                case .more: break
                case .begins: start = index &- 1
                case .ends:
                    found = (start ?? 0)..<index
                    return
                case .lone:
                    found = (index &- 1)..<index
                    return
                }
                if let begun = start, index &- begun > limit { return }
            }
        }
        scanned = index
        if let found {
            documentStart = nil
            return found
        }
        documentStart = start
        if let begun = start {
            let size = index &- begun
            if size > limit {
                throw ISYEventError(XMLError(.documentTooLarge(size: size, limit: limit),
                                             offset: buffer.streamOffset &+ begun))
            }
            if ended {
                documentStart = nil
                return begun..<count
            }
        } else if scanned == count, count > 0 {
            // Only whitespace so far: drop it.
            buffer.consume(count)
            scanned = 0
        }
        return nil
    }

    /// Drops a UTF-8 BOM at stream offset 0; false while the bytes so far could still be one (wait for more).
    mutating func skipByteOrderMark() -> Bool {
        let mark: [UInt8] = [0xEF, 0xBB, 0xBF]
        let count = buffer.readableCount
        let prefix = buffer.withReadableBytes { bytes in
            bytes.prefix(3).elementsEqual(mark.prefix(min(3, bytes.count)))
        }
        if prefix, count < 3, !ended { return false }
        checkedByteOrderMark = true
        if prefix, count >= 3 { buffer.consume(3) }
        return true
    }
}
