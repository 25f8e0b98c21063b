import Codecs
import Protobuf
import Reconnect

/// The Aruba Central streaming session (service-profiles §1): URL and headers as pycentral 2.0a25 builds them,
/// no first message (the client only pings), each binary message one CloudEvent decoded in place.
public struct CentralSession: ServiceSession {
    public let configuration: CentralConfiguration
    /// The URL every attempt opens, built once.
    public let url: String

    /// Checks the configuration and builds the URL (§1.1).
    public init(configuration: CentralConfiguration) throws(SessionConfigurationError) {
        self.configuration = configuration
        url = try Self.url(base: configuration.baseURL, topic: configuration.topic, filters: configuration.filters)
    }

    /// `wss://{host}[/prefix]/{service}/{version}/{topic}[?event-types=…]` (pycentral `_get_wss_url`,
    /// `streaming.py:277-297`): trailing `/` removed, an `https://` or `http://` scheme replaced by `wss://` (a
    /// base without scheme gets it too), the path prefix kept, the filters joined with `,` and encoded with
    /// `quote_plus`. Beyond pycentral: a `ws://`/`wss://` base keeps its scheme, and a base whose path already ends
    /// in the topic's route is used as is (its query too; filters are added only when it has none).
    public static func url(base: String, topic: CentralTopic, filters: [String]) throws(SessionConfigurationError) -> String {
        let parsed = try ServiceBaseURL(base)
        let scheme = parsed.scheme == "ws" ? "ws" : "wss"
        var url = scheme + "://"
        let query = filters.isEmpty ? "" : "?event-types=" + FormEncoding.quotePlus(filters.joined(separator: ","))
        if parsed.path.hasSuffix(topic.path) {
            url += parsed.rest
            if !parsed.hasQuery { url += query }
        } else {
            url += parsed.authority + parsed.path + topic.path + query
        }
        return url
    }

    public var reconnect: SupervisorConfiguration { configuration.reconnect }
    public var keepalive: PingKeepalive? { configuration.keepalive }
    public var skipsTLSVerification: Bool { configuration.skipsTLSVerification }

    /// `Authorization: Bearer <token>` (§1.3), read again for every attempt; no subprotocol, no compression.
    public func request(credentials: Secret) -> SessionRequest {
        SessionRequest(
            url: url, headers: [SessionHeader("Authorization", secret: credentials.prefixed(by: "Bearer"))]
                + configuration.extraHeaders,
            offersDeflate: false)
    }

    public func connection(credentials: Secret) -> CentralConnection {
        CentralConnection(topic: configuration.topic)
    }
}

/// One Central connection: accepted as soon as the WebSocket opens; every binary message is a CloudEvent.
/// Garbage never ends the connection (pycentral logs decode errors and text frames and reads on, §1.4).
public struct CentralConnection: SessionConnection {
    public let topic: CentralTopic
    /// Protobuf limits for the CloudEvent and its payload: audit-trail-events keeps protobuf 7's (its
    /// reference); the other topics use pycentral's runtime's (protobuf 6.33: longer length prefixes).
    public var limits: ProtobufLimits

    public init(topic: CentralTopic) {
        self.topic = topic
        self.limits = topic == .auditTrail ? ProtobufLimits() : .pycentralRuntime
    }

    public mutating func opened(now: MonotonicInstant) -> [SessionAction] { [.accept] }

    public mutating func receive(
        _ kind: SessionMessageKind, _ bytes: [UInt8], now: MonotonicInstant
    ) -> SessionReceipt<CentralEvent> {
        guard kind == .binary else {
            return SessionReceipt(.skipped(SessionNotice(
                code: "central-text-message", message: "text message of \(bytes.count) bytes; Central sends binary CloudEvents")))
        }
        do throws(ProtobufError) {
            let event = try CloudEventView.decode(bytes, limits: limits)
            if topic == .auditTrail {
                let trail = try AuditTrailView.decode(event.protoData?.value ?? ProtobufBytes([]), limits: limits)
                return SessionReceipt(.event(CentralEvent(cloudEvent: event, payload: .auditTrail(trail))))
            }
            let view = try CentralTopicDecoder.decode(event.protoData, topic: topic.name, limits: limits)
            return SessionReceipt(.event(CentralEvent(cloudEvent: event, payload: .message(view))))
        } catch {
            return SessionReceipt(.skipped(SessionNotice(
                code: ReasonCode(error.code), message: "message of \(bytes.count) bytes skipped: \(error.message)")))
        }
    }

    public mutating func tick(now: MonotonicInstant) -> [SessionAction] { [] }

    public var nextDeadline: MonotonicInstant? { nil }
}
