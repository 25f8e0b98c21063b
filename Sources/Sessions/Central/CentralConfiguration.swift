import Reconnect

/// Configuration of an Aruba Central stream (service-profiles §1, issue 16).
///
/// | | compatible (pycentral 2.0a25) | recommended (default) |
/// |---|---|---|
/// | delay | fixed 5 s | exponential 1 s → 30 s, equal jitter |
/// | retry counter | never reset; `maxAttempts` = total attempts (≥ 1) | reset after 60 s connected; limit per outage |
/// | 401 | refresh token once, retry | same |
/// | 429, 5xx | give up | retry, `Retry-After` honoured |
/// | other 4xx | give up | give up |
/// | close frame (any code), network error, ping timeout | retry | retry |
/// | TLS | not verified (`CERT_NONE`) | verified; failure gives up |
/// | attempt (handshake) timeout | none (hangs for ever) | 30 s |
/// | keep-alive | ping 10 s, pong 5 s | same |
public struct CentralConfiguration: Sendable {
    /// The base URL, as pycentral's `base_url`: `https://host[:port][/prefix]` (`http://` and no scheme alike:
    /// the scheme is always `wss`). `ws://` or `wss://` keep their scheme (`ws://` for plain loopback mocks). A
    /// URL whose path already ends in the topic's route is used as is.
    public var baseURL: String
    /// The topic.
    public var topic: CentralTopic
    /// `event-types` filter values, joined with `,` and form-encoded; none means no query.
    public var filters: [String]
    /// The profile the defaults below came from.
    public let profile: SessionProfile
    /// Policy, outcome table and liveness; change `reconnect.policy` to override the backoff.
    public var reconnect: SupervisorConfiguration
    /// The WebSocket keep-alive (§1.5): ping every 10 s, pong within 5 s.
    public var keepalive: PingKeepalive?
    /// Whether certificates go unverified (compatible only).
    public var skipsTLSVerification: Bool
    /// Extra request headers (after `Authorization`).
    public var extraHeaders: [SessionHeader]

    /// The defaults of `profile`. `maxAttempts` is pycentral's `max_retries` in the compatible profile (attempts
    /// in the stream's life, at least 1) and the reconnect attempts per outage in the recommended one.
    public init(
        baseURL: String, topic: CentralTopic = .auditTrail, filters: [String] = [], profile: SessionProfile = .recommended,
        maxAttempts: Int? = nil, canRefreshCredentials: Bool = true
    ) {
        self.baseURL = baseURL
        self.topic = topic
        self.filters = filters
        self.profile = profile
        keepalive = PingKeepalive(interval: .seconds(10), timeout: .seconds(5))
        extraHeaders = []
        switch profile {
        case .compatible:
            reconnect = SupervisorConfiguration(
                policy: .pycentral(maxAttempts: maxAttempts), classifier: .centralCompatible,
                canRefreshCredentials: canRefreshCredentials)
            skipsTLSVerification = true
        case .recommended:
            var policy = ReconnectPolicy.recommended
            policy.limits = AttemptLimits(perOutage: maxAttempts)
            reconnect = SupervisorConfiguration(
                policy: policy, classifier: .central, canRefreshCredentials: canRefreshCredentials)
            skipsTLSVerification = false
        }
    }
}
