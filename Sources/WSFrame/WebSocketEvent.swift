/// A decoded event, owning its payload: what `WebSocketDecoder.next()` and `WebSocketConnection.next()` return
/// (`WebSocketEventView` is the lent form). Failures are not events: both throw them.
public enum WebSocketEvent: Sendable, Equatable {
    /// A complete data message.
    case message(WebSocketMessage)
    /// A piece of a data message (partial delivery only).
    case fragment(WebSocketFragment)
    /// A ping (§5.5.2); a `WebSocketConnection` with `autoPong` has already queued the pong.
    case ping([UInt8])
    /// A pong (§5.5.3).
    case pong([UInt8])
    /// The peer's close frame (§5.5.1): code nil for an empty payload, reason "" when absent. Nothing follows
    /// it; a `WebSocketConnection` has echoed it (or it answers our close), so the closing handshake is complete.
    case close(code: UInt16?, reason: String)
}
