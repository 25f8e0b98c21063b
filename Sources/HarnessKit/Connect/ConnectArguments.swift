import ArgumentParser
import Sessions

/// The options of `harness connect` after the service and URL (issue 16), as one argument group: the CLI's
/// `connect` parses them from its command line and `harness verify` from a scenario's `connect` array, so both
/// accept exactly the same options (docs/CLI.md#harness-connect).
public struct ConnectArguments: ParsableArguments, Sendable {
    @Option(help: "A static token.") public var token: String?
    @Option(name: .customLong("token-file"), help: "A file holding the token, re-read on every refresh.") public var tokenFile: String?
    @Option(name: .customLong("header"), help: "An extra request header 'K: V' (repeatable).") public var headers: [String] = []
    @Option(name: .customLong("ca-cert"), help: "Trust this CA certificate (PEM).") public var caCert: String?
    @Option(name: .customLong("pin-sha256"), help: "Pin the server certificate's SHA-256 (hex).") public var pinSHA256: String?
    @Option(name: .customLong("max-events"), help: "Stop after N service events.") public var maxEvents: Int?
    @Option(help: "Stop after S seconds.") public var duration: Double?
    @Option(help: "recommended (default) or compatible.") public var profile: String = "recommended"
    @Option(help: "fixed:S | schedule:S,S,… | exponential:BASE,CAP[,jitter]") public var backoff: String?
    @Option(name: .customLong("max-retries"), help: "Reconnect attempts per outage (central compatible: in total).") public var maxRetries: Int?
    @Flag(name: .customLong("show-heartbeats"), help: "Print heartbeats as {\"heartbeat\":…}.") public var showHeartbeats = false

    @Option(help: "central: topic (default audit-trail-events).") public var topic: String?
    @Option(name: .customLong("filter"), help: "central: event-types filter (repeatable).") public var filters: [String] = []
    @Option(name: .customLong("client-id"), help: "central: OAuth client id.") public var clientID: String?
    @Option(name: .customLong("client-secret"), help: "central: OAuth client secret.") public var clientSecret: String?
    @Option(name: .customLong("token-url"), help: "central: OAuth token endpoint.") public var tokenURL: String?
    @Option(help: "eisy: /rest/subscribe (default) or /api/events/subscribe.") public var path: String?
    @Option(help: "eisy: user (Basic auth; with --portal the portal login's username).") public var user: String?
    @Option(help: "eisy: password (Basic auth; with --portal the portal login's).") public var password: String?
    @Flag(help: "eisy: log in through the portal (POST /api/login) with --user/--password; Bearer, refreshed on a 401.")
    public var portal = false
    @Option(name: .customLong("api-key"), help: "stream: API key.") public var apiKey: String?
    @Option(name: .customLong("user-id"), help: "stream: user id.") public var userID: String?
    @Option(name: .customLong("api-secret"), help: "stream: API secret (mints HS256 JWTs).") public var apiSecret: String?
    @Option(name: .customLong("last-event-id"), help: "sse: resume from this event ID.") public var lastEventID: String?
    @Option(help: "eventstreamer: subscription ID.") public var subscription: String?
    @Option(name: .customLong("resume-token"), help: "eventstreamer: resume from this token.") public var resumeToken: String?
    @Flag(name: .customLong("no-auto-ack"), help: "eventstreamer: do not acknowledge batches.") public var noAutoAck = false

    public init() {}

    public mutating func validate() throws {
        guard SessionProfile(rawValue: profile) != nil else {
            throw ValidationError("--profile: must be recommended or compatible")
        }
    }

    /// The runner's options for the service at `url`.
    public func options(url: String) -> ConnectOptions {
        var options = ConnectOptions()
        options.url = url
        options.token = token
        options.tokenFile = tokenFile
        options.headers = headers
        options.caCert = caCert
        options.pinSHA256 = pinSHA256
        options.maxEvents = maxEvents
        options.duration = duration
        options.profile = SessionProfile(rawValue: profile) ?? .recommended
        options.backoff = backoff
        options.maxRetries = maxRetries
        options.showHeartbeats = showHeartbeats
        options.topic = topic
        options.filters = filters
        options.clientID = clientID
        options.clientSecret = clientSecret
        options.tokenURL = tokenURL
        options.path = path
        options.user = user
        options.password = password
        options.portal = portal
        options.apiKey = apiKey
        options.userID = userID
        options.apiSecret = apiSecret
        options.lastEventID = lastEventID
        options.subscription = subscription
        options.resumeToken = resumeToken
        options.noAutoAck = noAutoAck
        return options
    }
}
