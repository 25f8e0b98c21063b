/// How a WebSocket connection ended (RFC 6455 §7.1.5–7.1.6).
public struct WebSocketCloseInfo: Sendable, Hashable {
    /// The close code received from the peer; nil when its close frame had no payload or none arrived (1005/1006).
    public var code: UInt16?
    /// The close reason received from the peer (UTF-8), empty when none.
    public var reason: String
    /// True when both close frames were exchanged before the TCP connection ended.
    public var wasClean: Bool

    public init(code: UInt16?, reason: String, wasClean: Bool) {
        self.code = code
        self.reason = reason
        self.wasClean = wasClean
    }
}
