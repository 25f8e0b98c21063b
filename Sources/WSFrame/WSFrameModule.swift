/// WebSocket framing (RFC 6455) and permessage-deflate (RFC 7692), sans-I/O.
///
/// Namespace for module-level constants; the codec's types live in their own files.
public enum WSFrameModule {}
