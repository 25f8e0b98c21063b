import AsyncHTTPClient
import Codecs
import HTTPStreaming
import Reconnect
import Sessions
import TransportNIO

/// A Server-Sent Events client (issue 17; WHATWG HTML §9.2; ctfy `EventStream`, service-profiles §4) that
/// connects, decodes, survives outages, reports its status and stops cleanly:
///
///     let client = try SSEClient(.recommended(url: "https://ctfy.example/api/v1/events"), credentials: { token })
///     for try await event in client.events { print(event.event.type, event.event.data) }
///
/// Each attempt runs an `SSESession` through `HTTPEventStream` under the reconnect supervisor
/// (`ReconnectingStream`). Resume: `Last-Event-ID` goes out on every reconnect once an ID was seen; the ID sent
/// is the one of the last event handed to the consumer (or, when every event of a buffer was handed over, the
/// decoder's), so a drop anywhere, even inside an event or between an event and its blank line, neither loses
/// nor repeats an event from a server that resumes by ID. `retry:` replaces the computed delay; 204 stops for
/// good; 401/403, 429/5xx with `Retry-After`, idle timeout, backoff reset and clean end of body follow the
/// configuration's profile (the table on `SSESessionConfiguration`).
public final class SSEClient: Sendable {
    /// The configuration the client was made with (its `lastEventID` is where the first attempt resumes).
    public let configuration: SSESessionConfiguration
    let stream: ReconnectingStream<SSEStreamEvent>
    private let resume: SharedValue<String>
    private let ending: Task<Void, Never>

    /// Connects at once on the continuous clock.
    /// - Parameters:
    ///   - configuration: `SSESessionConfiguration.recommended(url:)` or `.compatible(url:)`, adjusted.
    ///   - credentials: the token provider (`Authorization: Bearer` or `?token=` as the profile says); nil sends
    ///     none.
    ///   - http: TLS, deadlines, buffer.
    /// - Throws: `TLSError` when the TLS options cannot be expressed for AsyncHTTPClient (a pin).
    public convenience init(
        _ configuration: SSESessionConfiguration, credentials: CredentialProvider? = nil,
        http: HTTPClientConfiguration = HTTPClientConfiguration()
    ) throws(TLSError) {
        try self.init(
            configuration, credentials: credentials, http: http, clock: ContinuousClock(),
            random: SystemRandomNumberGenerator(), defects: SSEClientDefects())
    }

    /// Connects at once; timers run on `clock`, jitter draws from `random` (tests pass a virtual clock and a
    /// seeded generator).
    public convenience init<C: Clock>(
        _ configuration: SSESessionConfiguration, credentials: CredentialProvider? = nil,
        http: HTTPClientConfiguration = HTTPClientConfiguration(), clock: C,
        random: some RandomNumberGenerator & Sendable
    ) throws(TLSError) where C.Duration == Duration {
        try self.init(
            configuration, credentials: credentials, http: http, clock: clock, random: random,
            defects: SSEClientDefects())
    }

    init<C: Clock>(
        _ configuration: SSESessionConfiguration, credentials: CredentialProvider?, http: HTTPClientConfiguration,
        clock: C, random: some RandomNumberGenerator & Sendable, defects: SSEClientDefects
    ) throws(TLSError) where C.Duration == Duration {
        let (client, owned) = try http.makeClient()
        let transport = HTTPEventStream(
            client: client, timeouts: http.streamTimeouts, clock: clock, tls: owned ? http.tls : nil)
        let resume = SharedValue(configuration.lastEventID)
        let gate = AttemptGate()
        let stream = ReconnectingStream<SSEStreamEvent>(
            configuration: configuration.supervisorConfiguration, clock: clock, random: random,
            credentials: credentials, eventBufferLimit: http.eventBufferLimit
        ) { connection in
            try await gate.run {
                try await SSEClient.attempt(
                    connection, configuration: configuration, transport: transport, resume: resume, defects: defects,
                    tap: http.bodyTap)
            }
        }
        self.configuration = configuration
        self.stream = stream
        self.resume = resume
        ending = Task {
            await stream.finished()
            if owned { try? await client.shutdown() }
        }
    }

    /// One connection: request (with `Last-Event-ID` from the resume point), head, body into the consumer.
    private static func attempt(
        _ connection: StreamConnection<SSEStreamEvent>, configuration: SSESessionConfiguration,
        transport: HTTPEventStream, resume: SharedValue<String>, defects: SSEClientDefects, tap: HTTPBodyTap?
    ) async throws -> ConnectionOutcome {
        tap?.attemptStarted()
        let token = try await connection.credentials()
        var attemptConfiguration = configuration
        attemptConfiguration.lastEventID = defects.forgetsLastEventID ? configuration.lastEventID : resume.get()
        let session = SSESession(configuration: attemptConfiguration)
        var decoder = TappedBodyDecoder(SSESessionBodyDecoder(session: session), tap: tap)
        do {
            _ = try await transport.run(
                session.request(token: token).streamRequest, decoder: &decoder,
                onOpen: { head in
                    tap?.report(head)
                    connection.opened()
                },
                onItem: { item in
                    switch item {
                    case let .output(.event(event)):
                        try await connection.deliver(event)
                        resume.set(event.event.lastEventID)
                    case let .output(.retry(delay)):
                        connection.noteTraffic()
                        if !defects.ignoresRetryField { connection.serverDirectedDelay(delay) }
                    case let .checkpoint(lastEventID):
                        connection.noteTraffic()
                        if !defects.resumesOnlyFromEvents { resume.set(lastEventID) }
                    }
                })
        } catch let error as HTTPStreamError {
            if defects.ignoresRetryAfter, case let .httpStatus(status, _) = error.connectionOutcome {
                return .httpStatus(status, retryAfter: nil)
            }
            throw error
        }
        return .endOfStream
    }

    /// The events in order (single consumer): ends after a stop (or a stop-for-good such as 204), throws
    /// `ReconnectFailure` when the client gave up (`http-401`, `retries-exhausted`, …).
    public var events: ReconnectingStream<SSEStreamEvent>.Events { stream.events }
    /// Every status change, ending with `stopped` or `failed`.
    public var status: AsyncStream<ConnectionStatus> { stream.statuses }
    /// When the stream last saw traffic (an event, a comment, `retry:`), on its clock from its creation.
    public var lastEventAt: MonotonicInstant? { stream.lastEventAt }
    /// The resume point: the last event ID of what the consumer received (`""` before any).
    public var lastEventID: String { resume.get() }

    /// Stops for good (status `stopped(stop-requested)`), closing the live connection; returns when done.
    public func stop() async {
        await stream.stop()
        await ending.value
    }

    /// Waits until the client has ended by itself or by `stop()`.
    public func finished() async {
        await ending.value
    }
}

/// Deliberately broken behaviours, for tests that must show a check fails without the rule (never public).
struct SSEClientDefects: Sendable {
    /// Sends the configured start ID on every attempt instead of the resume point.
    var forgetsLastEventID = false
    /// Ignores `retry:`.
    var ignoresRetryField = false
    /// Ignores `Retry-After`.
    var ignoresRetryAfter = false
    /// Moves the resume point only on delivered events (misses `id:` lines on data-less events).
    var resumesOnlyFromEvents = false
}
