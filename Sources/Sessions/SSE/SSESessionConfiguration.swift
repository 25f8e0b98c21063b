import Reconnect
import Codecs
import SSE

/// Everything an `SSESession` needs: where to connect, how to authenticate, where to resume, and the
/// reconnect rules. Build one with `recommended(url:)` or `compatible(url:)` and change fields as needed.
///
/// | | recommended | ctfy-compatible (service-profiles §4) |
/// |---|---|---|
/// | token | `Authorization: Bearer` | `?token=` (left out when empty) |
/// | `Content-Type` | must be `text/event-stream`, else give up | not checked |
/// | 204 | stop for good | retried |
/// | 401 / 403 | give up | retried for ever |
/// | 429 / 5xx | retry, `Retry-After` honoured | retried, header ignored |
/// | backoff | 1 s doubling to 30 s, equal jitter | 1 s doubling to 30 s, no jitter |
/// | backoff reset | after 60 s connected | on clean end of body only |
/// | clean end of body | reconnect at once, then back off | reconnect at once (not counted) |
/// | idle read timeout | 90 s without a byte (ctfy servers send `: keepalive` every 30 s) | none |
/// | data | as sent | also parsed as JSON (`SSEStreamEvent.json`) |
///
/// Both send `Accept: text/event-stream`, `Cache-Control: no-cache` and, once an ID was seen, `Last-Event-ID`
/// (HTML §9.2.4); both honour `retry:`. ctfy sends none of these, and its server never sends `id:` or `retry:`,
/// so against ctfy the compatible profile behaves as ctfy does.
public struct SSESessionConfiguration: Equatable, Sendable {
    /// The full stream URL (`http://` or `https://`).
    public var url: String
    /// Extra request headers, sent on every attempt.
    public var headers: [HTTPSessionHeader]
    /// Where the token goes when the client has one.
    public var tokenPlacement: TokenPlacement
    /// The last event ID to resume from on the first connection (`""`: none).
    public var lastEventID: String
    /// Accepted `Content-Type` media types; nil accepts any.
    public var acceptedContentTypes: [String]?
    /// Longest silence (no byte at all, comments included) before the connection is declared dead; nil: none.
    public var idleTimeout: Duration?
    /// Whether event data is also parsed as JSON.
    public var parsesJSONData: Bool
    /// The decoder's limits (line length, event data size).
    public var limits: SSELimits
    /// Reconnect delays, limits and reset rule.
    public var policy: ReconnectPolicy
    /// Which outcome means retry, stop or give up.
    public var classifier: OutcomeClassifier

    /// Our defaults (issue 17): see the table above.
    public static func recommended(url: String) -> Self {
        Self(
            url: url, headers: [], tokenPlacement: .bearerHeader, lastEventID: "",
            acceptedContentTypes: ["text/event-stream"], idleTimeout: .seconds(90), parsesJSONData: false,
            limits: SSELimits(), policy: .recommended, classifier: .sse
        )
    }

    /// ctfy 0.7.0 `EventStream` (service-profiles §4.1, §4.4): see the table above.
    public static func compatible(url: String) -> Self {
        Self(
            url: url, headers: [], tokenPlacement: .query(name: "token"), lastEventID: "",
            acceptedContentTypes: nil, idleTimeout: nil, parsesJSONData: true, limits: SSELimits(),
            policy: ReconnectPolicy(
                backoff: .exponential(base: .seconds(1), factor: 2, cap: .seconds(30), jitter: .none),
                reset: .afterEndOfStream, attemptTimeout: nil
            ),
            classifier: .sseCompatible
        )
    }

    /// The configuration for `profile`.
    public static func profile(_ profile: SessionProfile, url: String) -> Self {
        switch profile {
        case .recommended: recommended(url: url)
        case .compatible: compatible(url: url)
        }
    }

    /// What the supervisor needs: policy, classifier, and liveness from `idleTimeout`. Refreshing credentials is
    /// not an SSE rule (the tables give up or retry), so it is off.
    public var supervisorConfiguration: SupervisorConfiguration {
        SupervisorConfiguration(
            policy: policy, classifier: classifier,
            liveness: idleTimeout.map { LivenessRule(window: $0, outcome: .idleTimeout) },
            canRefreshCredentials: false
        )
    }
}
