import Clients
import Codecs
import Foundation
import ISYXML
import Protobuf
import Reconnect
import Sessions
import Synchronization
import TransportNIO

/// `harness connect central`: `--topic T` (default `audit-trail-events`), `--filter F` (repeatable), `--token` /
/// `--token-file` for the starting token, `--client-id/--client-secret[/--token-url]` for the OAuth
/// client-credentials refresh on a 401 (§1.3; without a starting token the first token is fetched too). Without
/// the client credentials a 401 asks the token source again: `--token-file` is re-read (pycentral writes the
/// renewed token back to its token file); `--token` gives the same token, so the next 401 gives up.
enum CentralConnect {
    static func session(_ options: ConnectOptions, output: ConnectOutput) throws(ConnectUsageError)
        -> (CentralSession, CredentialProvider, CentralTokenProvider?)
    {
        var oauth: CentralTokenProvider?
        let credentials: CredentialProvider
        if options.clientID != nil || options.clientSecret != nil || options.tokenURL != nil {
            guard let clientID = options.clientID, let clientSecret = options.clientSecret else {
                throw ConnectUsageError(code: "missing-option", message: "--client-id and --client-secret go together")
            }
            // The endpoint gets `--ca-cert` too; a pin names the stream server's certificate, not the endpoint's.
            var tls = TLSClientOptions()
            if case let .additionalRoots(roots)? = try options.tlsTrust() { tls.trust = .additionalRoots(roots) }
            let provider: CentralTokenProvider
            do throws(TLSError) {
                provider = try CentralTokenProvider(
                    tokenURL: options.tokenURL, clientID: clientID, clientSecret: Secret(clientSecret),
                    initial: options.tokenProvider(), tls: tls)
            } catch {
                throw ConnectUsageError(code: error.code, message: "--token-url: \(error.message)")
            }
            oauth = provider
            credentials = provider.credentials
        } else if let provider = options.tokenProvider() {
            credentials = provider
        } else {
            throw ConnectUsageError(code: "missing-option", message: "central needs --token, --token-file or --client-id/--client-secret")
        }
        let topic = try usage { () throws(SessionConfigurationError) in
            try CentralTopic.named(options.topic ?? CentralTopic.auditTrail.name)
        }
        var configuration = CentralConfiguration(
            baseURL: options.url, topic: topic, filters: options.filters, profile: options.profile)
        configuration.extraHeaders = try options.parsedHeaders()
        try options.apply(to: &configuration.reconnect, retriesAreTotal: options.profile == .compatible)
        let session: CentralSession
        do throws(ConnectUsageError) {
            session = try usage { () throws(SessionConfigurationError) in try CentralSession(configuration: configuration) }
        } catch {
            if let oauth { Task { await oauth.shutdown() } }
            throw error
        }
        return (session, credentials, oauth)
    }

    /// The MessageToDict JSON of the topic's message: what pycentral hands its callback, for every topic.
    @Sendable static func render(_ event: CentralEvent, _ writer: inout JSONWriter) throws {
        var scratch = JSONWriter(capacity: 512)
        switch event.payload {
        case let .auditTrail(trail):
            try DictRenderer.write(trail, into: &scratch)
        case let .message(view):
            try CentralDictRenderer.write(view, into: &scratch)
        }
        let bytes = scratch.bytes
        bytes.withUnsafeBytes { raw in writer.raw(bytes: UnsafeRawBufferPointer(rebasing: raw[1..<(raw.count - 1)])) }
    }
}

