import Codecs
import Reconnect

/// How batches are acknowledged (service-profiles §3.1, §3.4).
public enum AcknowledgementMode: Hashable, Sendable {
    /// The SDK's default: every delivered batch is queued and all queued IDs go in one bulk ack
    /// (`POST …/ack/batch/bulk`) every `interval` (the SDK's fixed 3 s) and once more on stop.
    case automatic(interval: Duration)
    /// The consumer acknowledges each batch itself (`POST …/ack/batch`, `acknowledge(batchID:)`).
    case manual
}

/// Everything an `EventStreamerSession` needs. Build one with `recommended(baseURL:subscriptionID:)` or
/// `compatible(baseURL:subscriptionID:)`.
///
/// | | recommended | SDK-compatible (event-streamer-sdk 0.5.0, service-profiles §3) |
/// |---|---|---|
/// | reconnect | yes, resuming from the last delivered batch's resume token | never (one attempt) |
/// | stream request headers | configured headers and token | none (the SDK sends them on the control plane only) |
/// | `Content-Type` | NDJSON, JSON Lines or JSON, else give up | not checked |
/// | `error` line | ends the connection: `recoverable:false` gives up, else reconnect | reported, stream goes on |
/// | idle read timeout | 90 s without a byte | none |
/// | acks, heartbeat | bulk ack every 3 s and on stop; heartbeat POST every 30 s, 404 → connection lost | same |
///
/// Both URL-encode the resume token (the SDK puts it in the query raw, so `x&n=5` became two parameters, §3.2)
/// and the subscription ID.
public struct EventStreamerSessionConfiguration: Equatable, Sendable {
    /// The service URL (`EventStreamer.service_url`); a trailing `/` is dropped (`client.py:54`).
    public var baseURL: String
    /// The subscription to stream.
    public var subscriptionID: String
    /// Where the first connection resumes (`?resume_token=`); nil starts where the service decides.
    public var resumeToken: String?
    /// Headers for control-plane requests (and the stream, when `streamCarriesHeaders`).
    public var headers: [HTTPSessionHeader]
    /// Whether the stream GET carries `headers` and the token.
    public var streamCarriesHeaders: Bool
    /// Accepted stream media types; nil accepts any.
    public var acceptedContentTypes: [String]?
    public var acknowledgement: AcknowledgementMode
    /// The client heartbeat period (`_heartbeat_interval`, 30 s; first one a period after the open); nil: none.
    public var heartbeatInterval: Duration?
    /// Whether an `error` line ends the connection (its `recoverable` flag deciding what follows).
    public var errorLineEndsConnection: Bool
    /// Longest silence before the stream is declared dead; nil: none.
    public var idleTimeout: Duration?
    /// The longest control-plane request (the SDK's `_request` timeout, 30 s).
    public var controlTimeout: Duration
    public var lineLimits: NDJSONLimits
    public var jsonLimits: JSONLimits
    public var policy: ReconnectPolicy
    public var classifier: OutcomeClassifier

    /// Our defaults (issue 17): see the table above.
    public static func recommended(baseURL: String, subscriptionID: String) -> Self {
        Self(
            baseURL: baseURL, subscriptionID: subscriptionID, resumeToken: nil, headers: [],
            streamCarriesHeaders: true,
            acceptedContentTypes: ["application/x-ndjson", "application/jsonl", "application/json"],
            acknowledgement: .automatic(interval: .seconds(3)), heartbeatInterval: .seconds(30),
            errorLineEndsConnection: true, idleTimeout: .seconds(90), controlTimeout: .seconds(30),
            lineLimits: NDJSONLimits(), jsonLimits: JSONLimits(), policy: .recommended, classifier: .eventStreamer
        )
    }

    /// event-streamer-sdk 0.5.0 `StreamingClient` (§3): see the table above.
    public static func compatible(baseURL: String, subscriptionID: String) -> Self {
        var configuration = recommended(baseURL: baseURL, subscriptionID: subscriptionID)
        configuration.streamCarriesHeaders = false
        configuration.acceptedContentTypes = nil
        configuration.errorLineEndsConnection = false
        configuration.idleTimeout = nil
        configuration.policy = ReconnectPolicy(
            backoff: .fixed(.zero), limits: AttemptLimits(perLifetime: 1), attemptTimeout: nil
        )
        return configuration
    }

    /// The configuration for `profile`.
    public static func profile(_ profile: SessionProfile, baseURL: String, subscriptionID: String) -> Self {
        switch profile {
        case .recommended: recommended(baseURL: baseURL, subscriptionID: subscriptionID)
        case .compatible: compatible(baseURL: baseURL, subscriptionID: subscriptionID)
        }
    }

    /// What the supervisor needs: policy, classifier, and liveness from `idleTimeout`.
    public var supervisorConfiguration: SupervisorConfiguration {
        SupervisorConfiguration(
            policy: policy, classifier: classifier,
            liveness: idleTimeout.map { LivenessRule(window: $0, outcome: .idleTimeout) },
            canRefreshCredentials: false
        )
    }

    /// `baseURL` without its trailing `/`s.
    var base: String {
        var url = baseURL
        while url.hasSuffix("/") { url.removeLast() }
        return url
    }
}
