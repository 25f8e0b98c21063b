import Codecs

/// Pull decoding without copying the body: an array fed with `feed(_:)` is kept by reference (it shares the
/// caller's storage) and `next()` parses it where it lies. Only what must outlive it is copied: the part of it that
/// completes a line left unfinished by the previous input, and its own unfinished last line once the next bytes
/// arrive. Same items, order and errors as the copying `feed(_:)` with a buffer, which it can be mixed with.
extension SSEDecoder {
    /// Feeds the next bytes of the body as an array, kept by reference rather than copied when the previous input
    /// has been drained with `next()` (else copied, as `feed(_:)` with a buffer does).
    public mutating func feed(_ bytes: [UInt8]) {
        guard failure == nil, !ended, !bytes.isEmpty else { return }
        guard queuedArray.isEmpty, bomResolved else {
            bytes.withUnsafeBytes { feed($0) }
            return
        }
        if readIndex == input.count {
            if dataSliceStart >= 0 {
                let pending = input
                pending.withUnsafeBytes { copyDataSlice(from: $0) }
            }
            droppedBytes &+= input.count
            adopt(bytes, from: 0)
            return
        }
        // The input ends in an unfinished line: complete it with a copy up to the array's first line end; the rest
        // of the array, which starts at a line start, waits by reference until the input is used up.
        let cut = bytes.withUnsafeBytes { SSELineEndScanner.firstLineEnd(in: $0, from: 0) }.map { $0 &+ 1 }
            ?? bytes.count
        bytes.withUnsafeBytes { appendInput(UnsafeRawBufferPointer(rebasing: $0[0..<cut])) }
        if cut < bytes.count {
            queuedArray = bytes
            queuedArrayStart = cut
        }
    }

    /// Makes `bytes` the input, parsing from `start`; the decoder's own storage is set aside for later.
    @usableFromInline mutating func adopt(_ bytes: [UInt8], from start: Int) {
        if !inputIsShared { swap(&input, &ownInput) }
        input = bytes
        inputIsShared = true
        readIndex = start
        scanIndex = start
    }

    /// The input is used up (no unfinished line): the queued array becomes the input, from where the copied part
    /// ended. `droppedBytes` becomes the stream offset of the array's first byte.
    @usableFromInline mutating func adoptQueuedArray() {
        droppedBytes = droppedBytes &+ input.count &- queuedArrayStart
        var array: [UInt8] = []
        swap(&array, &queuedArray)
        adopt(array, from: queuedArrayStart)
        queuedArrayStart = 0
    }

    /// Copies the rest of the queued array to the end of the input, for the paths that parse or append to the
    /// input while one waits (the push API, a copying feed).
    @usableFromInline mutating func appendQueuedArray() {
        var array: [UInt8] = []
        swap(&array, &queuedArray)
        let start = queuedArrayStart
        queuedArrayStart = 0
        array.withUnsafeBytes { appendInput(UnsafeRawBufferPointer(rebasing: $0[start...])) }
    }

    /// Moves the unparsed bytes of a shared input into the decoder's own storage (after copying a pending data
    /// slice, which refers to the shared bytes), so that appending to the input never copies the caller's array.
    @usableFromInline mutating func moveInputToOwnStorage() {
        if dataSliceStart >= 0 {
            let pending = input
            pending.withUnsafeBytes { copyDataSlice(from: $0) }
        }
        var shared: [UInt8] = []
        swap(&shared, &input)
        swap(&input, &ownInput)
        input.removeAll(keepingCapacity: true)
        shared.withUnsafeBytes { input.append(contentsOf: UnsafeRawBufferPointer(rebasing: $0[readIndex...])) }
        droppedBytes &+= readIndex
        scanIndex &-= readIndex
        readIndex = 0
        inputIsShared = false
    }
}
