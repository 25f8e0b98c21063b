import Codecs

/// Push-style decoding: each call feeds a chunk and lends every item it completes to a closure, parsing the chunk
/// where it lies (only an unfinished last line is copied). Same items, order and errors as `feed(_:)` + `next()`,
/// which it can be mixed with; the pull style is its reference (tests and the `FuzzSSE` oracle compare them).
extension SSEDecoder {
    /// Feeds the next bytes of the body and lends `body` every item they complete, events as UTF-8 views valid
    /// only during the call (no allocation per event; `view.event` makes Strings). Throws the limit error that
    /// ends the stream after the items before it (and on every later call).
    public mutating func feed(
        _ chunk: UnsafeRawBufferPointer, onItem body: (SSEItem<SSEEventView>) -> Void
    ) throws(SSEDecodingError) {
        try decodeInPlace(chunk) { decoder, step, bytes in
            switch step {
            case .more: break
            case let .retry(milliseconds): body(.retry(milliseconds: milliseconds))
            case .event:
                decoder.lendEvent(bytes) { body(.event($0)) }
                decoder.clearEvent()
            }
        }
    }

    /// The body has ended (`finish()`): lends `body` the items still complete in buffered input.
    public mutating func finish(onItem body: (SSEItem<SSEEventView>) -> Void) throws(SSEDecodingError) {
        finish()
        try feed(UnsafeRawBufferPointer(start: nil, count: 0), onItem: body)
    }

    /// Drains buffered input, then parses `chunk` in place: the line the buffer ends in is completed by copying
    /// the chunk up to its first line end; complete lines after that are parsed from the chunk itself; its
    /// unfinished last line is kept. `deliver` gets each step with the bytes its event refers to.
    @usableFromInline mutating func decodeInPlace(
        _ chunk: UnsafeRawBufferPointer,
        _ deliver: (inout SSEDecoder, SSEStep, UnsafeRawBufferPointer) -> Void
    ) throws(SSEDecodingError) {
        if let failure { throw failure }
        drainInput(deliver)
        var rest = chunk
        if failure == nil, !ended, !chunk.isEmpty, readIndex < input.count || !bomResolved {
            var cut = chunk.count
            if bomResolved, let end = SSELineEndScanner.firstLineEnd(in: chunk, from: 0) { cut = end &+ 1 }
            feed(UnsafeRawBufferPointer(rebasing: chunk[0..<cut]))
            drainInput(deliver)
            rest = UnsafeRawBufferPointer(rebasing: chunk[cut...])
        }
        if failure == nil, !ended, !rest.isEmpty, readIndex == input.count {
            droppedBytes &+= input.count
            input.removeAll(keepingCapacity: true)
            readIndex = 0
            scanIndex = 0
            while true {
                let step = parseNext(rest)
                if case .more = step { break }
                deliver(&self, step, rest)
            }
            if failure == nil {
                input.append(contentsOf: UnsafeRawBufferPointer(rebasing: rest[readIndex...]))
                droppedBytes &+= readIndex
                scanIndex &-= readIndex
                readIndex = 0
            }
        }
        if let failure { throw failure }
    }

    /// Delivers every step the buffered input completes.
    @usableFromInline mutating func drainInput(_ deliver: (inout SSEDecoder, SSEStep, UnsafeRawBufferPointer) -> Void) {
        guard failure == nil, readIndex < input.count || ended else { return }
        var storage: [UInt8] = []
        swap(&storage, &input)
        storage.withUnsafeBytes { bytes in
            while true {
                let step = parseNext(bytes)
                if case .more = step { break }
                deliver(&self, step, bytes)
            }
        }
        swap(&storage, &input)
    }

    /// Calls `body` with the dispatched event as bytes (validated UTF-8; repaired into a copy only if invalid).
    /// Mutating, and built from buffers lent without closures, so that no copy of the decoder is made per event.
    @usableFromInline mutating func lendEvent(_ bytes: UnsafeRawBufferPointer, _ body: (SSEEventView) -> Void) {
        let data = dataSliceStart >= 0
            ? UnsafeRawBufferPointer(rebasing: bytes[dataSliceStart..<dataSliceEnd])
            : UnsafeRawBufferPointer(rebasing: dataBuffer.bytes.dropLast())
        let id = committedIsIDBuffer ? idBytes.bytes : committedIDBytes.bytes
        let type = hasType
            ? cachedTypeUTF8.bytes
            : UnsafeRawBufferPointer(start: Self.defaultEventTypeStatic.utf8Start,
                                     count: Self.defaultEventTypeStatic.utf8CodeUnitCount)
        if !dataNonASCII || UTF8Validation.isValid(data) {
            body(SSEEventView(type: type, data: data, lastEventID: id))
        } else {
            Array(String(decoding: data, as: UTF8.self).utf8).withUnsafeBytes {
                body(SSEEventView(type: type, data: $0, lastEventID: id))
            }
        }
    }
}
