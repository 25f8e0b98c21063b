import Codecs
import SSE

/// One event an `SSESession` delivers: the WHATWG event (type, data, last event ID, HTML §9.2.6) and, when the
/// profile asks for it (ctfy-compatible: `{"event","data"}` with JSON data parsed, service-profiles §4.3), the
/// data parsed as JSON (nil when the profile does not parse, or the data is not JSON: ctfy then keeps the string).
public struct SSEStreamEvent: Sendable, Equatable {
    public var event: SSEEvent
    public var json: JSONValue?

    public init(event: SSEEvent, json: JSONValue? = nil) {
        self.event = event
        self.json = json
    }
}

/// What an `SSESession` hands the client while a body is read, in stream order.
public enum SSESessionOutput: Sendable, Equatable {
    /// An event for the consumer.
    case event(SSEStreamEvent)
    /// The server set the reconnection time (`retry:`): a server-directed delay for every later reconnect
    /// (`SupervisorInput.serverDirectedDelay`).
    case retry(Duration)
}
