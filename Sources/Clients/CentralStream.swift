import Codecs
import Reconnect
import Sessions
import WebSocketNIO

/// An Aruba Central streaming client (issue 16; service-profiles §1):
///
///     let stream = try CentralStream(CentralConfiguration(baseURL: "https://us1.api.central.arubanetworks.com",
///                                                         filters: ["CONFIG"]), credentials: { token })
///     for try await event in stream.events { … }    // CentralEvent: CloudEvent + AuditTrailView
///
/// `credentials` is asked once at start and again after a 401 (an OAuth client-credentials provider fetches a
/// new token there; `CentralTokenRequest` builds the request).
public final class CentralStream: Sendable {
    public let stream: WebSocketSessionStream<CentralSession>

    public init<C: Clock>(
        _ configuration: CentralConfiguration, credentials: @escaping CredentialProvider, clock: C = ContinuousClock(),
        client: WebSocketClientConfiguration = WebSocketClientConfiguration()
    ) throws(SessionConfigurationError) where C.Duration == Duration {
        stream = WebSocketSessionStream(session: try CentralSession(configuration: configuration), credentials: credentials,
                                        clock: clock, client: client)
    }

    public var events: WebSocketSessionStream<CentralSession>.Events { stream.events }
    public var status: AsyncStream<ConnectionStatus> { stream.statuses }
    public var notices: AsyncStream<ClientNotice<CentralEvent>> { stream.notices }
    public var lastEventAt: MonotonicInstant? { stream.lastEventAt }
    public func stop() async { await stream.stop() }
}
