import Codecs

extension WebSocketDecoder {
    /// Decodes a received chunk and hands every item it completes to `body`, in order: the same items and
    /// errors as `feed` followed by `next` until nil, but while nothing is buffered, complete single-frame
    /// messages are read where they lie in `chunk` (a client's unmasked frames need no copy); only the bytes
    /// from the first frame that is unfinished or not of that kind onwards are copied into the decoder.
    public mutating func feed(
        _ chunk: UnsafeRawBufferPointer, onItem body: (WebSocketEventView) -> Void
    ) throws(WebSocketError) {
        let inPlace = configuration.role == .client && !configuration.partialDelivery
            && configuration.limits.maxFragments > 0
        if let failure { throw failure }
        if receivedClose { return }
        var offset = 0
        do throws(WebSocketError) {
            while offset < chunk.count {
                if failure != nil || receivedClose {
                    // The rest of the chunk that ended decoding counts as fed, as `feed` would have counted it.
                    buffer.skipUnbuffered(chunk.count &- offset)
                    return
                }
                if inPlace, buffer.isEmpty, frame == nil, messageKind == nil {
                    try decodeInPlace(chunk, from: &offset, body)
                    if offset == chunk.count || failure != nil || receivedClose { continue }
                }
                // The general path gets only the bytes that finish the frame in progress, so that in-place
                // decoding resumes right after it (or the whole rest when not decoding in place).
                let rest = chunk.count &- offset
                let take = inPlace ? min(rest, max(1, bytesToFinishFrame())) : rest
                feed(UnsafeRawBufferPointer(rebasing: chunk[offset..<(offset &+ take)]))
                offset &+= take
                while try next(body) != nil {}
            }
        } catch {
            buffer.skipUnbuffered(chunk.count &- offset)
            throw error
        }
    }

    /// Bytes still missing from the frame in progress: the rest of its payload once the header is read, else the
    /// rest of its header (as far as the buffered bytes tell).
    func bytesToFinishFrame() -> Int {
        let buffered = buffer.readableCount
        if frame != nil { return max(0, payloadRemaining &- buffered) }
        guard buffered >= 2 else { return 2 &- buffered }
        let second: UInt8 = buffer.withReadableBytes { $0[1] }
        let lengthBytes = second & 0x7F == 126 ? 2 : (second & 0x7F == 127 ? 8 : 0)
        let header = 2 &+ lengthBytes &+ (second & 0x80 != 0 ? 4 : 0)
        return max(0, header &- buffered)
    }

    /// Delivers the complete single-frame messages in `chunk` from `offset` on straight from it, advancing
    /// `offset` past each. Stops (for the general path) at anything else, including invalid uncompressed text.
    mutating func decodeInPlace(
        _ chunk: UnsafeRawBufferPointer, from offset: inout Int, _ body: (WebSocketEventView) -> Void
    ) throws(WebSocketError) {
        let limits = configuration.limits
        let plainLimit = min(limits.maxFramePayload, limits.maxMessageSize)
        let compressedLimit = compressedFrameLimit
        while failure == nil, !receivedClose, buffer.isEmpty, frame == nil, messageKind == nil, offset < chunk.count {
            let rest = UnsafeRawBufferPointer(rebasing: chunk[offset...])
            if let frame = WholeFrame.locate(rest, masked: false, compressed: false, limit: plainLimit) {
                let payload = UnsafeRawBufferPointer(rebasing: rest[frame.payloadStart..<frame.end])
                if frame.isText, !UTF8Validation.isValid(payload) { return }
                buffer.skipUnbuffered(frame.end)
                offset &+= frame.end
                body(WebSocketEventView(kind: frame.isText ? .text : .binary, payload: payload, isFrameEnd: true,
                                       isMessageEnd: true, isPiece: false))
                continue
            }
            guard let inflater,
                  let frame = WholeFrame.locate(rest, masked: false, compressed: true, limit: compressedLimit) else {
                return
            }
            let payload = UnsafeRawBufferPointer(rebasing: rest[frame.payloadStart..<frame.end])
            if let error = Self.inflateWholeMessage(payload, text: frame.isText, inflater: inflater,
                                                    limit: limits.maxMessageSize,
                                                    resetAfter: inflateResetsAfterMessage, offset: buffer.streamOffset) {
                throw latch(error)
            }
            buffer.skipUnbuffered(frame.end)
            offset &+= frame.end
            body(WebSocketEventView(kind: frame.isText ? .text : .binary, payload: inflater.outputBytes,
                                   isFrameEnd: true, isMessageEnd: true, isPiece: false))
            inflater.clearOutput()
        }
    }
}
