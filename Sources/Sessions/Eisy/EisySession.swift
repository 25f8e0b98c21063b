import Codecs
import ISYXML
import Reconnect

/// The eisy / IoX event-stream session (service-profiles §2): `/rest/subscribe` or `/api/events/subscribe`,
/// Basic or Bearer auth, text frames decoded with `ISYFrameDecoder`, `_0` heartbeats feeding liveness.
public struct EisySession: ServiceSession {
    public let configuration: EisyConfiguration
    /// The URL every attempt opens.
    public let url: String

    public init(configuration: EisyConfiguration) throws(SessionConfigurationError) {
        self.configuration = configuration
        url = try Self.url(base: configuration.baseURL, path: configuration.path)
    }

    /// pyisyox `_ws_url` (`ws.py:346-353`): the base with trailing `/` removed, `https://` → `wss://`,
    /// `http://` → `ws://` (`ws://`/`wss://` kept; no scheme: `wss://`), then the path appended.
    public static func url(base: String, path: String) throws(SessionConfigurationError) -> String {
        let parsed = try ServiceBaseURL(base)
        let suffix = path.hasPrefix("/") ? path : "/" + path
        return parsed.webSocketScheme(fallback: "wss") + "://" + parsed.rest + suffix
    }

    public var reconnect: SupervisorConfiguration { configuration.reconnect }
    /// None: pyisyox never pings (aiohttp `heartbeat=None`); the `_0` heartbeat is the liveness signal.
    public var keepalive: PingKeepalive? { nil }
    public var skipsTLSVerification: Bool { configuration.skipsTLSVerification }

    /// `Authorization: Basic base64(user:password)` (local) or `Bearer <token>` (portal), §2.2.
    public func request(credentials: Secret) -> SessionRequest {
        SessionRequest(url: url, headers: [SessionHeader("Authorization", secret: authorization(credentials))]
            + configuration.extraHeaders)
    }

    func authorization(_ credentials: Secret) -> Secret {
        switch configuration.authentication {
        case let .local(user):
            Secret("Basic " + Base64.encode(Array((user + ":" + credentials.revealed).utf8)))
        case .portal:
            credentials.prefixed(by: "Bearer")
        }
    }

    public func connection(credentials: Secret) -> EisyConnection {
        var authFrame: [UInt8]?
        if configuration.sendsAuthFrame, configuration.authentication == .portal,
           configuration.path == EisyConfiguration.apiEventsSubscribePath {
            var writer = JSONWriter(capacity: 64)
            writer.beginObject()
            writer.key("auth")
            writer.beginObject()
            writer.key("token")
            writer.string(credentials.revealed)
            writer.endObject()
            writer.endObject()
            authFrame = writer.bytes
        }
        return EisyConnection(authFrame: authFrame, heartbeatLiveness: configuration.heartbeatLiveness)
    }
}

/// One eisy connection. The controller replays its state right after subscribing, then sends live changes and a
/// `_0` heartbeat whose action is the seconds until the next one (§2.4). Nothing a frame holds ends the
/// connection: a malformed frame is reported and skipped (pyisyox's `parse_event_frame` never raises).
public struct EisyConnection: SessionConnection {
    /// The auth frame sent first, nil for none.
    let authFrame: [UInt8]?
    let heartbeatLiveness: Bool
    /// The XML decoder: stray `&` tolerated (eisy `_7` logs), limits as `XMLLimits`.
    public var decoder = ISYFrameDecoder()
    /// The liveness window last announced, to report a change only.
    private var window: Duration?

    init(authFrame: [UInt8]?, heartbeatLiveness: Bool) {
        self.authFrame = authFrame
        self.heartbeatLiveness = heartbeatLiveness
    }

    public mutating func opened(now: MonotonicInstant) -> [SessionAction] {
        if let authFrame { return [.send(.text(authFrame)), .accept] }
        return [.accept]
    }

    public mutating func receive(
        _ kind: SessionMessageKind, _ bytes: [UInt8], now: MonotonicInstant
    ) -> SessionReceipt<ISYEvent> {
        guard kind == .text else { return SessionReceipt(.ignored) }
        let decoded: Result<(ISYEvent, Int?)?, ISYEventError> = bytes.withUnsafeBytes { raw in
            do throws(ISYEventError) {
                return .success(try decoder.decode(raw) { frame -> (ISYEvent, Int?)? in
                    guard case let .event(view) = frame else { return nil }
                    let event = ISYEvent(document: Array(view.bytes)[...], fields: view.fields, tolerant: view.tolerant)
                    return (event, view.heartbeatInterval)
                })
            } catch {
                return .failure(error)
            }
        }
        switch decoded {
        case let .failure(error):
            return SessionReceipt(.skipped(SessionNotice(
                code: ReasonCode(error.code), message: "frame of \(bytes.count) bytes skipped: \(error.message)")))
        case .success(nil):
            return SessionReceipt(.ignored)
        case let .success((event, interval)?):
            guard event.isSystem(.heartbeat) else { return SessionReceipt(.event(event)) }
            var actions: [SessionAction] = []
            if heartbeatLiveness, let interval, interval > 0 {
                let announced = Duration.seconds(min(interval, 86_400) * 2)
                if announced != window {
                    window = announced
                    actions.append(.livenessWindow(announced))
                }
            }
            return SessionReceipt(.heartbeat(event), actions: actions)
        }
    }

    public mutating func tick(now: MonotonicInstant) -> [SessionAction] { [] }

    public var nextDeadline: MonotonicInstant? { nil }
}
