/// A decoded event whose payload is lent from the decoder's buffers or the caller's read: valid only inside the
/// closure it is passed to. This is the zero-copy, zero-allocation form that `WebSocketDecoder.next(_:)`,
/// `WebSocketDecoder.feed(_:onItem:)` and the matching `WebSocketConnection` calls hand out (a session decodes a
/// payload such as a CloudEvent in place from it); `owned` is the `WebSocketEvent` that `next()` returns.
public struct WebSocketEventView {
    public var kind: WebSocketEventKind
    /// Message payload (unmasked, inflated, UTF-8-validated for text), control payload, or a partial piece.
    /// For `.close` it is the whole close payload (code and reason).
    public var payload: UnsafeRawBufferPointer
    /// The piece ends its frame (always true unless partial delivery is on).
    public var isFrameEnd: Bool
    /// The piece ends its message (always true unless partial delivery is on).
    public var isMessageEnd: Bool
    /// The event is a piece of a data message delivered under partial delivery.
    public var isPiece: Bool

    @usableFromInline init(kind: WebSocketEventKind, payload: UnsafeRawBufferPointer, isFrameEnd: Bool,
                           isMessageEnd: Bool, isPiece: Bool) {
        self.kind = kind
        self.payload = payload
        self.isFrameEnd = isFrameEnd
        self.isMessageEnd = isMessageEnd
        self.isPiece = isPiece
    }

    /// True for a complete text or binary message (not a piece, not a control frame).
    public var isMessage: Bool { !isPiece && (kind == .text || kind == .binary) }

    /// For `.close`: the status code, nil when the payload is empty (§5.5.1).
    public var closeCode: UInt16? {
        guard kind == .close, payload.count >= 2 else { return nil }
        return UInt16(payload[0]) << 8 | UInt16(payload[1])
    }

    /// For `.close`: the reason's UTF-8 bytes (validated), empty when absent.
    public var closeReason: UnsafeRawBufferPointer {
        guard kind == .close, payload.count > 2 else { return UnsafeRawBufferPointer(start: nil, count: 0) }
        return UnsafeRawBufferPointer(rebasing: payload[2...])
    }

    /// The owned form of this event (copies the payload).
    public var owned: WebSocketEvent {
        if isPiece {
            return .fragment(WebSocketFragment(
                isText: kind == .text, bytes: Array(payload), frameFinished: isFrameEnd, messageFinished: isMessageEnd))
        }
        switch kind {
        case .text: return .message(.text(String(decoding: payload, as: UTF8.self)))
        case .binary: return .message(.binary(Array(payload)))
        case .ping: return .ping(Array(payload))
        case .pong: return .pong(Array(payload))
        case .close: return .close(code: closeCode, reason: String(decoding: closeReason, as: UTF8.self))
        }
    }
}
