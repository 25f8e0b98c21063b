import Reconnect

/// Configuration of an eisy / IoX event stream (service-profiles §2, issue 16).
///
/// | | compatible (pyisyox 6.0.1) | recommended (default) |
/// |---|---|---|
/// | delay | 1, 2, 5, 10, 30, 60 s, reset when the socket opens | same |
/// | status | `syncing` until 1 s quiet (cap 10 s), then `connected` | same |
/// | 401 | portal: refresh/login once, retry; local: give up | same |
/// | 403, 404, other 4xx | retry | give up |
/// | 429, 5xx, network errors, close frames | retry | retry (`Retry-After` honoured) |
/// | liveness | none (`last_event_at` only) | `_0` heartbeat: silence for twice its interval → reconnect |
/// | `/api/events/subscribe` auth frame | not sent | `{"auth":{"token":…}}` sent first (portal) |
/// | TLS | not verified (`Controller`'s `CERT_NONE`) | verified; failure gives up |
/// | attempt timeout | 300 s (aiohttp's session total) | 30 s |
/// | stray `&` in a frame | repaired (pyisyox retries with `&` escaped) | same; a bad frame is skipped, never fatal |
public struct EisyConfiguration: Sendable {
    /// How the stream authenticates (§2.3).
    public enum Authentication: Hashable, Sendable {
        /// `Authorization: Basic base64(user:password)`; the credential provider returns the password. A 401
        /// cannot be recovered (pyisyox `LocalAuth`: RECONNECT_FAILED).
        case local(user: String)
        /// `Authorization: Bearer <accessToken>`; the provider returns the portal access token and logs in or
        /// refreshes when asked again (`EisyPortalAuth` builds those requests).
        case portal
    }

    /// The two subscribe paths (§2.1).
    public static let restSubscribePath = "/rest/subscribe"
    public static let apiEventsSubscribePath = "/api/events/subscribe"

    /// The controller's base URL (`https://eisy.local:8443`): `https` → `wss`, `http` → `ws`, `ws`/`wss` kept.
    public var baseURL: String
    /// `/rest/subscribe` (raw XML, default) or `/api/events/subscribe` (JSON envelope).
    public var path: String
    public var authentication: Authentication
    public let profile: SessionProfile
    public var reconnect: SupervisorConfiguration
    /// Whether the `_0` heartbeat sets the liveness window (twice its announced interval).
    public var heartbeatLiveness: Bool
    /// Whether the `{"auth":{"token":…}}` frame is sent first on `/api/events/subscribe` with portal auth.
    public var sendsAuthFrame: Bool
    public var skipsTLSVerification: Bool
    public var extraHeaders: [SessionHeader]

    /// The defaults of `profile`.
    public init(
        baseURL: String, path: String = restSubscribePath, authentication: Authentication,
        profile: SessionProfile = .recommended
    ) {
        self.baseURL = baseURL
        self.path = path
        self.authentication = authentication
        self.profile = profile
        extraHeaders = []
        let canRefresh = authentication == .portal
        switch profile {
        case .compatible:
            var policy = ReconnectPolicy.pyisyox
            policy.attemptTimeout = .seconds(300)
            reconnect = SupervisorConfiguration(
                policy: policy,
                classifier: OutcomeClassifier(
                    rules: [ClassifierRule(.httpStatus(401...401), .refreshCredentialsThenRetry)], otherwise: .retry),
                syncing: SyncingRule(quiet: .seconds(1), cap: .seconds(10)), canRefreshCredentials: canRefresh)
            heartbeatLiveness = false
            sendsAuthFrame = false
            skipsTLSVerification = true
        case .recommended:
            var policy = ReconnectPolicy.pyisyox
            policy.attemptTimeout = .seconds(30)
            reconnect = SupervisorConfiguration(
                policy: policy, classifier: .eisy, syncing: SyncingRule(quiet: .seconds(1), cap: .seconds(10)),
                canRefreshCredentials: canRefresh)
            heartbeatLiveness = true
            sendsAuthFrame = true
            skipsTLSVerification = false
        }
    }
}
