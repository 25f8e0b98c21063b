/// Which outcomes a classifier rule applies to.
public enum OutcomePattern: Hashable, Sendable {
    /// Exactly this reason code (`tcp-refused`, `idle-timeout`, `token-expired`, …).
    case reason(ReasonCode)
    /// An HTTP status in this range.
    case httpStatus(ClosedRange<Int>)
    /// A WebSocket close code in this range.
    case webSocketClose(ClosedRange<UInt16>)
    /// Any TLS failure.
    case anyTLS
    /// Any protocol error.
    case anyProtocolError
    /// A service error whose `recoverable` flag is this value.
    case serviceError(recoverable: Bool)
    /// Every outcome.
    case any

    /// Whether `outcome` is one this pattern names.
    public func matches(_ outcome: ConnectionOutcome) -> Bool {
        switch (self, outcome) {
        case let (.reason(code), _): outcome.reason == code
        case let (.httpStatus(range), .httpStatus(status, _)): range.contains(status)
        case let (.webSocketClose(range), .webSocketClose(code)): range.contains(code)
        case (.anyTLS, .tls): true
        case (.anyProtocolError, .protocolError): true
        case let (.serviceError(wanted), .serviceError(_, recoverable)): wanted == recoverable
        case (.any, _): true
        default: false
        }
    }
}

/// One line of a classifier table: outcomes matching `pattern` get `disposition`.
public struct ClassifierRule: Hashable, Sendable {
    public var pattern: OutcomePattern
    public var disposition: Disposition

    public init(_ pattern: OutcomePattern, _ disposition: Disposition) {
        self.pattern = pattern
        self.disposition = disposition
    }
}

/// A service's outcome table: the first rule whose pattern matches decides, `otherwise` when none does.
///
/// Tables are data so each service states its rules in one place and tests check the whole table; the
/// per-service tables below cite the service profile they follow (the project's service profiles, "service-profiles" §x below).
public struct OutcomeClassifier: Hashable, Sendable {
    public var rules: [ClassifierRule]
    public var otherwise: Disposition

    public init(rules: [ClassifierRule], otherwise: Disposition = .retry) {
        self.rules = rules
        self.otherwise = otherwise
    }

    /// The disposition for `outcome`.
    public func classify(_ outcome: ConnectionOutcome) -> Disposition {
        for rule in rules where rule.pattern.matches(outcome) { return rule.disposition }
        return otherwise
    }

    /// A copy with `rules` tried before this table's rules (a client's override of a service table).
    public func overriding(with rules: [ClassifierRule]) -> OutcomeClassifier {
        OutcomeClassifier(rules: rules + self.rules, otherwise: otherwise)
    }
}

extension OutcomeClassifier {
    /// The HTTP part shared by the recommended tables (issue 14 §3): 401 refreshes the credentials; 408, 429
    /// and 5xx are retried (honouring `Retry-After`); 204 means "no content, do not reconnect" (the SSE rule,
    /// WHATWG HTML §9.2.3); every other status (1xx, 2xx, 3xx not followed, 400, 403, 404 and the rest of 4xx)
    /// gives up, since asking again gets the same answer.
    static let recommendedHTTP: [ClassifierRule] = [
        ClassifierRule(.httpStatus(401...401), .refreshCredentialsThenRetry),
        ClassifierRule(.httpStatus(408...408), .retry),
        ClassifierRule(.httpStatus(429...429), .retry),
        ClassifierRule(.httpStatus(500...599), .retry),
        ClassifierRule(.httpStatus(204...204), .stopForGood),
        ClassifierRule(.httpStatus(100...499), .giveUp),
    ]

    /// TLS failures and unrecoverable service errors give up; recoverable ones retry.
    static let recommendedCommon: [ClassifierRule] = [
        ClassifierRule(.anyTLS, .giveUp),
        ClassifierRule(.serviceError(recoverable: false), .giveUp),
        ClassifierRule(.serviceError(recoverable: true), .retry),
    ]

