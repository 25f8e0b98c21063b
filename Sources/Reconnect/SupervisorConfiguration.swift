/// Liveness: an open connection with no traffic (any byte, message, heartbeat or pong the session counts) for
/// `window` is declared dead, closed and replaced.
public struct LivenessRule: Hashable, Sendable {
    /// Longest silence tolerated.
    public var window: Duration
    /// What the death is reported as: `.idleTimeout` (no bytes, HTTP streams) or `.heartbeatMissed` (a service
    /// heartbeat or pong that did not come). It goes through the classifier like any other outcome.
    public var outcome: ConnectionOutcome

    public init(window: Duration, outcome: ConnectionOutcome = .idleTimeout) {
        self.window = window
        self.outcome = outcome
    }
}

/// A service-declared initial replay (eisy's `/rest/subscribe` burst, service-profiles §2.5): after opening, the
/// status is `syncing` until no traffic came for `quiet`, or `cap` passed since the open, then `connected`.
/// pyisyox samples once a second (so its promotion lands on whole seconds); the supervisor is exact.
public struct SyncingRule: Hashable, Sendable {
    public var quiet: Duration
    public var cap: Duration

    public init(quiet: Duration = .seconds(1), cap: Duration = .seconds(10)) {
        self.quiet = quiet
        self.cap = cap
    }
}

/// Everything a `Supervisor` needs to know about a service.
public struct SupervisorConfiguration: Hashable, Sendable {
    public var policy: ReconnectPolicy
    public var classifier: OutcomeClassifier
    public var liveness: LivenessRule?
    public var syncing: SyncingRule?
    /// Whether the credential provider can produce new credentials (a static token cannot): when false,
    /// `refreshCredentialsThenRetry` gives up instead (Stream code 40 with a static token, §5.5; eisy local).
    public var canRefreshCredentials: Bool

    public init(
        policy: ReconnectPolicy = .recommended,
        classifier: OutcomeClassifier = .standard,
        liveness: LivenessRule? = nil,
        syncing: SyncingRule? = nil,
        canRefreshCredentials: Bool = true
    ) {
        self.policy = policy
        self.classifier = classifier
        self.liveness = liveness
        self.syncing = syncing
        self.canRefreshCredentials = canRefreshCredentials
    }
}
