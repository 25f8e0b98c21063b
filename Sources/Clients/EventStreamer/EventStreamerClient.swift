import AsyncHTTPClient
import Codecs
import EventStreamer
import HTTPStreaming
import Reconnect
import Sessions
import TransportNIO

/// Something an `EventStreamerClient` reports besides batches.
public enum EventStreamerNotice: Sendable, Equatable {
    /// A server `heartbeat` line (it fed liveness).
    case heartbeat
    /// An `error` line (service-profiles §3.3). Recommended profile: the connection ended after it
    /// (`recoverable:false` gives up, else reconnect); compatible: the stream went on, as in the SDK.
    case serviceError(StreamingErrorMessage)
    /// A line the decoder rejected (bad JSON, unknown type), skipped as the SDK skips it; `line` is its 1-based
    /// line number in that connection's body.
    case rejectedLine(code: String, message: String, line: Int)
}

/// A control-plane call could not be made or was refused.
public struct EventStreamerControlError: Error, Hashable, Sendable, CustomStringConvertible {
    /// `not-connected` (no live connection ID), `invalid-processing-status`, or the HTTP layer's code
    /// (`unexpected-status`, `request-timeout`, …).
    public let code: String
    public let message: String

    public var description: String { "\(code): \(message)" }
}

/// An Event Streamer client (issue 17; event-streamer-sdk `StreamingClient`, service-profiles §3):
///
///     let client = try EventStreamerClient(.recommended(baseURL: "https://events.example", subscriptionID: "42"),
///                                          credentials: { token })
///     for try await batch in client.events { handle(batch.events) }   // acknowledged in bulk every 3 s
///
/// `GET {base}/subscriptions/{id}/stream[?resume_token=]` (ID and token percent-encoded), `X-Connection-Id` from
/// the response, typed `event_batch` / `heartbeat` / `error` lines from our decoder; automatic bulk acks every
/// 3 s and on stop (or manual `acknowledge(batchID:)`); a client heartbeat every 30 s whose 404 means the
/// connection is lost. Beyond the SDK, which never reconnects: automatic reconnect resuming from the resume
/// token of the last batch handed to the consumer, so a drop at any byte neither loses nor repeats a batch.
public final class EventStreamerClient: Sendable {
    public let configuration: EventStreamerSessionConfiguration
    let stream: ReconnectingStream<StreamingEventBatch>
    /// Heartbeats, `error` lines and rejected lines (newest 256 kept for a late reader).
    public let notices: AsyncStream<EventStreamerNotice>
    private let session: SharedValue<EventStreamerSession>
    private let resume: SharedValue<String?>
    private let transport: HTTPEventStream
    private let credentials: CredentialProvider?
    private let ending: Task<Void, Never>

    /// Connects at once on the continuous clock; `credentials` gives the Bearer token (nil: none).
    public convenience init(
        _ configuration: EventStreamerSessionConfiguration, credentials: CredentialProvider? = nil,
        http: HTTPClientConfiguration = HTTPClientConfiguration()
    ) throws(TLSError) {
        try self.init(
            configuration, credentials: credentials, http: http, clock: ContinuousClock(),
            random: SystemRandomNumberGenerator(), defects: EventStreamerClientDefects())
    }

    /// Connects at once; every timer (acks, heartbeats, backoff, idle) runs on `clock`.
    public convenience init<C: Clock>(
        _ configuration: EventStreamerSessionConfiguration, credentials: CredentialProvider? = nil,
        http: HTTPClientConfiguration = HTTPClientConfiguration(), clock: C,
        random: some RandomNumberGenerator & Sendable
    ) throws(TLSError) where C.Duration == Duration {
        try self.init(
            configuration, credentials: credentials, http: http, clock: clock, random: random,
            defects: EventStreamerClientDefects())
    }

