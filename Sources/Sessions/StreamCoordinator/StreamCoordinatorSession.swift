import Codecs
import Reconnect

/// The Stream coordinator session (service-profiles §5): `/api/v2/connect?api_key=…&stream-auth-type=jwt&
/// X-Stream-Client=…`, the auth message `{token, user_details}` first, a strict first reply, JSON events by
/// `type`, the client's array `health.check` heartbeat.
public struct StreamCoordinatorSession: ServiceSession {
    public let configuration: StreamCoordinatorConfiguration
    /// The URL every attempt opens.
    public let url: String

    public init(configuration: StreamCoordinatorConfiguration) throws(SessionConfigurationError) {
        self.configuration = configuration
        url = try Self.url(base: configuration.baseURL, apiKey: configuration.apiKey, clientName: configuration.clientName)
    }

    /// `client.py@85bfa1f:76-93`: `wss` for an `https` (or `wss`) base, else `ws`; the path replaced by
    /// `/api/v2/connect` (a base path is lost); the query urlencoded in this order.
    public static func url(base: String, apiKey: String, clientName: String) throws(SessionConfigurationError) -> String {
        let parsed = try ServiceBaseURL(base)
        let scheme = parsed.scheme == "https" || parsed.scheme == "wss" ? "wss" : "ws"
        return scheme + "://" + parsed.authority + "/api/v2/connect?"
            + FormEncoding.urlencode([("api_key", apiKey), ("stream-auth-type", "jwt"), ("X-Stream-Client", clientName)])
    }

    public var reconnect: SupervisorConfiguration { configuration.reconnect }
    /// None: websockets runs with `ping_interval=None`; the `health.check` exchange is the keep-alive.
    public var keepalive: PingKeepalive? { nil }
    public var skipsTLSVerification: Bool { false }

    /// No auth header (the token goes in the first message, §5.2); permessage-deflate offered as websockets does.
    public func request(credentials: Secret) -> SessionRequest {
        SessionRequest(url: url, headers: configuration.extraHeaders, offersDeflate: true)
    }

    public func connection(credentials: Secret) -> StreamCoordinatorConnection {
        var writer = JSONWriter(capacity: 256)
        writer.beginObject()
        writer.key("token")
        writer.string(credentials.revealed)
        writer.key("user_details")
        if let details = configuration.userDetails {
            writer.value(details)
        } else {
            writer.beginObject()
            writer.key("id")
            writer.string(configuration.userID)
            writer.endObject()
        }
        writer.endObject()
        return StreamCoordinatorConnection(
            authMessage: writer.bytes, interval: configuration.healthCheckInterval,
            timeout: configuration.healthCheckTimeout, rearmsOnHealthCheck: configuration.rearmsOnHealthCheck)
    }
}

/// One Stream coordinator connection.
///
/// Before the first reply it is not accepted: `connection.ok` accepts it (its `connection_id` names the
/// connection in heartbeats), `connection.error` fails it (code 40 as `token-expired`, which the outcome table
/// turns into a refresh; any other code as an unrecoverable service error), anything else is a protocol
/// error. Afterwards every JSON object is an event by `type`; `health.check` is a heartbeat. Invalid JSON and
/// non-objects are reported and skipped (the PR's reader died silently on a non-object, §5.4).
public struct StreamCoordinatorConnection: SessionConnection {
    /// Stream's `TOKEN_EXPIRED` error code (§5.3).
    public static let tokenExpiredCode = 40

    let authMessage: [UInt8]
    let interval: Duration
    let timeout: Duration
    let rearmsOnHealthCheck: Bool
    /// JSON limits for a message.
    public var limits = JSONLimits()
    /// The `connection_id` of `connection.ok`, nil before it.
    public private(set) var connectionID: String?
    private var nextHealthCheck: MonotonicInstant?
    private var lastReceived: MonotonicInstant?

    init(authMessage: [UInt8], interval: Duration, timeout: Duration, rearmsOnHealthCheck: Bool) {
        self.authMessage = authMessage
        self.interval = interval
        self.timeout = timeout
        self.rearmsOnHealthCheck = rearmsOnHealthCheck
    }

