import Codecs
import TransportNIO
import WSFrame

/// What a `WebSocketClient` sends in its opening handshake and how its connections behave.
public struct WebSocketClientConfiguration: Sendable {
    /// Extra request headers, e.g. `Authorization: Bearer …`; values with CR, LF or NUL are refused by the codec.
    public var headers: [HTTPHeaderField] = []
    /// Subprotocols offered in preference order (`Sec-WebSocket-Protocol`); the server may pick one.
    public var subprotocols: [String] = []
    /// `Origin` header, when the server wants one.
    public var origin: String?
    /// permessage-deflate offer (RFC 7692); nil sends no offer.
    public var deflate: PerMessageDeflateOffer? = PerMessageDeflateOffer()
    /// The codec connection's settings: limits (also bounding the handshake), close timeout, keepalive,
    /// fragmentation and compression threshold. `deflate` and `partialDelivery` are set by the handshake.
    public var connection = WebSocketConnection.Configuration()
    /// Messages decoded ahead of the application before socket reads stop; 0 decodes in lockstep with it. Many
    /// small messages are handed over in batches of up to this many, so a larger value costs less per message.
    public var maxBufferedMessages = 256
    /// Payload bytes decoded ahead after which socket reads stop, whatever the count: memory held for a slow
    /// application stays at most this plus one message (`connection.limits.maxMessageSize`).
    public var maxBufferedBytes = 1 << 20
    /// TCP connect timeout.
    public var connectTimeout: Duration = .seconds(10)
    /// Time allowed from TCP connect to a complete handshake response.
    public var handshakeTimeout: Duration = .seconds(10)
    /// Most body bytes kept from a non-101 response (the rest is dropped, the status still reported).
    public var maxRejectionBodySize = 64 << 10
    /// TLS for `wss://` URLs: by default `TLSClientOptions()`, i.e. the system trust store with host name check
    /// (other trust choices: `TLSClientOptions.Trust`); nil makes `wss://` fail with
    /// `WebSocketClientError.tlsUnavailable`.
    public var transportSecurity: (any WebSocketTransportSecurity)? = TLSClientOptions()

    public init() {}

    /// Autobahn|Testsuite's client cases: limits wide enough for group 9 (16 MiB messages, 4 MiB in 65536
    /// fragments), deflate offered, lockstep delivery so an echo is sent before a later fault is answered.
    public static var autobahn: WebSocketClientConfiguration {
        var configuration = WebSocketClientConfiguration()
        configuration.connection.limits = .generous
        configuration.maxBufferedMessages = 0
        configuration.deflate = PerMessageDeflateOffer(clientMaxWindowBits: .noValue)
        return configuration
    }
}

extension WebSocketLimits {
    /// Autobahn group 9 sizes: 16 MiB single-frame messages, 4 MiB messages in 65536 fragments (32 MiB and
    /// 2^17 fragments here, for headroom).
    public static var generous: WebSocketLimits {
        var limits = WebSocketLimits()
        limits.maxFramePayload = 32 << 20
        limits.maxMessageSize = 32 << 20
        limits.maxFragments = 1 << 17
        return limits
    }
}
