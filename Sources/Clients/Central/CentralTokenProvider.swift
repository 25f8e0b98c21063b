import AsyncHTTPClient
import HTTPStreaming
import NIOHTTP1
import NIOPosix
import NIOSSL
import Reconnect
import Sessions
import TransportNIO
import Synchronization

/// The Aruba Central credential provider with OAuth 2.0 client-credentials refresh (RFC 6749 §4.4,
/// service-profiles §1.3): the first call gives the starting token (when there is one), every later call (the
/// stream asks again only after a handshake 401, at most once per attempt) POSTs `CentralTokenRequest` to the
/// token endpoint through HTTPStreaming's control request and returns the new `access_token`.
///
///     let tokens = CentralTokenProvider(clientID: id, clientSecret: Secret(secret), initial: { Secret(token) })
///     let stream = try CentralStream(configuration, credentials: tokens.credentials)
///     …
///     await tokens.shutdown()
///
/// A refused token request (non-200, no `access_token`, a TLS or network failure) throws; the stream then gives
/// up with `failed(credentials-refresh-failed)` as pycentral stops on a failed renewal. The client secret and the
/// tokens are `Secret`s: nothing here logs them.
public final class CentralTokenProvider: Sendable {
    private let request: CentralTokenRequest
    private let initial: CredentialProvider?
    private let http: HTTPEventStream
    private let started = Latch()
    private let timeout: Duration

    /// - Parameters:
    ///   - tokenURL: the token endpoint (pycentral's default when nil).
    ///   - initial: the starting token (`--token`, `--token-file`); nil fetches one on the first call too.
    ///   - tls: trust for an `https://` endpoint (default: the system trust store; extra roots so a `--ca-cert`
    ///     covers the endpoint too, or a pin); failures are `HTTPStreamError` `.tls` with TransportNIO's codes.
    ///     Throws nothing today; `throws(TLSError)` stays for options that may be checked up front.
    ///   - timeout: the whole token exchange (30 s).
    public init(
        tokenURL: String? = nil, clientID: String, clientSecret: Secret, initial: CredentialProvider? = nil,
        tls: TLSClientOptions = TLSClientOptions(), timeout: Duration = .seconds(30)
    ) throws(TLSError) {
        self.timeout = timeout
        request = CentralTokenRequest(
            url: tokenURL ?? CentralTokenRequest.defaultTokenURL, clientID: clientID, clientSecret: clientSecret)
        self.initial = initial
        let client = HTTPClient(
            eventLoopGroup: MultiThreadedEventLoopGroup.singleton,
            configuration: HTTPEventStream.clientConfiguration(tls: tls))
        http = HTTPEventStream(client: client, tls: tls)
    }

    /// The provider to hand to the stream.
    public var credentials: CredentialProvider { { try await self.next() } }

    /// The starting token on the first call (when given), a fresh one from the endpoint on every other.
    public func next() async throws -> Secret {
        if !started.set(), let initial { return try await initial() }
        return try await fetch()
    }

    /// One client-credentials exchange.
    public func fetch() async throws -> Secret {
        var headers = HTTPHeaders()
        for header in request.headers { headers.add(name: header.name, value: header.value.revealed) }
        let control = HTTPControlRequest(method: .POST, url: request.url, headers: headers, body: request.body, timeout: timeout)
        let response: HTTPControlResponse
        do {
            response = try await http.send(control)
        } catch let error as HTTPStreamError {
            if case let .unexpectedStatus(answer) = error.kind {
                throw CentralTokenRequest.ResponseError(code: ReasonCode("token-http-\(answer.status)"))
            }
            throw error
        }
        return try CentralTokenRequest.accessToken(status: response.status, body: response.body)
    }

    /// Shuts the HTTP client down; call once the stream has ended.
    public func shutdown() async {
        try? await http.client.shutdown()
    }
}

/// A flag that is set once; `set()` says whether it was already set.
private final class Latch: Sendable {
    private let state = Mutex(false)

    func set() -> Bool {
        state.withLock { value in
            defer { value = true }
            return value
        }
    }
}
