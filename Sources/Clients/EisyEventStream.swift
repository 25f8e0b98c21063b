import Codecs
import ISYXML
import Reconnect
import Sessions
import WebSocketNIO

/// An eisy / IoX event stream (issue 16; service-profiles §2):
///
///     let stream = try EisyEventStream(EisyConfiguration(baseURL: "https://eisy.local:8443",
///                                                        authentication: .local(user: "admin")),
///                                      credentials: { Secret(password) })
///     for try await event in stream.events { print(event.control, event.action) }    // ISYEvent
///
/// Status goes `connecting` → `syncing` (replay burst) → `connected`; `_0` heartbeats are notices, not events.
public final class EisyEventStream: Sendable {
    public let stream: WebSocketSessionStream<EisySession>

    public init<C: Clock>(
        _ configuration: EisyConfiguration, credentials: @escaping CredentialProvider, clock: C = ContinuousClock(),
        client: WebSocketClientConfiguration = WebSocketClientConfiguration()
    ) throws(SessionConfigurationError) where C.Duration == Duration {
        stream = WebSocketSessionStream(session: try EisySession(configuration: configuration), credentials: credentials,
                                        clock: clock, client: client)
    }

    public var events: WebSocketSessionStream<EisySession>.Events { stream.events }
    public var status: AsyncStream<ConnectionStatus> { stream.statuses }
    public var notices: AsyncStream<ClientNotice<ISYEvent>> { stream.notices }
    public var lastEventAt: MonotonicInstant? { stream.lastEventAt }
    public func stop() async { await stream.stop() }
}
