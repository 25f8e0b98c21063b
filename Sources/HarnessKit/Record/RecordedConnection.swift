import Reconnect

/// What one connection attempt of a `harness record` run saw, in arrival order (issue 18): when it began, the
/// status that opened it (101, or the HTTP stream's 2xx), the payload reads with their boundaries and times, the
/// messages our client sent (sizes and times only: a first message may carry a token), and how it ended.
public struct RecordedConnection: Sendable {
    /// One read: a WebSocket message as the session received it (`kind` set), or one HTTP body read as the
    /// decoder received it (`kind` nil).
    public struct Read: Sendable {
        public var bytes: [UInt8]
        /// Text or binary for a WebSocket message; nil for an HTTP body read.
        public var isText: Bool?
        /// Milliseconds from the attempt's start.
        public var milliseconds: Double
    }

    /// A message the client sent on the WebSocket. `harness record URL` keeps its size only (a first message may
    /// carry a token); proxy mode also keeps the content with every credential it saw replaced by `[redacted]`.
    public struct ClientMessage: Sendable {
        public var milliseconds: Double
        /// Server messages received before it.
        public var afterReads: Int
        public var byteCount: Int
        /// The message (credentials redacted) and whether it was text; proxy mode only.
        public var content: [UInt8]? = nil
        public var isText = false
    }

    /// The status that opened the stream (101 or 2xx); nil when it never opened.
    public var openStatus: Int?
    /// Milliseconds from the attempt's start to the open.
    public var openMilliseconds: Double?
    /// Response header fields worth replaying (`RecordSecrets.replayableHeaders`), in order.
    public var headers: [(name: String, value: String)] = []
    public var reads: [Read] = []
    public var clientMessages: [ClientMessage] = []
    /// The reason the attempt ended (`ws-close-1011`, `http-401`, `end-of-stream`, `stop-requested`, …) and when.
    public var endReason: ReasonCode?
    public var endMilliseconds: Double?
    /// Proxy mode: the client's request line (target with credential query values redacted).
    public var request: (method: String, target: String)?
    /// Proxy mode: the faults the proxy applied on this connection and when.
    public var faults: [(spec: String, milliseconds: Double)] = []
}
