import Codecs

/// Why `WebSocketClient.connect` or an operation on a `WebSocket` failed outside the codec (handshake faults,
/// including a non-101 status, are the codec's `WebSocketHandshakeError`).
public enum WebSocketClientError: CodecError, Hashable {
    /// The URL is not a usable `ws://` / `wss://` URL (the reason says why).
    case invalidURL(String, String)
    /// A `wss://` URL was given but the configuration's `transportSecurity` is nil.
    case tlsUnavailable
    /// The connection ended before the handshake completed.
    case connectionClosedDuringHandshake
    /// No complete handshake response arrived within the configured timeout.
    case handshakeTimeout
    /// The operation needs an open connection, and this one is closing or closed.
    case notOpen

    public var code: String {
        switch self {
        case .invalidURL: return "invalid-url"
        case .tlsUnavailable: return "tls-unavailable"
        case .connectionClosedDuringHandshake: return "closed-during-handshake"
        case .handshakeTimeout: return "handshake-timeout"
        case .notOpen: return "not-open"
        }
    }

    public var message: String {
        switch self {
        case .invalidURL(let url, let why): return "invalid WebSocket URL \(url): \(why)"
        case .tlsUnavailable: return "wss:// needs a transportSecurity provider in the configuration"
        case .connectionClosedDuringHandshake: return "connection closed before the handshake completed"
        case .handshakeTimeout: return "no handshake response within the timeout"
        case .notOpen: return "the WebSocket is not open"
        }
    }

    public var offset: Int? { nil }
}