/// `harness connect eisy`: `--path /rest/subscribe|/api/events/subscribe`, and `--user U --password P` (local,
/// Basic; a 401 gives up), `--portal --user U --password P` (portal login, Bearer; a 401 refreshes once, §2.3) or
/// `--token T` / `--token-file F` (portal Bearer; a 401 asks the token source again).
enum EisyConnect {
    static func session(_ options: ConnectOptions) throws(ConnectUsageError)
        -> (EisySession, CredentialProvider, EisyPortalTokenProvider?)
    {
        let authentication: EisyConfiguration.Authentication
        let credentials: CredentialProvider
        var portal: EisyPortalTokenProvider?
        if options.portal, options.user == nil {
            throw ConnectUsageError(code: "missing-option", message: "--portal needs --user and --password")
        }
        if let user = options.user {
            guard let password = options.password else {
                throw ConnectUsageError(code: "missing-option", message: "--user needs --password")
            }
            if options.token != nil || options.tokenFile != nil {
                throw ConnectUsageError(code: "conflicting-options", message: "--user/--password exclude --token")
            }
            if options.portal {
                authentication = .portal
                // The login goes to the controller itself: `--ca-cert` covers it; compatible without a trust
                // option leaves it unverified as pyisyox's `Controller` (CERT_NONE).
                var tls = TLSClientOptions()
                if case let .additionalRoots(roots)? = try options.tlsTrust() {
                    tls.trust = .additionalRoots(roots)
                } else if options.profile == .compatible, try options.tlsTrust() == nil {
                    tls.trust = .insecure
                }
                let provider = try usage { () throws(SessionConfigurationError) in
                    try EisyPortalTokenProvider(baseURL: options.url, username: user, password: Secret(password), tls: tls)
                }
                portal = provider
                credentials = provider.credentials
            } else {
                authentication = .local(user: user)
                let secret = Secret(password)
                credentials = { secret }
            }
        } else if let provider = options.tokenProvider() {
            authentication = .portal
            credentials = provider
        } else {
            throw ConnectUsageError(code: "missing-option", message: "eisy needs --user/--password or --token")
        }
        let path = options.path ?? EisyConfiguration.restSubscribePath
        guard path == EisyConfiguration.restSubscribePath || path == EisyConfiguration.apiEventsSubscribePath else {
            throw ConnectUsageError(code: "bad-option", message: "--path must be /rest/subscribe or /api/events/subscribe")
        }
        var configuration = EisyConfiguration(
            baseURL: options.url, path: path, authentication: authentication, profile: options.profile)
        configuration.extraHeaders = try options.parsedHeaders()
        try options.apply(to: &configuration.reconnect)
        do throws(ConnectUsageError) {
            let session = try usage { () throws(SessionConfigurationError) in try EisySession(configuration: configuration) }
            return (session, credentials, portal)
        } catch {
            if let portal { Task { await portal.shutdown() } }
            throw error
        }
    }

    /// The `harness decode isy` object.
    @Sendable static func render(_ event: ISYEvent, _ writer: inout JSONWriter) throws {
        ISYEventPrinter.write(event, into: &writer)
    }
}

/// `harness connect stream`: `--api-key K --user-id U`, and `--api-secret S` (mints HS256 JWTs, so code 40
/// really refreshes) or `--token T` / `--token-file F` (a static `--token` makes code 40 fatal).
enum StreamConnect {
    static func session(_ options: ConnectOptions) throws(ConnectUsageError) -> (StreamCoordinatorSession, CredentialProvider) {
        guard let apiKey = options.apiKey, let userID = options.userID else {
            throw ConnectUsageError(code: "missing-option", message: "stream needs --api-key and --user-id")
        }
        let credentials: CredentialProvider
        var staticToken = false
        if let apiSecret = options.apiSecret {
            let secret = Secret(apiSecret)
            let issued = IssuedAt()
            credentials = { StreamJWT.mint(userID: userID, secret: secret, issuedAt: issued.next()) }
        } else if let provider = options.tokenProvider() {
            credentials = provider
            staticToken = options.token != nil
        } else {
            throw ConnectUsageError(code: "missing-option", message: "stream needs --api-secret, --token or --token-file")
        }
        var configuration = StreamCoordinatorConfiguration(
            baseURL: options.url, apiKey: apiKey, userID: userID, profile: options.profile, staticToken: staticToken)
        configuration.extraHeaders = try options.parsedHeaders()
        try options.apply(to: &configuration.reconnect)
        let session = try usage { () throws(SessionConfigurationError) in
            try StreamCoordinatorSession(configuration: configuration)
        }
        return (session, credentials)
    }

    /// The event's JSON object as received (members in order).
    @Sendable static func render(_ event: StreamCoordinatorEvent, _ writer: inout JSONWriter) throws {
        guard case let .object(members) = event.object else { return }
        for member in members {
            writer.key(member.key)
            writer.value(member.value)
        }
    }
}

/// A session configuration error as a usage error (exit 64).
func usage<T>(_ body: () throws(SessionConfigurationError) -> T) throws(ConnectUsageError) -> T {
    do throws(SessionConfigurationError) {
        return try body()
    } catch {
        throw ConnectUsageError(code: error.code, message: error.message)
    }
}

/// `iat` for minted Stream tokens: now − 5 s as getstream, but never the same second twice, so a token minted
/// after a code 40 always differs from the expired one (two mints within one second would otherwise be equal).
final class IssuedAt: Sendable {
    private let last = Mutex<Int64>(0)

    func next() -> Int64 {
        let now = Int64(Date().timeIntervalSince1970) - 5
        return last.withLock { last in
            last = max(now, last + 1)
            return last
        }
    }
}
