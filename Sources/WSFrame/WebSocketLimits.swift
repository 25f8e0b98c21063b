/// Bounds for the WebSocket codec (RFC 6455 / RFC 7692), each with a safe default and the reason for it.
///
/// The decoder checks a declared size against its limit before reading or reserving anything, and accumulated and
/// decompressed sizes as they grow; exceeding a limit is a typed error (1009), never truncation. Widen a field for
/// a trusted peer, never remove the check.
public struct WebSocketLimits: Sendable, Equatable {
    /// Largest single frame payload accepted. 1 MiB: as large as the message limit, so one-frame messages fit.
    public var maxFramePayload: Int = 1 << 20
    /// Largest message (after decompression) accepted; exceeding it fails with 1009. 1 MiB, as python-websockets.
    public var maxMessageSize: Int = 1 << 20
    /// Most frames one message may span; bounds per-fragment overhead from a peer sending 1-byte fragments.
    public var maxFragments: Int = 1 << 16
    /// Largest HTTP upgrade request/response head, in bytes (header block before the blank line).
    public var maxHandshakeSize: Int = 16 << 10

    public init() {}
}
