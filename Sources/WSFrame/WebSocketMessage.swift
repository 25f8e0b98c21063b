/// What a decoded item is: one of the two message types or one of the three control frames.
public enum WebSocketItemKind: Sendable, Equatable {
    case text, binary, ping, pong, close
}

/// A decoded item whose payload is borrowed from the decoder's buffers: valid only inside the closure it is
/// passed to. This is the zero-copy, zero-allocation path; `WebSocketMessage` is the owned form.
public struct WebSocketItemView {
    public var kind: WebSocketItemKind
    /// Message payload (unmasked, inflated, UTF-8-validated for text), control payload, or a partial piece.
    /// For `.close` it is the whole close payload (code and reason).
    public var payload: UnsafeRawBufferPointer
    /// The piece ends its frame (always true unless partial delivery is on).
    public var isFrameEnd: Bool
    /// The piece ends its message (always true unless partial delivery is on).
    public var isMessageEnd: Bool
    /// The item is a piece of a data message delivered under partial delivery.
    public var isPiece: Bool

    @usableFromInline init(kind: WebSocketItemKind, payload: UnsafeRawBufferPointer, isFrameEnd: Bool,
                           isMessageEnd: Bool, isPiece: Bool) {
        self.kind = kind
        self.payload = payload
        self.isFrameEnd = isFrameEnd
        self.isMessageEnd = isMessageEnd
        self.isPiece = isPiece
    }

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

    /// The owned form of this item.
    public var message: WebSocketMessage {
        if isPiece {
            return .fragment(WebSocketFragment(
                isText: kind == .text, bytes: Array(payload), frameFinished: isFrameEnd, messageFinished: isMessageEnd))
        }
        switch kind {
        case .text: return .text(String(decoding: payload, as: UTF8.self))
        case .binary: return .binary(Array(payload))
        case .ping: return .ping(Array(payload))
        case .pong: return .pong(Array(payload))
        case .close: return .close(code: closeCode, reason: String(decoding: closeReason, as: UTF8.self))
        }
    }
}

/// A piece of a data message under partial delivery (as wsproto does): pieces arrive in order; text pieces
/// are validated UTF-8 as a whole, though one piece may end inside a code point that the next one completes.
public struct WebSocketFragment: Sendable, Equatable {
    public var isText: Bool
    public var bytes: [UInt8]
    /// This piece ends a frame.
    public var frameFinished: Bool
    /// This piece ends the message.
    public var messageFinished: Bool

    public init(isText: Bool, bytes: [UInt8], frameFinished: Bool, messageFinished: Bool) {
        self.isText = isText
        self.bytes = bytes
        self.frameFinished = frameFinished
        self.messageFinished = messageFinished
    }
}

/// A decoded item, owning its payload.
public enum WebSocketMessage: Sendable, Equatable {
    /// A complete text message (validated UTF-8).
    case text(String)
    /// A complete binary message.
    case binary([UInt8])
    /// A ping; the connection answers it automatically.
    case ping([UInt8])
    /// A pong.
    case pong([UInt8])
    /// A close frame: code nil for an empty payload; reason "" when absent.
    case close(code: UInt16?, reason: String)
    /// A piece of a data message (partial delivery only).
    case fragment(WebSocketFragment)
}
