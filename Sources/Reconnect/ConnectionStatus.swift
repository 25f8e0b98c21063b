/// The status model every client shares (issue 14 §3), reported on each change.
///
///     connecting ─open→ [syncing ─quiet→] connected
///         │                  │ (any end)        │
///         ▼                  ▼                  ▼
///     lost(reason) → reconnecting(attempt, delay) → connecting …
///                  → stopped(reason)   the service or our stop() ended it
///                  → failed(reason)    gave up: fatal outcome or limits used up
///
/// Modelled on pyisyox `EventStreamStatus` (service-profiles §2.5), which is the only seed client with an
/// explicit model; `lost` is reported for every end of an attempt or connection, with its reason.
public enum ConnectionStatus: Hashable, Sendable, CustomStringConvertible {
    /// A connection attempt is under way.
    case connecting
    /// Open, and a service-declared initial replay is still draining (eisy: until 1 s quiet, at most 10 s).
    case syncing
    /// Open and live.
    case connected
    /// The attempt or connection ended for this reason; one of the next three follows.
    case lost(ReasonCode)
    /// Waiting `delay` before reconnect attempt `attempt` (1 = the first retry since the backoff reset).
    case reconnecting(attempt: Int, delay: Duration)
    /// Ended for good because the service said so or we called stop; terminal.
    case stopped(ReasonCode)
    /// Gave up; terminal.
    case failed(ReasonCode)

    /// The status name `harness connect` prints: `connecting`, `syncing`, `connected`, `lost`, `reconnecting`,
    /// `stopped`, `failed`.
    public var name: String {
        switch self {
        case .connecting: "connecting"
        case .syncing: "syncing"
        case .connected: "connected"
        case .lost: "lost"
        case .reconnecting: "reconnecting"
        case .stopped: "stopped"
        case .failed: "failed"
        }
    }

    /// The reason, for `lost`, `stopped` and `failed`.
    public var reason: ReasonCode? {
        switch self {
        case let .lost(reason), let .stopped(reason), let .failed(reason): reason
        default: nil
        }
    }

    /// Whether no status follows this one.
    public var isTerminal: Bool {
        switch self {
        case .stopped, .failed: true
        default: false
        }
    }

    public var description: String {
        switch self {
        case let .reconnecting(attempt, delay): "reconnecting(attempt: \(attempt), delay: \(delay))"
        case let .lost(reason), let .stopped(reason), let .failed(reason): "\(name)(\(reason))"
        default: name
        }
    }
}

/// How a supervisor ended.
public enum Termination: Hashable, Sendable {
    /// The service said stop, or `stop` was called.
    case stopped(ReasonCode)
    /// It gave up.
    case failed(ReasonCode)

    public var reason: ReasonCode {
        switch self {
        case let .stopped(reason), let .failed(reason): reason
        }
    }
}
