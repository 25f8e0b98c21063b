import AsyncHTTPClient
import HTTPStreaming
import NIOHTTP1
import NIOPosix
import Reconnect
import Sessions
import Synchronization
import TransportNIO

/// The eisy portal credential provider (pyisyox `PortalAuth`, service-profiles §2.3): the first call logs in
/// (`POST {base}/api/login` with `{"username","password"}`) and returns the `accessToken`; every later call (the
/// stream asks again only after a handshake 401) refreshes (`POST /api/jwt/refresh` with the `refreshToken`),
/// logging in again when the refresh is refused, as `handle_unauthorized` does. A failed login throws: the stream
/// gives up (`credentials-unavailable` at start, `credentials-refresh-failed` later), as pyisyox's `AuthError`.
///
///     let portal = EisyPortalTokenProvider(baseURL: "https://eisy.local:443", username: user, password: Secret(pw))
///     let stream = try EisyEventStream(EisyConfiguration(baseURL: …, authentication: .portal),
///                                      credentials: portal.credentials)
///     …
///     await portal.shutdown()
///
/// Password and tokens are `Secret`s: nothing here logs them.
public final class EisyPortalTokenProvider: Sendable {
    private let base: String
    private let username: String
    private let password: Secret
    private let http: HTTPEventStream
    private let timeout: Duration
    private let refreshToken = Mutex<Secret?>(nil)

    /// - Parameters:
    ///   - baseURL: the controller's base URL (`https://eisy.local:443`); `wss` → `https`, `ws` → `http`, none →
    ///     `https`; a path prefix is kept.
    ///   - tls: trust for an `https://` base (default: the system trust store; extra roots for `--ca-cert`).
    ///   - timeout: each login or refresh exchange (30 s).
    public init(
        baseURL: String, username: String, password: Secret, tls: TLSClientOptions = TLSClientOptions(),
        timeout: Duration = .seconds(30)
    ) throws(SessionConfigurationError) {
        let parsed = try ServiceBaseURL(baseURL)
        let scheme = parsed.webSocketScheme(fallback: "wss") == "ws" ? "http" : "https"
        base = scheme + "://" + parsed.authority + parsed.path
        self.username = username
        self.password = password
        self.timeout = timeout
        let client = HTTPClient(
            eventLoopGroup: MultiThreadedEventLoopGroup.singleton,
            configuration: HTTPEventStream.clientConfiguration(tls: tls))
        http = HTTPEventStream(client: client, tls: tls)
    }

    /// The provider to hand to the stream.
    public var credentials: CredentialProvider { { try await self.next() } }

    /// A login on the first call; later a refresh, or a login again when the refresh is refused.
    public func next() async throws -> Secret {
        if let refresh = refreshToken.withLock({ $0 }) {
            if let tokens = try? await exchange(
                EisyPortalAuth.refreshPath, body: EisyPortalAuth.refreshBody(refreshToken: refresh)) {
                return keep(tokens)
            }
        }
        return keep(try await exchange(
            EisyPortalAuth.loginPath, body: EisyPortalAuth.loginBody(username: username, password: password)))
    }

    private func keep(_ tokens: EisyPortalAuth.Tokens) -> Secret {
        refreshToken.withLock { $0 = tokens.refreshToken }
        return tokens.accessToken
    }

    /// One JSON POST to the portal.
    private func exchange(_ path: String, body: [UInt8]) async throws -> EisyPortalAuth.Tokens {
        var headers = HTTPHeaders()
        headers.add(name: "Content-Type", value: "application/json")
        headers.add(name: "Accept", value: "application/json")
        let control = HTTPControlRequest(method: .POST, url: base + path, headers: headers, body: body, timeout: timeout)
        let response: HTTPControlResponse
        do {
            response = try await http.send(control)
        } catch let error as HTTPStreamError {
            if case let .unexpectedStatus(answer) = error.kind {
                return try EisyPortalAuth.tokens(status: answer.status, body: [])
            }
            throw error
        }
        return try EisyPortalAuth.tokens(status: response.status, body: response.body)
    }

    /// Shuts the HTTP client down; call once the stream has ended.
    public func shutdown() async {
        try? await http.client.shutdown()
    }
}
