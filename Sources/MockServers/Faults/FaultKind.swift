/// One kind of misbehaviour a mock server can be told to show (the grammar is in `Docs/fault-grammar.md`).
/// Event counts are per connection attempt: every message the mock sends on that connection counts.
public enum FaultKind: Sendable, Equatable {
    /// Answer the stream request (HTTP GET or WebSocket upgrade) with `code` instead of streaming; with
    /// `retryAfter` seconds a `Retry-After` header is added (429/503).
    case status(code: Int, retryAfter: Int?)
    /// Close the TCP connection without any end marker (no close frame, no last chunk) after `events` events.
    case dropAfter(events: Int)
    /// Send `events` events whole, then half of the next one's bytes (inside its frame, line or chunk), then
    /// close the TCP connection.
    case dropMid(events: Int)
    /// WebSocket close frame with `code` after `events` events (nil: right after the upgrade).
    case close(code: Int, afterEvents: Int?)
    /// After `events` events send nothing more and ignore everything received (no pongs, no replies).
    case stall(afterEvents: Int)
    /// Write every byte of the response and stream on its own (one byte per write).
    case drip
    /// Event `events`+1 is malformed for the service's codec; events after it are normal again.
    case garbage(events: Int)
    /// Event `events`+1 is larger than any sane limit (`MockLimits.oversizeBytes`).
    case oversize(events: Int)
    /// The credential this connection used stops being valid after `events` events: the next handshake with it
    /// is refused (401; Stream: `connection.error` code 40).
    case expireToken(events: Int)
    /// Wait this many milliseconds before answering the stream request.
    case slowAccept(milliseconds: Int)
    /// Event `events`+1 is sent as a WebSocket frame with RSV1 set and a payload that does not inflate.
    case badDeflate(events: Int)
    /// Reset this connection attempt and close the listening socket for `milliseconds`, so attempts in that
    /// window are refused by the kernel (they never reach the mock and are not counted).
    case refuse(milliseconds: Int)

    /// The kind's name in the grammar.
    public var name: String {
        switch self {
        case .status: return "status"
        case .dropAfter: return "drop-after"
        case .dropMid: return "drop-mid"
        case .close: return "close"
        case .stall: return "stall"
        case .drip: return "drip"
        case .garbage: return "garbage"
        case .oversize: return "oversize"
        case .expireToken: return "expire-token"
        case .slowAccept: return "slow-accept"
        case .badDeflate: return "bad-deflate"
        case .refuse: return "refuse"
        }
    }
}

/// Which connection attempts (1-based, counted per stream request) a fault applies to.
public enum FaultAttempts: Sendable, Equatable {
    /// Every attempt (no `@`).
    case all
    /// Only attempt K (`@K`).
    case only(Int)
    /// Attempt K and every later one (`@K-`).
    case from(Int)

    /// True when attempt `attempt` is selected.
    public func contains(_ attempt: Int) -> Bool {
        switch self {
        case .all: return true
        case .only(let k): return attempt == k
        case .from(let k): return attempt >= k
        }
    }
}

/// A parsed `--fault` value: the kind, the attempts it applies to, and the text as given (for the log).
public struct FaultSpec: Sendable, Equatable {
    public var kind: FaultKind
    public var attempts: FaultAttempts
    /// The spec exactly as given on the command line, logged with `"event":"fault"`.
    public var text: String

    public init(kind: FaultKind, attempts: FaultAttempts = .all, text: String) {
        self.kind = kind
        self.attempts = attempts
        self.text = text
    }
}
