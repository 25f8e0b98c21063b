import Foundation
import Reconnect
import Sessions
import TransportNIO
import WebSocketNIO

/// The options of `harness connect` (issue 16): the common ones every service takes, then each service's own.
/// Filled by the CLI; `validated()` checks the common ones (exit 64 on a problem).
public struct ConnectOptions: Sendable {
    /// The service's base URL (`wss://HOST[:PORT]`, `https://HOST[:PORT]`, a path prefix kept).
    public var url = ""
    /// A static token.
    public var token: String?
    /// A file holding the token, re-read on every refresh (surrounding whitespace trimmed).
    public var tokenFile: String?
    /// Extra request headers, `K: V`.
    public var headers: [String] = []
    /// A CA certificate (PEM) to trust, also for the HTTPS token endpoint.
    public var caCert: String?
    /// A SHA-256 certificate pin (hex).
    public var pinSHA256: String?
    /// Stop after this many service events.
    public var maxEvents: Int?
    /// Stop after this many seconds.
    public var duration: Double?
    public var profile: SessionProfile = .recommended
    /// `--backoff fixed:S | schedule:S,S,… | exponential:BASE,CAP[,jitter]`, overriding the service's delay.
    public var backoff: String?
    /// Reconnect attempts (central compatible: attempts in total, as pycentral's `max_retries`).
    public var maxRetries: Int?
    /// Print heartbeats as `{"heartbeat":…}`.
    public var showHeartbeats = false
    /// sse, eventstreamer: the idle read timeout in seconds (comments and heartbeat lines count), overriding
    /// the profile's (recommended 90 s; compatible none, as the seed clients).
    public var idleTimeout: Double?

    // central
    public var topic: String?
    public var filters: [String] = []
    public var clientID: String?
    public var clientSecret: String?
    public var tokenURL: String?
    // eisy
    public var path: String?
    public var user: String?
    public var password: String?
    /// `--user`/`--password` are the portal login's (`POST /api/login`, Bearer), not Basic auth.
    public var portal = false
    // stream
    public var apiKey: String?
    public var userID: String?
    public var apiSecret: String?
    // sse (issue 17)
    /// Resume from this event ID on the first connection (`Last-Event-ID`).
    public var lastEventID: String?
    // eventstreamer (issue 17)
    public var subscription: String?
    /// Resume from this token on the first connection (`?resume_token=`).
    public var resumeToken: String?
    /// Do not acknowledge batches (manual mode with nobody acknowledging).
    public var noAutoAck = false

    public init() {}

    /// The headers as name/value pairs.
    public func parsedHeaders() throws(ConnectUsageError) -> [SessionHeader] {
        var result: [SessionHeader] = []
        for header in headers {
            guard let colon = header.firstIndex(of: ":") else {
                throw ConnectUsageError(code: "bad-option", message: "--header must be 'Name: value'")
            }
            let name = header[..<colon].trimmingCharacters(in: .whitespaces)
            let value = header[header.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            guard !name.isEmpty, !name.contains(where: { $0.isWhitespace || $0.isNewline }),
                  !value.contains(where: { $0 == "\r" || $0 == "\n" || $0 == "\0" }) else {
                throw ConnectUsageError(code: "bad-option", message: "--header must be 'Name: value' without CR/LF")
            }
            let sensitive = ["authorization", "cookie", "x-api-key"].contains(name.lowercased())
            result.append(sensitive ? SessionHeader(name, secret: Secret(value)) : SessionHeader(name, value))
        }
        return result
    }

    /// Checks the common options.
    public func validate() throws(ConnectUsageError) {
        if token != nil, tokenFile != nil {
            throw ConnectUsageError(code: "conflicting-options", message: "--token and --token-file exclude each other")
        }
        if let maxEvents, maxEvents < 1 { throw ConnectUsageError(code: "bad-option", message: "--max-events must be at least 1") }
        if let duration, !(duration > 0 && duration.isFinite) {
            throw ConnectUsageError(code: "bad-option", message: "--duration must be a positive number of seconds")
        }
        if let idleTimeout, !(idleTimeout > 0 && idleTimeout <= 86_400) {
            throw ConnectUsageError(code: "bad-option", message: "--idle-timeout must be a number of seconds in (0, 86400]")
        }
        if let maxRetries, maxRetries < 0 { throw ConnectUsageError(code: "bad-option", message: "--max-retries must be at least 0") }
        _ = try parsedBackoff()
        _ = try parsedHeaders()
        _ = try tlsTrust()
        if url.isEmpty { throw ConnectUsageError(code: "missing-option", message: "the service URL is missing") }
    }

    /// The trust `--ca-cert` or `--pin-sha256` asks for (they exclude each other); nil when neither is given, so
    /// the service's profile decides (the system trust store; compatible central/eisy: unverified, as their seed
    /// clients). An unreadable PEM or a bad fingerprint is a usage error with TransportNIO's `tls-…` code.
    public func tlsTrust() throws(ConnectUsageError) -> TLSClientOptions.Trust? {
        if caCert != nil, pinSHA256 != nil {
            throw ConnectUsageError(code: "conflicting-options", message: "--ca-cert and --pin-sha256 exclude each other")
        }
        do throws(TLSError) {
            if let caCert { return .additionalRoots(try TLSCertificate.loadPEMFile(caCert)) }
            if let pinSHA256 { return .pinned(try TLSFingerprint(hex: pinSHA256)) }
        } catch {
            let option = caCert != nil ? "--ca-cert" : "--pin-sha256"
            throw ConnectUsageError(code: error.code, message: "\(option): \(error.message)")
        }
        return nil
    }

    /// The WebSocket client settings: TLS from `tlsTrust()` (system trust store by default).
    public func webSocketClient() throws(ConnectUsageError) -> WebSocketClientConfiguration {
        var configuration = WebSocketClientConfiguration()
        configuration.transportSecurity = TLSClientOptions(trust: try tlsTrust() ?? .system)
        return configuration
    }

    /// The `--backoff` override, nil when not given.
    public func parsedBackoff() throws(ConnectUsageError) -> Backoff? {
        guard let backoff else { return nil }
        do throws(BackoffSpecificationError) {
            return try Backoff(specification: backoff)
        } catch {
            throw ConnectUsageError(code: error.code.rawValue, message: error.message)
        }
    }

    /// Applies `--backoff` and `--max-retries` to a service's reconnect configuration; `retriesAreTotal` for
    /// pycentral's "attempts in total" meaning.
    public func apply(to reconnect: inout SupervisorConfiguration, retriesAreTotal: Bool = false) throws(ConnectUsageError) {
        if let backoff = try parsedBackoff() { reconnect.policy.backoff = backoff }
        if let maxRetries {
            if retriesAreTotal {
                reconnect.policy.limits.perLifetime = maxRetries
            } else {
                reconnect.policy.limits.perOutage = maxRetries
            }
        }
    }

    /// The token from `--token` or `--token-file` (re-read on each call), nil when neither is given.
    public func tokenProvider() -> CredentialProvider? {
        if let token {
            let secret = Secret(token)
            return { secret }
        }
        if let tokenFile {
            return {
                let text = try String(contentsOfFile: tokenFile, encoding: .utf8)
                return Secret(text.trimmingCharacters(in: .whitespacesAndNewlines))
            }
        }
        return nil
    }
}
