/// WebSocket client and server over SwiftNIO, on the WSFrame codec.
///
/// Namespace for module-level constants; the codec's types live in their own files.
public enum WebSocketNIOModule {}
