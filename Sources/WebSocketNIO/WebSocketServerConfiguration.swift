import Codecs
import WSFrame

/// How a `WebSocketServer` answers upgrades and how its connections behave.
public struct WebSocketServerConfiguration: Sendable {
    /// Subprotocols this server speaks, in preference order; the first one the client offered is selected.
    public var subprotocols: [String] = []
    /// Accept permessage-deflate offers (RFC 7692) with `deflatePolicy`.
    public var acceptDeflate = true
    /// The parameters this server insists on or allows when accepting an offer.
    public var deflatePolicy = PerMessageDeflateServerPolicy()
    /// The codec connection's settings: limits (also bounding the request head), close timeout, keepalive,
    /// fragmentation and compression threshold. `deflate` and `partialDelivery` are set by the handshake.
    public var connection = WebSocketConnection.Configuration()
    /// Messages decoded ahead of the application before socket reads stop; 0 decodes in lockstep with it. Many
    /// small messages are handed over in batches of up to this many, so a larger value costs less per message.
    public var maxBufferedMessages = 256
    /// Payload bytes decoded ahead after which socket reads stop, whatever the count: memory held for a slow
    /// application stays at most this plus one message (`connection.limits.maxMessageSize`).
    public var maxBufferedBytes = 1 << 20
    /// Time allowed from TCP accept to a complete upgrade request.
    public var handshakeTimeout: Duration = .seconds(10)
    /// TLS for the listener (`wss://`), e.g. `TLSServerOptions(identity: .selfSigned())`; nil serves plain `ws://`.
    public var transportSecurity: (any WebSocketServerTransportSecurity)?
    /// Decides each valid upgrade request (mock servers return 401 and the like here); nil accepts all.
    public var decideUpgrade: (@Sendable (WebSocketUpgradeRequest) -> WebSocketUpgradeDecision)?

    public init() {}

    /// An echo endpoint for Autobahn's fuzzingclient: generous limits for group 9, lockstep delivery so each
    /// echo leaves before a later fault on the wire is answered.
    public static func echoServer(maxMessageSize: Int = 32 << 20) -> WebSocketServerConfiguration {
        var configuration = WebSocketServerConfiguration()
        configuration.connection.limits = .generous
        configuration.connection.limits.maxMessageSize = maxMessageSize
        configuration.connection.limits.maxFramePayload = maxMessageSize
        configuration.maxBufferedMessages = 0
        return configuration
    }
}

/// A valid upgrade request as the server saw it, for `decideUpgrade`.
public struct WebSocketUpgradeRequest: Sendable {
    /// Request target (path and query), e.g. `/rest/subscribe`.
    public var target: String
    /// Request headers in wire order.
    public var headers: [HTTPHeaderField]

    /// The first value of header `name` (case-insensitive).
    public func header(_ name: String) -> String? {
        let wanted = name.lowercased()
        return headers.first { $0.name.lowercased() == wanted }?.value
    }
}

/// The server's answer to an upgrade request.
public enum WebSocketUpgradeDecision: Sendable {
    /// Upgrade (101), adding `headers` to the response.
    case accept(headers: [HTTPHeaderField] = [])
    /// Refuse with an HTTP status, e.g. 401 with `WWW-Authenticate` and a JSON body; the connection then closes.
    case reject(status: Int, reason: String, headers: [HTTPHeaderField] = [], body: [UInt8] = [])
}
