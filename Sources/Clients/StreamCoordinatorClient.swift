import Codecs
import Reconnect
import Sessions
import WebSocketNIO

/// A Stream coordinator client (issue 16; service-profiles §5):
///
///     let client = try StreamCoordinatorClient(
///         StreamCoordinatorConfiguration(baseURL: "https://chat.stream-io-api.com", apiKey: key, userID: "alice"),
///         credentials: { StreamJWT.mint(userID: "alice", secret: apiSecret, issuedAt: now - 5) })
///     for try await event in client.events { print(event.type) }    // StreamCoordinatorEvent
///
/// Code 40 asks `credentials` again for a fresh token (set `staticToken` when it cannot give one: then code 40
/// fails the stream); close 1000 stops it for good.
public final class StreamCoordinatorClient: Sendable {
    public let stream: WebSocketSessionStream<StreamCoordinatorSession>

    public init<C: Clock>(
        _ configuration: StreamCoordinatorConfiguration, credentials: @escaping CredentialProvider,
        clock: C = ContinuousClock(), client: WebSocketClientConfiguration = WebSocketClientConfiguration()
    ) throws(SessionConfigurationError) where C.Duration == Duration {
        stream = WebSocketSessionStream(
            session: try StreamCoordinatorSession(configuration: configuration), credentials: credentials, clock: clock,
            client: client)
    }

    public var events: WebSocketSessionStream<StreamCoordinatorSession>.Events { stream.events }
    public var status: AsyncStream<ConnectionStatus> { stream.statuses }
    public var notices: AsyncStream<ClientNotice<StreamCoordinatorEvent>> { stream.notices }
    public var lastEventAt: MonotonicInstant? { stream.lastEventAt }
    public func stop() async { await stream.stop() }
}
