import Codecs
import EventStreamer
import HTTPStreaming
import Reconnect
import Sessions

/// One Event Streamer connection attempt, and the control-plane calls it makes: the stream body (batches to the
/// consumer, the resume point moved only after each hand-over) beside the timer loop that sends the bulk acks
/// and client heartbeats the session asks for. Whichever ends first ends the attempt: the body with
/// `end-of-stream` or the session's outcome, the timers with `connection-not-found` (a 404 heartbeat or ack).
struct AttemptContext: Sendable {
    let session: SharedValue<EventStreamerSession>
    let resume: SharedValue<String?>
    let transport: HTTPEventStream
    let clock: ClientClock
    let notices: AsyncStream<EventStreamerNotice>.Continuation
    let controlTimeout: Duration
    let startToken: String?
    let gate: AttemptGate
    let defects: EventStreamerClientDefects
    /// Observes the head and body reads (`harness record`); nil: none.
    let tap: HTTPBodyTap?

    func attempt(_ connection: StreamConnection<StreamingEventBatch>) async throws -> ConnectionOutcome {
        tap?.attemptStarted()
        let token = try await connection.credentials()
        let resumeFrom = defects.forgetsResumeToken ? startToken : resume.get()
        let request = session.withLock { session -> HTTPSessionRequest in
            session.resume(from: resumeFrom)
            return session.streamRequest(token: token)
        }
        let (opened, openedContinuation) = AsyncStream.makeStream(of: Void.self)
        let ownConnectionID = SharedValue<String?>(nil)
        defer {
            let own = ownConnectionID.get()
            session.withLock { session in
                if own != nil, session.connectionID == own { session.connectionEnded() }
            }
            openedContinuation.finish()
        }
        do {
            let outcome = try await withThrowingTaskGroup(of: ConnectionOutcome.self) { group in
                group.addTask {
                    try await body(request, connection: connection, opened: openedContinuation, ownConnectionID: ownConnectionID)
                }
                group.addTask {
                    for await _ in opened { break }
                    try await controlLoop(connection)
                    return .endOfStream
                }
                guard let first = try await group.next() else { return ConnectionOutcome.endOfStream }
                group.cancelAll()
                return first
            }
            await acknowledgeEnded(ownConnectionID.get(), token: token)
            return outcome
        } catch {
            await acknowledgeEnded(ownConnectionID.get(), token: token)
            throw error
        }
    }

    /// The bulk ack of what this connection delivered, sent as soon as it ends (the service forgets an ended
    /// connection after a while, §3.4: waiting for the next 3 s tick or the stop could find it gone).
    private func acknowledgeEnded(_ connectionID: String?, token: Secret?) async {
        guard let connectionID else { return }
        let requests = session.withLock { $0.acknowledgeEnded(connectionID: connectionID, token: token) }
        for request in requests {
            let result = await send(request)
            _ = session.withLock { $0.handleReply(to: request, result) }
        }
    }

    /// Reads the stream into the consumer.
    private func body(
        _ request: HTTPSessionRequest, connection: StreamConnection<StreamingEventBatch>,
        opened: AsyncStream<Void>.Continuation, ownConnectionID: SharedValue<String?>
    ) async throws -> ConnectionOutcome {
        let session = self.session
        var decoder = TappedBodyDecoder(EventStreamerBodyDecoder(session: session), tap: tap)
        let clock = self.clock
        let resume = self.resume
        let notices = self.notices
        _ = try await transport.run(
            request.streamRequest, decoder: &decoder,
            onOpen: { head in
                tap?.report(head)
                let (outcome, id) = session.withLock { session in
                    (session.open(head.sessionHead, now: clock.now()), session.connectionID)
                }
                if let outcome { throw AttemptOutcome(connectionOutcome: outcome) }
                ownConnectionID.set(id)
                connection.opened()
                opened.yield()
            },
            onItem: { item in
                switch item {
                case let .output(.batch(delivery)):
                    try await connection.deliver(delivery.batch)
                    resume.set(delivery.batch.resumeToken)
                    if let id = ownConnectionID.get() {
                        session.withLock { $0.delivered(batchID: delivery.batch.batchID, connectionID: id) }
                    }
                case .output(.heartbeat):
                    connection.noteTraffic()
                    notices.yield(.heartbeat)
                case let .output(.serviceError(report)):
                    notices.yield(.serviceError(report.error))
                case let .output(.rejectedLine(code, message, line)):
                    notices.yield(.rejectedLine(code: code, message: message, line: line))
                case .traffic:
                    connection.noteTraffic()
                case let .end(outcome):
                    throw AttemptOutcome(connectionOutcome: outcome)
                }
            })
        return .endOfStream
    }

    /// Sends what the session's timers ask for until cancelled or the connection is found gone.
    private func controlLoop(_ connection: StreamConnection<StreamingEventBatch>) async throws {
        while !Task.isCancelled {
            let deadline = session.withLock { $0.nextDeadline }
            try await clock.sleep(deadline ?? clock.now() + .seconds(3600))
            guard deadline != nil else { continue }
            let token = try await connection.credentials()
            let due = session.withLock { session in
                session.tick(now: clock.now(), wallClock: ClientClock.wallClockMicroseconds(), token: token)
            }
            for request in due {
                if defects.skipsHeartbeat, case .heartbeat = request.purpose { continue }
                let result = await send(request)
                if let outcome = session.withLock({ $0.handleReply(to: request, result) }) {
                    throw AttemptOutcome(connectionOutcome: outcome)
                }
            }
        }
    }

    /// Sends a control request to its answer (or `controlTimeout`) even when the attempt is cancelled meanwhile: a
    /// cancelled ack may have reached the service, and queueing its IDs again would acknowledge them twice.
    func send(_ request: EventStreamerControlRequest) async -> EventStreamerControlResult {
        let transport = self.transport
        let timeout = controlTimeout
        return await Task { await Self.send(request, transport: transport, timeout: timeout) }.value
    }

    /// A control request's answer as the session reads it: any status with its body, or the failure's code.
    static func send(
        _ request: EventStreamerControlRequest, transport: HTTPEventStream, timeout: Duration
    ) async -> EventStreamerControlResult {
        do {
            let response = try await transport.send(request.request.controlRequest(timeout: timeout))
            return .response(status: response.status, body: response.body)
        } catch let error as HTTPStreamError {
            if let response = error.response { return .response(status: response.status, body: response.body) }
            return .failed(error.code)
        } catch {
            return .failed("cancelled")
        }
    }
}
