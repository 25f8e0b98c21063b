/// One message a mock is about to send: its exact payload (logged as `base64`) and the service's log fields
/// (`id`, `seqnum`/`control`, `batch_id`/`resume_token`, `type`).
public struct ScriptEvent: Sendable {
    public var payload: [UInt8]
    public var fields: [(String, LogValue)]
    /// WebSocket: send as a binary message (Central) rather than text.
    public var binary: Bool

    public init(payload: [UInt8], fields: [(String, LogValue)], binary: Bool = false) {
        self.payload = payload
        self.fields = fields
        self.binary = binary
    }
}

/// Where a service's events come from, per connection: an optional unpaced burst (eisy's replay), then paced
/// content (fixture events looping with fresh ids), and the service's periodic keep-alive message. Every
/// method gets the form the fault plan chose for that slot.
public protocol ScriptSource: Sendable {
    /// The next event of the connect burst, or nil once it is over.
    mutating func nextBurst(_ form: EventForm) -> ScriptEvent?
    /// The next content event, or nil once `--count` is reached.
    mutating func nextContent(_ form: EventForm) -> ScriptEvent?
    /// The periodic keep-alive message (eisy `_0`, Event Streamer `heartbeat`, Stream `health.check`), or nil
    /// when the service's keep-alive is not a message (SSE comments are the sink's).
    mutating func heartbeat(_ form: EventForm) -> ScriptEvent?
}

/// How a service puts events on its transport (an HTTP chunked body or WebSocket frames), including the
/// byte-level fault actions.
public protocol EventSink: Sendable {
    /// True while the peer is connected.
    var isActive: Bool { get }
    /// Frames and writes one event in `form`.
    func send(_ event: ScriptEvent, form: EventForm) async throws
    /// Writes the framing and the first half of the event's payload, then closes the TCP connection.
    func sendHalfThenDrop(_ event: ScriptEvent) async
    /// Closes the TCP connection with no end marker.
    func drop() async
    /// Sends nothing more and ignores the peer until it leaves.
    func stall() async
    /// WebSocket close with `code` (HTTP sinks drop instead).
    func close(code: Int) async
    /// The content is over: a clean end (HTTP last chunk, WebSocket close 1000).
    func finish() async
    /// Writes the transport's idle keep-alive (SSE comment); false when it has none.
    func keepAlive() async throws -> Bool
    /// Waits for whatever the peer sent that needs an answer (Stream `health.check`), nil when none is pending.
    func takeReply() -> ScriptEvent?
}

extension EventSink {
    public func keepAlive() async throws -> Bool { false }
    public func takeReply() -> ScriptEvent? { nil }
}
