/// A complete WebSocket data message as the application sees it (RFC 6455 §5.6): text is validated UTF-8,
/// binary is the payload as received (after permessage-deflate, when negotiated).
public enum WebSocketDataMessage: Sendable, Hashable {
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
