import Reconnect

/// How a response body that was read to its end ended (an error ends a stream by throwing instead).
///
/// Either way the stream is over and a reconnecting client decides what is next; `truncated` says that the last
/// event was cut off, so a consumer must not treat the body's last bytes as a complete item.
public enum HTTPStreamEnd: Sendable, Hashable {
    /// The body ended after a complete item (SSE: after a line end with no event pending; NDJSON: after an LF).
    case complete
    /// The body ended in the middle of a line or of an event: SSE discards that event (HTML §9.2.6, "any pending
    /// data must be discarded"); NDJSON decodes an unterminated last line but reports it as cut off.
    case truncated

    /// What the reconnect core sees: either way the stream ended (`end-of-stream`).
    public var connectionOutcome: ConnectionOutcome { .endOfStream }

    /// Stable kebab-case name of this end, for logs and outcome tables.
    public var code: String {
        switch self {
        case .complete: "end-of-body"
        case .truncated: "truncated-body"
        }
    }
}