    public mutating func opened(now: MonotonicInstant) -> [SessionAction] {
        lastReceived = now
        return [.send(.text(authMessage))]
    }

    public mutating func receive(
        _ kind: SessionMessageKind, _ bytes: [UInt8], now: MonotonicInstant
    ) -> SessionReceipt<StreamCoordinatorEvent> {
        lastReceived = now
        let parsed: JSONValue
        do throws(JSONReaderError) {
            parsed = try JSONValue.parse(bytes, limits: limits)
        } catch {
            return reject(SessionNotice(code: ReasonCode(error.code), message: "message of \(bytes.count) bytes is not JSON: \(error.message)"))
        }
        guard case .object = parsed else {
            return reject(SessionNotice(code: "stream-not-an-object", message: "message of \(bytes.count) bytes is JSON but not an object"))
        }
        var type = ""
        if case let .string(text)? = parsed["type"] { type = text }
        let event = StreamCoordinatorEvent(type: type, object: parsed)
        guard connectionID != nil else { return firstReply(event, now: now) }
        if type == "health.check" {
            if rearmsOnHealthCheck { nextHealthCheck = now + interval }
            return SessionReceipt(.heartbeat(event))
        }
        return SessionReceipt(.event(event))
    }

    /// Garbage before the first reply fails the attempt; afterwards it is skipped.
    private func reject(_ notice: SessionNotice) -> SessionReceipt<StreamCoordinatorEvent> {
        guard connectionID != nil else {
            return SessionReceipt(.skipped(notice), actions: [.fail(.protocolError("stream-unexpected-first-message"), closeCode: 1000)])
        }
        return SessionReceipt(.skipped(notice))
    }

    private mutating func firstReply(_ event: StreamCoordinatorEvent, now: MonotonicInstant) -> SessionReceipt<StreamCoordinatorEvent> {
        switch event.type {
        case "connection.ok":
            var id = ""
            if case let .string(text)? = event.object["connection_id"] { id = text }
            connectionID = id
            nextHealthCheck = now + interval
            return SessionReceipt(.heartbeat(event), actions: [.accept])
        case "connection.error":
            let outcome: ConnectionOutcome
            switch event.object["error"]?["code"] {
            case let .number(number)? where Double(number.text) == Double(Self.tokenExpiredCode):
                outcome = .serviceError("token-expired", recoverable: true)
            case let .number(number)?:
                outcome = .serviceError(ReasonCode("stream-error-" + number.text), recoverable: false)
            default:
                outcome = .serviceError("stream-connection-error", recoverable: false)
            }
            return SessionReceipt(.skipped(SessionNotice(code: outcome.reason, message: "connection.error as first reply")),
                                  actions: [.fail(outcome, closeCode: 1000)])
        default:
            return SessionReceipt(
                .skipped(SessionNotice(code: "stream-unexpected-first-message", message: "first reply is not connection.ok")),
                actions: [.fail(.protocolError("stream-unexpected-first-message"), closeCode: 1000)])
        }
    }

    public mutating func tick(now: MonotonicInstant) -> [SessionAction] {
        guard let due = nextHealthCheck, now >= due else { return [] }
        if !rearmsOnHealthCheck, let last = lastReceived, now.duration(since: last) > timeout {
            nextHealthCheck = nil
            return [.fail(.heartbeatMissed, closeCode: 1000)]
        }
        nextHealthCheck = now + interval
        return [.send(.text(healthCheck))]
    }

    public var nextDeadline: MonotonicInstant? { nextHealthCheck }

    /// `[{"type":"health.check","client_id":"<connection_id>"}]`, the array form the PR and the JS SDK send.
    var healthCheck: [UInt8] {
        var writer = JSONWriter(capacity: 80)
        writer.beginArray()
        writer.beginObject()
        writer.key("type")
        writer.string("health.check")
        writer.key("client_id")
        writer.string(connectionID ?? "")
        writer.endObject()
        writer.endArray()
        return writer.bytes
    }
}
