import ArgumentParser
import Foundation
import HarnessKit
import Sessions

/// `harness connect central|eisy|stream|sse|eventstreamer URL [options]`: runs our client for the service and prints NDJSON
/// (events, status changes, a last error line when it gives up). Exit 0 stopped, 69 gave up, 64 bad options.
/// The logic is `HarnessKit.ConnectRunner`; this file only maps arguments.
struct ConnectCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "connect",
        abstract: "Connect a service client and print NDJSON (central, eisy, stream, sse, eventstreamer).")

    @Argument(help: "Service: central, eisy, stream, sse, eventstreamer.") var service: String
    @Argument(help: "The service's base URL (wss://HOST[:PORT] or https://HOST[:PORT]); sse: the stream URL.") var url: String
    @OptionGroup var connect: ConnectArguments

    func run() async throws {
        let ready = connect.options(url: url)
        let service = self.service
        let runner = ConnectRunner()
        let sources = stopOnSignals { runner.stop() }
        let status = await runner.run(service: service, options: ready, output: .standard())
        sources.forEach { $0.cancel() }
        if status != 0 { throw ExitCode(status) }
    }
}

/// Ignores SIGINT/SIGTERM and calls `stop` when one arrives; cancel the sources when done.
func stopOnSignals(_ stop: @escaping @Sendable () -> Void) -> [any DispatchSourceSignal] {
    signal(SIGINT, SIG_IGN)
    signal(SIGTERM, SIG_IGN)
    return [SIGINT, SIGTERM].map { number in
        let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
        source.setEventHandler { stop() }
        source.resume()
        return source
    }
}

/// The options `harness connect` and `harness record` share (issue 16), mapped onto `ConnectOptions`.
struct ConnectArguments: ParsableArguments {
    @Option(help: "A static token.") var token: String?
    @Option(name: .customLong("token-file"), help: "A file holding the token, re-read on every refresh.") var tokenFile: String?
    @Option(name: .customLong("header"), help: "An extra request header 'K: V' (repeatable).") var headers: [String] = []
    @Option(name: .customLong("ca-cert"), help: "Trust this CA certificate (PEM).") var caCert: String?
    @Option(name: .customLong("pin-sha256"), help: "Pin the server certificate's SHA-256 (hex).") var pinSHA256: String?
    @Option(name: .customLong("max-events"), help: "Stop after N service events.") var maxEvents: Int?
    @Option(help: "Stop after S seconds.") var duration: Double?
    @Option(help: "recommended (default) or compatible.") var profile: String = "recommended"
    @Option(help: "fixed:S | schedule:S,S,… | exponential:BASE,CAP[,jitter]") var backoff: String?
    @Option(name: .customLong("max-retries"), help: "Reconnect attempts per outage (central compatible: in total).") var maxRetries: Int?
    @Flag(name: .customLong("show-heartbeats"), help: "Print heartbeats as {\"heartbeat\":…}.") var showHeartbeats = false

    @Option(help: "central: topic (default audit-trail-events).") var topic: String?
    @Option(name: .customLong("filter"), help: "central: event-types filter (repeatable).") var filters: [String] = []
    @Option(name: .customLong("client-id"), help: "central: OAuth client id.") var clientID: String?
    @Option(name: .customLong("client-secret"), help: "central: OAuth client secret.") var clientSecret: String?
    @Option(name: .customLong("token-url"), help: "central: OAuth token endpoint.") var tokenURL: String?
    @Option(help: "eisy: /rest/subscribe (default) or /api/events/subscribe.") var path: String?
    @Option(help: "eisy: user (Basic auth; with --portal the portal login's username).") var user: String?
    @Option(help: "eisy: password (Basic auth; with --portal the portal login's).") var password: String?
    @Flag(help: "eisy: log in through the portal (POST /api/login) with --user/--password; Bearer, refreshed on a 401.")
    var portal = false
    @Option(name: .customLong("api-key"), help: "stream: API key.") var apiKey: String?
    @Option(name: .customLong("user-id"), help: "stream: user id.") var userID: String?
    @Option(name: .customLong("api-secret"), help: "stream: API secret (mints HS256 JWTs).") var apiSecret: String?
    @Option(name: .customLong("last-event-id"), help: "sse: resume from this event ID.") var lastEventID: String?
    @Option(help: "eventstreamer: subscription ID.") var subscription: String?
    @Option(name: .customLong("resume-token"), help: "eventstreamer: resume from this token.") var resumeToken: String?
    @Flag(name: .customLong("no-auto-ack"), help: "eventstreamer: do not acknowledge batches.") var noAutoAck = false

    func validate() throws {
        guard SessionProfile(rawValue: profile) != nil else {
            throw ValidationError("--profile: must be recommended or compatible")
        }
    }

    /// The `ConnectOptions` for `url`.
    func options(url: String) -> ConnectOptions {
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
