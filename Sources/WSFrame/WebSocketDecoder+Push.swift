import Codecs

extension WebSocketDecoder {
    /// Decodes a received chunk and hands every item it completes to `body`, in order: the same items and
    /// errors as `feed` followed by `next` until nil, but while nothing is buffered, complete single-frame
    /// messages are read where they lie in `chunk` (a client's unmasked frames need no copy); only the bytes
    /// from the first frame that is unfinished or not of that kind onwards are copied into the decoder.
    public mutating func feed(
        _ chunk: UnsafeRawBufferPointer, onItem body: (WebSocketItemView) -> Void
    ) throws(WebSocketError) {
        var offset = 0
        if configuration.role == .client, !configuration.partialDelivery, configuration.limits.maxFragments > 0 {
            offset = try decodeInPlace(chunk, body)
        }
        feed(UnsafeRawBufferPointer(rebasing: chunk[offset...]))
        while try next(body) != nil {}
    }

    /// Delivers the complete single-frame messages at the start of `chunk` straight from it; returns how many
    /// bytes it used. Stops (for the general path) at anything else, including invalid uncompressed text.
    mutating func decodeInPlace(
        _ chunk: UnsafeRawBufferPointer, _ body: (WebSocketItemView) -> Void
    ) throws(WebSocketError) -> Int {
        let limits = configuration.limits
        let plainLimit = min(limits.maxFramePayload, limits.maxMessageSize)
        let compressedLimit = compressedFrameLimit
        var offset = 0
        while failure == nil, !receivedClose, buffer.isEmpty, frame == nil, messageKind == nil, offset < chunk.count {
            let rest = UnsafeRawBufferPointer(rebasing: chunk[offset...])
            if let frame = WholeFrame.locate(rest, masked: false, compressed: false, limit: plainLimit) {
                let payload = UnsafeRawBufferPointer(rebasing: rest[frame.payloadStart..<frame.end])
                if frame.isText, !UTF8Validation.isValid(payload) { break }
                buffer.skipUnbuffered(frame.end)
                offset &+= frame.end
                body(WebSocketItemView(kind: frame.isText ? .text : .binary, payload: payload, isFrameEnd: true,
                                       isMessageEnd: true, isPiece: false))
                continue
            }
            guard let inflater,
                  let frame = WholeFrame.locate(rest, masked: false, compressed: true, limit: compressedLimit) else {
                break
            }
            let payload = UnsafeRawBufferPointer(rebasing: rest[frame.payloadStart..<frame.end])
            if let error = Self.inflateWholeMessage(payload, text: frame.isText, inflater: inflater,
                                                    limit: limits.maxMessageSize,
                                                    resetAfter: inflateResetsAfterMessage, offset: buffer.streamOffset) {
                buffer.skipUnbuffered(chunk.count &- offset)
                throw latch(error)
            }
            buffer.skipUnbuffered(frame.end)
            offset &+= frame.end
            body(WebSocketItemView(kind: frame.isText ? .text : .binary, payload: inflater.outputBytes,
                                   isFrameEnd: true, isMessageEnd: true, isPiece: false))
            inflater.clearOutput()
        }
        return offset
    }
}