    init<C: Clock>(
        _ configuration: EventStreamerSessionConfiguration, credentials: CredentialProvider?,
        http: HTTPClientConfiguration, clock: C, random: some RandomNumberGenerator & Sendable,
        defects: EventStreamerClientDefects
    ) throws(TLSError) where C.Duration == Duration {
        let (client, owned) = try http.makeClient()
        let transport = HTTPEventStream(
            client: client, timeouts: http.streamTimeouts, clock: clock, tls: owned ? http.tls : nil)
        let session = SharedValue(EventStreamerSession(configuration: configuration))
        let resume = SharedValue(configuration.resumeToken)
        let timers = ClientClock(clock)
        let (notices, noticeContinuation) = AsyncStream.makeStream(
            of: EventStreamerNotice.self, bufferingPolicy: .bufferingNewest(256))
        let context = AttemptContext(
            session: session, resume: resume, transport: transport, clock: timers, notices: noticeContinuation,
            controlTimeout: configuration.controlTimeout, startToken: configuration.resumeToken, gate: AttemptGate(),
            defects: defects, tap: http.bodyTap)
        let stream = ReconnectingStream<StreamingEventBatch>(
            configuration: configuration.supervisorConfiguration, clock: clock, random: random,
            credentials: credentials, eventBufferLimit: http.eventBufferLimit
        ) { connection in
            try await context.gate.run { try await context.attempt(connection) }
        }
        self.configuration = configuration
        self.stream = stream
        self.notices = notices
        self.session = session
        self.resume = resume
        self.transport = transport
        self.credentials = credentials
        ending = Task {
            await stream.finished()
            let token = try? await credentials?()
            let requests = session.withLock { $0.stop(token: token) }
            for request in requests { _ = await context.send(request) }
            noticeContinuation.finish()
            if owned { try? await client.shutdown() }
        }
    }

    /// The batches in order (single consumer); ends after a stop, throws `ReconnectFailure` when the client gave
    /// up (`INVALID_RESUME_TOKEN`-style unrecoverable `error` lines, a 404 stream, `retries-exhausted`, …).
    public var events: ReconnectingStream<StreamingEventBatch>.Events { stream.events }
    /// Every status change, ending with `stopped` or `failed`.
    public var status: AsyncStream<ConnectionStatus> { stream.statuses }
    /// When the stream last saw traffic (a batch, a heartbeat line, any byte).
    public var lastEventAt: MonotonicInstant? { stream.lastEventAt }
    /// The resume point: the resume token of the last batch the consumer received (the configured one before).
    public var resumeToken: String? { resume.get() }
    /// The live connection's `X-Connection-Id`, nil between connections.
    public var connectionID: String? { session.withLock { $0.connectionID } }

    /// Stops for good: closes the stream, sends the last bulk ack of everything delivered (the SDK acks on
    /// stop), and returns when done.
    public func stop() async {
        await stream.stop()
        await ending.value
    }

    /// Waits until the client has ended (by itself or by `stop()`) and its last acks went out.
    public func finished() async {
        await ending.value
    }

    /// Manual mode: acknowledges `batchID` on the live connection (`POST …/ack/batch`). A 404 there means the
    /// connection is gone; the stream finds out by its own heartbeat.
    public func acknowledge(batchID: String) async throws(EventStreamerControlError) {
        let token = try? await credentials?()
        guard let request = session.withLock({ $0.acknowledge(batchID: batchID, token: token) }) else {
            throw EventStreamerControlError(code: "not-connected", message: "no live connection to acknowledge on")
        }
        let result = await AttemptContext.send(request, transport: transport, timeout: configuration.controlTimeout)
        switch result {
        case let .response(status, _) where (200...299).contains(status):
            return
        case let .response(status, _):
            throw EventStreamerControlError(code: "unexpected-status", message: "HTTP status \(status)")
        case let .failed(code):
            throw EventStreamerControlError(code: code, message: "the acknowledgement was not answered")
        }
    }

    /// `GET {base}/subscriptions/{id}/processing-status` (§3.1).
    public func processingStatus() async throws(EventStreamerControlError) -> EventStreamerProcessingStatus {
        let token = try? await credentials?()
        let request = session.withLock { $0.processingStatusRequest(token: token) }
        let control = EventStreamerControlRequest(
            purpose: .heartbeat(sequenceNumber: 0, connectionID: ""), request: request)
        let result = await AttemptContext.send(control, transport: transport, timeout: configuration.controlTimeout)
        switch result {
        case let .response(status, body) where (200...299).contains(status):
            guard let parsed = EventStreamerSession.processingStatus(from: body) else {
                throw EventStreamerControlError(
                    code: "invalid-processing-status", message: "the answer is not a ProcessingStatusResponse")
            }
            return parsed
        case let .response(status, _):
            throw EventStreamerControlError(code: "unexpected-status", message: "HTTP status \(status)")
        case let .failed(code):
            throw EventStreamerControlError(code: code, message: "the processing-status query was not answered")
        }
    }
}

/// Deliberately broken behaviours, for tests that must show a check fails without the rule (never public).
struct EventStreamerClientDefects: Sendable {
    /// Resumes every connection from the configured token, not the last delivered batch (the SDK's only mode).
    var forgetsResumeToken = false
    /// Sends no client heartbeat (so a forgotten connection is never noticed).
    var skipsHeartbeat = false
}