    /// The default table, the most common behaviour across the five services: the recommended HTTP and TLS
    /// rules above; WebSocket close 1008 (policy violation, usually an authorisation decision) gives up and every
    /// other close code (1000 included: pycentral and pyisyox reconnect on it, §1.6, §2.6) retries; network
    /// failures, timeouts, idle and heartbeat deaths, a clean end of body and protocol errors retry.
    public static let standard = OutcomeClassifier(
        rules: recommendedCommon + recommendedHTTP + [ClassifierRule(.webSocketClose(1008...1008), .giveUp)],
        otherwise: .retry
    )

    /// Aruba Central, recommended (service-profiles §1.6–1.7 and issue 16): 401 → refresh once via the OAuth
    /// client-credentials endpoint; other 4xx stop; 429 and 5xx retry with `Retry-After` (pycentral stops on
    /// them); TLS failures give up; every server close code reconnects, 1000 included (§1.6 step 4); ping/pong
    /// timeout (`heartbeat-missed`) reconnects.
    public static let central = OutcomeClassifier(rules: recommendedCommon + recommendedHTTP, otherwise: .retry)

    /// Aruba Central as pycentral 2.0a25 behaves (§1.7 table): 401 → refresh; any other handshake status, 429
    /// and 5xx included, is fatal; TLS failures, network errors, close frames of any code and ping timeouts retry.
    public static let centralCompatible = OutcomeClassifier(
        rules: [
            ClassifierRule(.httpStatus(401...401), .refreshCredentialsThenRetry),
            ClassifierRule(.httpStatus(100...599), .giveUp),
        ],
        otherwise: .retry
    )

    /// eisy / IoX (§2.6 and issue 16): 401 → refresh once (portal tokens; a local Basic login cannot refresh,
    /// so the supervisor gives up when `canRefreshCredentials` is false, pyisyox's RECONNECT_FAILED); the
    /// recommended HTTP and TLS rules; close frames of any code reconnect (pyisyox does so for all).
    public static let eisy = OutcomeClassifier(rules: recommendedCommon + recommendedHTTP, otherwise: .retry)

    /// Stream coordinator (§5.5, §5.7): close 1000 is a permanent rejection (stop for good), every other close
    /// reconnects; `connection.error` code 40 (reported as reason `token-expired`) → a new token and reconnect
    /// (a static token gives up); other auth errors (unrecoverable service errors) give up; HTTP as recommended.
    public static let streamCoordinator = OutcomeClassifier(
        rules: [
            ClassifierRule(.reason("token-expired"), .refreshCredentialsThenRetry),
            ClassifierRule(.webSocketClose(1000...1000), .stopForGood),
        ] + recommendedCommon + recommendedHTTP,
        otherwise: .retry
    )

    /// Event Streamer (§3.5 and issue 17): an `error` line with `recoverable: false` gives up, a recoverable one
    /// reconnects (resuming from the last delivered batch); a clean end of body reconnects (the SDK never does);
    /// a heartbeat or ack 404 (`connection-not-found`, §3.4) means the connection is lost: reconnect; HTTP as
    /// recommended (a 404 on the stream itself: the subscription is gone, give up).
    public static let eventStreamer = OutcomeClassifier(
        rules: [ClassifierRule(.reason("connection-not-found"), .retry)] + recommendedCommon + recommendedHTTP,
        otherwise: .retry
    )

    /// SSE, recommended (WHATWG HTML §9.2.3, LaunchDarkly eventsource, issue 17): 204 → stop for good; 401 and
    /// 403 give up (ctfy retries a 401 for ever); 429/5xx retry with `Retry-After`; a wrong `Content-Type`
    /// (`unexpected-content-type`) fails the connection for good (WHATWG); a clean end of body reconnects at
    /// once, then backs off; idle timeouts retry.
    public static let sse = OutcomeClassifier(
        rules: [
            ClassifierRule(.httpStatus(401...401), .giveUp),
            ClassifierRule(.reason("unexpected-content-type"), .giveUp),
            ClassifierRule(.reason("end-of-stream"), .retryImmediately),
        ] + recommendedCommon + recommendedHTTP,
        otherwise: .retry
    )

    /// SSE as ctfy 0.7.0 behaves (§4.4): every HTTP error (401, 403, 404, 429, 5xx) and every network error is
    /// retried for ever; a clean end of body reconnects at once.
    public static let sseCompatible = OutcomeClassifier(
        rules: [ClassifierRule(.reason("end-of-stream"), .retryImmediately)],
        otherwise: .retry
    )
}
