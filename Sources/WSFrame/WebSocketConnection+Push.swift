public import Codecs

extension WebSocketConnection {
    /// Push form of `feed(_:now:)` + `next(_:)` until nil: decodes every event `bytes` completes and lends each
    /// to `body` (valid during that call), in order, with the same events, writes and failures. While nothing is
    /// buffered, complete single-frame messages are read where they lie in `bytes` (the decoder's
    /// `feed(_:onItem:)`); only an unfinished frame is copied. Decodes ahead of nobody: use the pull form when the
    /// consumer must pace decoding (backpressure, lockstep delivery).
    public mutating func feed(
        _ bytes: UnsafeRawBufferPointer, now: MonotonicInstant, onItem body: (WebSocketEventView) -> Void
    ) throws(WebSocketConnectionError) {
        advance(to: now)
        if let failure { throw failure }
        guard !inputEnded else { return }
        // Control frames' work is queued in wire order once the decoder returns (the closure cannot reach the
        // connection while its decoder runs); their payloads are at most 125 bytes.
        var reactions: [Reaction] = []
        var decodeError: WebSocketError?
        do throws(WebSocketError) {
            try decoder.feed(bytes) { view in
                if view.kind != .text, view.kind != .binary, let reaction = Reaction(view) {
                    reactions.append(reaction)
                }
                body(view)
            }
        } catch {
            decodeError = error
        }
        for reaction in reactions { react(reaction) }
        if let decodeError {
            throw fail(WebSocketConnectionError(.protocolViolation(decodeError)), sendCode: decodeError.closeCode)
        }
    }

    /// Push form of `feed(_:now:)` for an array.
    public mutating func feed(
        _ bytes: [UInt8], now: MonotonicInstant, onItem body: (WebSocketEventView) -> Void
    ) throws(WebSocketConnectionError) {
        let failed: WebSocketConnectionError? = bytes.withUnsafeBytes { raw in
            do throws(WebSocketConnectionError) {
                try feed(raw, now: now, onItem: body)
                return nil
            } catch {
                return error
            }
        }
        if let failed { throw failed }
    }
}
