/// What a decoded event is: one of the two data message types (RFC 6455 §5.6) or one of the three control frames
/// (§5.5).
public enum WebSocketEventKind: Sendable, Equatable {
    case text, binary, ping, pong, close
}
