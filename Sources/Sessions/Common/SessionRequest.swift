import Reconnect

/// One header of a connection request. A credential-bearing value (`Authorization`) is a `Secret`, so printing a
/// request never shows it.
public struct SessionHeader: Sendable, CustomStringConvertible {
    /// The header name as sent.
    public let name: String
    /// The value; read it with `value.revealed` only to put it on the wire.
    public let value: Secret
    /// Whether the value is a credential (redacted when printed).
    public let isSensitive: Bool

    /// A header whose value may be printed.
    public init(_ name: String, _ value: String) {
        self.name = name
        self.value = Secret(value)
        isSensitive = false
    }

    /// A header carrying a credential.
    public init(_ name: String, secret: Secret) {
        self.name = name
        value = secret
        isSensitive = true
    }

    public var description: String { "\(name): \(isSensitive ? value.description : value.revealed)" }
}

/// What a session asks the transport to open: the WebSocket URL (`ws://` or `wss://`) and the extra request
/// headers, in order. `description` redacts credentials in both (issue 14 §3).
public struct SessionRequest: Sendable, CustomStringConvertible {
    /// The URL to open, query included. Credentials in the query (Stream's `api_key`) are redacted by
    /// `redactedURL`, never by changing this value.
    public var url: String
    /// Headers to send besides the WebSocket handshake's own.
    public var headers: [SessionHeader]
    /// Whether to offer permessage-deflate (RFC 7692), as the seed client does.
    public var offersDeflate: Bool

    public init(url: String, headers: [SessionHeader] = [], offersDeflate: Bool = false) {
        self.url = url
        self.headers = headers
        self.offersDeflate = offersDeflate
    }

    /// `url` with credential query values and userinfo passwords replaced (`URLRedaction`).
    public var redactedURL: String { URLRedaction.redact(url) }

    public var description: String {
        "GET \(redactedURL) [" + headers.map(\.description).joined(separator: ", ") + "]"
    }
}

/// The WebSocket ping keep-alive a session asks the transport for (RFC 6455 §5.5.2): a ping every `interval`;
/// no pong within `timeout` ends the connection as `heartbeat-missed`.
public struct PingKeepalive: Hashable, Sendable {
    public var interval: Duration
    public var timeout: Duration

    public init(interval: Duration, timeout: Duration) {
        self.interval = interval
        self.timeout = timeout
    }
}
