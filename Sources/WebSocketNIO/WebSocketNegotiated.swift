import WSFrame

/// What the opening handshake settled (RFC 6455 §4.1–4.2, RFC 7692 §7).
public struct WebSocketNegotiated: Sendable, Equatable {
    /// The request target, e.g. `/rest/subscribe?x=1`.
    public var target: String
    /// The subprotocol the server selected, if any.
    public var subprotocol: String?
    /// The permessage-deflate parameters in force, nil when not negotiated.
    public var deflate: PerMessageDeflateParameters?
    /// The peer's handshake headers: the response's for a client, the request's for a server.
    public var peerHeaders: [HTTPHeaderField]

    public init(target: String, subprotocol: String?, deflate: PerMessageDeflateParameters?,
                peerHeaders: [HTTPHeaderField]) {
        self.target = target
        self.subprotocol = subprotocol
        self.deflate = deflate
        self.peerHeaders = peerHeaders
    }
}
