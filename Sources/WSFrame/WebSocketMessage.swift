/// A complete WebSocket data message (RFC 6455 §5.6), owning its payload: text is validated UTF-8, binary is the
/// payload as received (after permessage-deflate, when negotiated). The one data-message type of the codec and of
/// the NIO layer: `WebSocketEvent.message` carries it, `WebSocket.messages` yields it and `WebSocket.send` takes it.
public enum WebSocketMessage: Sendable, Hashable {
    /// A text message (opcode 0x1).
    case text(String)
    /// A binary message (opcode 0x2).
    case binary([UInt8])

    /// Payload size in bytes, for accounting and logs.
    public var byteCount: Int {
        switch self {
        case .text(let string): return string.utf8.count
        case .binary(let bytes): return bytes.count
        }
    }
}
