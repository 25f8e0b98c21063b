import Codecs
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
    /// Size bounds for frames, messages, fragments and the handshake head.
    public var limits = WebSocketLimits()
    /// The codec connection's timers (close timeout, keepalive ping and pong deadline).
    public var timing = WebSocketTiming()
    /// Messages decoded ahead of the application before socket reads stop; 0 decodes in lockstep with it.
    public var maxBufferedMessages = 16
    /// TCP connect timeout.
    public var connectTimeout: Duration = .seconds(10)
    /// Time allowed from TCP connect to a complete handshake response.
    public var handshakeTimeout: Duration = .seconds(10)
    /// Most body bytes kept from a non-101 response (the rest is dropped, the status still reported).
    public var maxRejectionBodySize = 64 << 10
    /// TLS for `wss://` URLs; nil means `wss://` fails with `WebSocketClientError.tlsUnavailable`.
    public var transportSecurity: (any WebSocketTransportSecurity)?

    public init() {}

    /// Autobahn|Testsuite's client cases: limits wide enough for group 9 (16 MiB messages, 4 MiB in 65536
    /// fragments), deflate offered, lockstep delivery so an echo is sent before a later fault is answered.
    public static var autobahn: WebSocketClientConfiguration {
        var configuration = WebSocketClientConfiguration()
        configuration.limits = .generous
        configuration.maxBufferedMessages = 0
        configuration.deflate = PerMessageDeflateOffer(clientMaxWindowBits: .noValue)
        return configuration
    }
}

/// Timers of an open connection; the event loop's monotonic clock drives them.
public struct WebSocketTiming: Sendable, Equatable {
    /// How long to wait for the peer's close frame (and, for a client, the server's TCP close) after ours.
    public var closeTimeout: Duration = .seconds(5)
    /// Interval between keepalive pings when the connection is idle; nil sends none.
    public var pingInterval: Duration?
    /// How long to wait for the pong before failing the connection.
    public var pongTimeout: Duration = .seconds(5)

    public init(closeTimeout: Duration = .seconds(5), pingInterval: Duration? = nil, pongTimeout: Duration = .seconds(5)) {
        self.closeTimeout = closeTimeout
        self.pingInterval = pingInterval
        self.pongTimeout = pongTimeout
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
