import Codecs
import Reconnect

/// Configuration of a Stream coordinator connection (service-profiles §5, issue 16).
///
/// | | compatible (getstream PR #236 `StreamWS` @85bfa1f) | recommended (default; stream-video-js §5.7) |
/// |---|---|---|
/// | delay | `min(0.25·2^(k−1), 5)·(1+U)` s, 5 attempts per outage | `retryInterval(k)` (cap 5 s), unlimited |
/// | client `health.check` | every 25 s from connect | 25 s, re-armed on each received `health.check` |
/// | dead | at a 25 s tick, when silent for over 35 s | 35 s after the last message |
/// | code 40 | new token from the provider, reconnect (static token: give up) | same |
/// | close 1000 | stop for good | same |
/// | other closes, network errors, HTTP 429/5xx | reconnect | reconnect (`Retry-After` honoured) |
/// | HTTP 4xx on upgrade (not 401/429) | reconnect | give up |
/// | reconnects after a successful one | every time (the PR-head `StreamChatWS` stuck after one) | every time |
public struct StreamCoordinatorConfiguration: Sendable {
    /// The service base URL; its path is replaced by `/api/v2/connect` (§5.1). `https` → `wss`, else `ws`.
    public var baseURL: String
    public var apiKey: String
    /// The user the token is for; `user_details` defaults to `{"id": userID}`.
    public var userID: String
    /// The auth message's `user_details` object; nil gives `{"id": userID}`.
    public var userDetails: JSONValue?
    /// The `X-Stream-Client` query value.
    public var clientName: String
    public let profile: SessionProfile
    public var reconnect: SupervisorConfiguration
    /// Interval of the client's `health.check` (25 s).
    public var healthCheckInterval: Duration
    /// Silence after which the connection is dead (35 s).
    public var healthCheckTimeout: Duration
    /// Whether each received `health.check` re-arms the client's (stream-video-js) instead of a fixed cadence.
    public var rearmsOnHealthCheck: Bool
    public var extraHeaders: [SessionHeader]

    /// The default `X-Stream-Client`.
    public static let defaultClientName = "stream-swift-streamcodecs"

    /// The defaults of `profile`. `staticToken`: the provider cannot mint a new token, so code 40 gives up.
    public init(
        baseURL: String, apiKey: String, userID: String, profile: SessionProfile = .recommended,
        staticToken: Bool = false
    ) {
        self.baseURL = baseURL
        self.apiKey = apiKey
        self.userID = userID
        self.profile = profile
        clientName = Self.defaultClientName
        healthCheckInterval = .seconds(25)
        healthCheckTimeout = .seconds(35)
        extraHeaders = []
        switch profile {
        case .compatible:
            reconnect = SupervisorConfiguration(
                policy: .getstream,
                classifier: OutcomeClassifier(
                    rules: [
                        ClassifierRule(.reason("token-expired"), .refreshCredentialsThenRetry),
                        ClassifierRule(.webSocketClose(1000...1000), .stopForGood),
                        ClassifierRule(.serviceError(recoverable: false), .giveUp),
                    ],
                    otherwise: .retry),
                canRefreshCredentials: !staticToken)
            rearmsOnHealthCheck = false
        case .recommended:
            reconnect = SupervisorConfiguration(
                policy: .streamVideo, classifier: .streamCoordinator,
                liveness: LivenessRule(window: .seconds(35), outcome: .heartbeatMissed),
                canRefreshCredentials: !staticToken)
            rearmsOnHealthCheck = true
        }
    }
}
