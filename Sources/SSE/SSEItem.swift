/// What `SSEDecoder.next()` hands out, in stream order: dispatched events, and reconnection-time changes at the
/// point the `retry` field was parsed (a client must apply them even when no event follows).
public enum SSEItem: Sendable, Equatable, Hashable {
    /// An event dispatched by a blank line.
    case event(SSEEvent)
    /// A valid `retry` field set the reconnection time to this many milliseconds.
    case retry(milliseconds: Int)
}
