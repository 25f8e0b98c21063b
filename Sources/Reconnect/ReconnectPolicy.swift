/// How many attempts a supervisor may make before it gives up with `retries-exhausted`. nil = no limit.
public struct AttemptLimits: Hashable, Sendable {
    /// Reconnect attempts after a failure, counted since the backoff was last reset (getstream: 5 per
    /// episode, §5.5). With `k` retries made and failed, the next failure gives up when `k >= perOutage`.
    public var perOutage: Int?
    /// Connection attempts in the supervisor's life, the first one included (pycentral `max_retries`: "at most
    /// N attempts in total, and at least 1", §1.7). Never reset.
    public var perLifetime: Int?

    public init(perOutage: Int? = nil, perLifetime: Int? = nil) {
        self.perOutage = perOutage
        self.perLifetime = perLifetime
    }

    /// No limit at all.
    public static let unlimited = AttemptLimits()
}

/// When the backoff (the retry counter `k` and the per-outage attempt count) starts again from 1.
public enum BackoffReset: Hashable, Sendable {
    /// Once a connection has stayed up for this long: an outage is over only when the service is back for
    /// real, so a server that accepts and drops at once keeps backing off (LaunchDarkly: 60 s). The default.
    case afterStableFor(Duration)
    /// As soon as a connection opens (pyisyox, §2.6; getstream's per-episode counter, §5.5). A flapping server is
    /// retried at the first step for ever.
    case onOpen
    /// Never: the counter spans the whole life (pycentral, §1.7).
    case never
    /// After a clean end of body, whose reconnect is immediate and does not count as a step: ctfy 0.7.0 resets
    /// its backoff only there (§4.4), so a body that delivered events and then broke keeps the grown delay.
    case afterEndOfStream
}

/// How a server-directed delay (an HTTP `Retry-After`, an SSE `retry:` field) is applied: it replaces the
/// computed delay, without jitter, clamped to `floor...ceiling` so a server can neither make us hammer it nor
/// park us for a year.
public struct ServerDelayBounds: Hashable, Sendable {
    /// The least delay a server can ask for.
    public var floor: Duration
    /// The most delay a server can ask for.
    public var ceiling: Duration

    public init(floor: Duration = .milliseconds(100), ceiling: Duration = .seconds(3600)) {
        self.floor = floor
        self.ceiling = max(ceiling, floor)
    }

    /// `delay` clamped to the bounds.
    public func clamp(_ delay: Duration) -> Duration { min(max(delay, floor), ceiling) }
}

/// A reconnect policy: the computed delay, how server-directed delays apply, the attempt limits, when the
/// backoff resets, and how long one attempt may take. Value types all the way down, so a client states its
/// policy as a literal and tests compare policies.
public struct ReconnectPolicy: Hashable, Sendable {
    public var backoff: Backoff
    public var serverDelay: ServerDelayBounds
    public var limits: AttemptLimits
    public var reset: BackoffReset
    /// The longest a connection attempt may take until the transport reports it open (TCP, TLS, handshake,
    /// the service's first reply); then it fails with `connect-timeout`. nil = no limit (pycentral hangs for
    /// ever on an unanswered handshake, §1.2: not a default worth copying).
    public var attemptTimeout: Duration?

    public init(
        backoff: Backoff,
        serverDelay: ServerDelayBounds = ServerDelayBounds(),
        limits: AttemptLimits = .unlimited,
        reset: BackoffReset = .afterStableFor(.seconds(60)),
        attemptTimeout: Duration? = .seconds(30)
    ) {
        self.backoff = backoff
        self.serverDelay = serverDelay
        self.limits = limits
        self.reset = reset
        self.attemptTimeout = attemptTimeout
    }

    /// Recommended default: exponential from 1 s doubling to 30 s with equal jitter, unlimited attempts, reset
    /// after 60 s up, 30 s per attempt.
    public static let recommended = ReconnectPolicy(
        backoff: .exponential(base: .seconds(1), factor: 2, cap: .seconds(30), jitter: .equal)
    )

    /// pycentral 2.0a25 (§1.7): fixed 5 s, never reset; `maxAttempts` is its `max_retries` (total attempts).
    public static func pycentral(maxAttempts: Int? = nil) -> ReconnectPolicy {
        ReconnectPolicy(
            backoff: .fixed(.seconds(5)), limits: AttemptLimits(perLifetime: maxAttempts), reset: .never,
            attemptTimeout: nil
        )
    }

    /// pyisyox 6.0.1 (§2.6): 1, 2, 5, 10, 30, then 60 s for good; reset when the socket opens; no limit.
    public static let pyisyox = ReconnectPolicy(
        backoff: .schedule([1, 2, 5, 10, 30, 60].map { .seconds($0) }), reset: .onOpen
    )

    /// getstream `StreamWS` (PR #236, §5.5): `min(0.25·2^(k−1), 5)·(1+U)` s, 5 attempts per episode, reset per
    /// episode (on open).
    public static let getstream = ReconnectPolicy(
        backoff: .exponential(base: .milliseconds(250), factor: 2, cap: .seconds(5), jitter: .proportional),
        limits: AttemptLimits(perOutage: 5), reset: .onOpen
    )

    /// stream-video-js `StableWSConnection` (§5.7): `retryInterval` with a 5 s cap, reset on success.
    public static let streamVideo = ReconnectPolicy(backoff: .streamRetryInterval(cap: .seconds(5)), reset: .onOpen)

    /// ctfy 0.7.0 (§4.4): 1 s doubling to 30 s, no jitter, no limit.
    public static let ctfy = ReconnectPolicy(
        backoff: .exponential(base: .seconds(1), factor: 2, cap: .seconds(30), jitter: .none), reset: .onOpen
    )
}
