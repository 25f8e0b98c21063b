import Codecs

/// Why an open WebSocket connection ended without a closing handshake: a protocol fault detected here (with the
/// close code sent to the peer), a close timeout, or the TCP connection dropping (1006).
public struct WebSocketConnectionError: CodecError, Hashable {
    /// Stable kebab-case identifier: the codec's code for a protocol fault, else `connection-dropped`, etc.
    public var code: String
    public var message: String
    /// Byte offset of the fault in the received stream, when the codec reported one.
    public var offset: Int?
    /// The close code this endpoint sent (1002, 1007, 1009, 1011…), or nil when no close frame could be sent.
    public var closeCode: UInt16?

    public init(code: String, message: String, offset: Int? = nil, closeCode: UInt16? = nil) {
        self.code = code
        self.message = message
        self.offset = offset
        self.closeCode = closeCode
    }

    /// The TCP connection ended before the closing handshake completed (RFC 6455 §7.1.5: code 1006).
    static let dropped = WebSocketConnectionError(
        code: "connection-dropped", message: "connection closed without a closing handshake (1006)")
}
