import Codecs
import Reconnect

/// A service session run by the reconnect `Supervisor`, still sans-I/O: the whole client minus the socket, the
/// clock and the credential provider (ARCHITECTURE.md "one trip": transport ⇄ session ⇄ supervisor ⇄ clock).
///
/// Inputs and `now` in, `SessionLoopAction`s out. The loop owns the live connection's state machine and its
/// generation; anything reported for another generation is dropped, so a frame from a replaced socket is never
/// delivered and a late failure never acts (service-profiles §5.5 `ws_id` guard, made structural). The driver
/// calls `handle(.tick, now:)` at the instant of the last `waitUntil`.
public struct SessionLoop<Session: ServiceSession>: Sendable {
    public typealias Event = Session.Connection.Event

    public let session: Session
    public private(set) var supervisor: Supervisor
    private var credentials: Secret?
    private var live: (generation: Generation, connection: Session.Connection)?
    private var requestedDeadline: MonotonicInstant?
    private var started = false
    private var finished = false

    /// When the last service event (not a heartbeat) was delivered, nil before the first.
    public private(set) var lastEventAt: MonotonicInstant?
    /// Events delivered so far.
    public private(set) var eventsDelivered = 0

    /// A loop for `session`; `random` feeds the backoff jitter (seed it in tests).
    public init(session: Session, random: some RandomNumberGenerator & Sendable) {
        self.session = session
        supervisor = Supervisor(configuration: session.reconnect, random: random)
    }

    /// The generation of the connection attempt in flight or open, nil when there is none.
    public var liveGeneration: Generation? { live?.generation }

    /// The last status reported.
    public var status: ConnectionStatus? { supervisor.status }

    /// Handles one input at `now` (never going backwards) and returns what the driver must do, in order.
    public mutating func handle(_ input: SessionLoopInput, now: MonotonicInstant) -> [SessionLoopAction<Event>] {
        guard !finished else { return [] }
        var out: [SessionLoopAction<Event>] = []
        switch input {
        case .start:
            guard !started else { break }
            started = true
            out.append(.fetchCredentials)
        case let .credentials(secret):
            credentials = secret
            if supervisor.status == nil {
                apply(supervisor.handle(.start, now: now), now: now, into: &out)
            } else {
                apply(supervisor.handle(.credentialsRefreshed, now: now), now: now, into: &out)
            }
        case .credentialsFailed:
            if supervisor.status == nil {
                let reason: ReasonCode = "credentials-unavailable"
                finished = true
                out.append(.status(.failed(reason)))
                out.append(.finished(.failed(reason)))
            } else {
                apply(supervisor.handle(.credentialsRefreshFailed, now: now), now: now, into: &out)
            }
        case let .opened(generation):
            guard var current = live, current.generation == generation else { break }
            let actions = current.connection.opened(now: now)
            live = current
            perform(actions, generation: generation, now: now, into: &out)
        case let .message(generation, kind, bytes):
            guard var current = live, current.generation == generation else { break }
            _ = supervisor.handle(.received(generation), now: now)
            let receipt = current.connection.receive(kind, bytes, now: now)
            live = current
            switch receipt.delivery {
            case .event:
                lastEventAt = now
                eventsDelivered += 1
                out.append(.deliver(receipt.delivery))
            case .heartbeat, .skipped:
                out.append(.deliver(receipt.delivery))
            case .ignored:
                break
            }
            perform(receipt.actions, generation: generation, now: now, into: &out)
        case let .consumerBusy(generation):
            guard live?.generation == generation else { break }
            _ = supervisor.handle(.received(generation), now: now)
        case let .closed(generation, outcome):
            guard let current = live, current.generation == generation else { break }
            live = nil
            apply(supervisor.handle(.attemptFailed(generation, outcome), now: now), now: now, into: &out)
        case .tick:
            apply(supervisor.handle(.tick, now: now), now: now, into: &out)
            if var current = live, let due = current.connection.nextDeadline, now >= due {
                let actions = current.connection.tick(now: now)
                live = current
                perform(actions, generation: current.generation, now: now, into: &out)
            }
        case .stop:
            apply(supervisor.handle(.stop, now: now), now: now, into: &out)
        }
        requestTick(into: &out)
        return out
    }

    /// Carries out the supervisor's actions.
    private mutating func apply(_ actions: [SupervisorAction], now: MonotonicInstant, into out: inout [SessionLoopAction<Event>]) {
        for action in actions {
            switch action {
            case let .status(status):
                out.append(.status(status))
            case let .connect(generation):
                guard let credentials else { continue }
                live = (generation, session.connection(credentials: credentials))
                out.append(.connect(generation, session.request(credentials: credentials)))
            case .waitUntil:
                break
            case .refreshCredentials:
                out.append(.fetchCredentials)
            case let .closeConnection(generation, reason):
                if live?.generation == generation { live = nil }
                out.append(.close(generation, code: 1000, reason: reason))
            case let .finished(termination):
                live = nil
                finished = true
                out.append(.finished(termination))
            }
        }
    }

    /// Carries out a connection's actions; a `fail` ends it and drops what follows.
    private mutating func perform(
        _ actions: [SessionAction], generation: Generation, now: MonotonicInstant, into out: inout [SessionLoopAction<Event>]
    ) {
        for action in actions {
            guard live?.generation == generation else { return }
            switch action {
            case let .send(frame):
                out.append(.send(generation, frame))
            case .accept:
                apply(supervisor.handle(.attemptSucceeded(generation), now: now), now: now, into: &out)
            case .synced:
                apply(supervisor.handle(.synced(generation), now: now), now: now, into: &out)
            case let .livenessWindow(window):
                apply(supervisor.handle(.livenessWindow(generation, window), now: now), now: now, into: &out)
            case let .fail(outcome, closeCode):
                live = nil
                out.append(.close(generation, code: closeCode, reason: outcome.reason))
                apply(supervisor.handle(.attemptFailed(generation, outcome), now: now), now: now, into: &out)
                return
            }
        }
    }

    /// The earliest of the supervisor's and the connection's deadlines.
    public var nextDeadline: MonotonicInstant? {
        guard !finished else { return nil }
        let connectionDeadline = live?.connection.nextDeadline
        switch (supervisor.nextDeadline, connectionDeadline) {
        case let (a?, b?): return min(a, b)
        case let (a?, nil): return a
        case let (nil, b?): return b
        case (nil, nil): return nil
        }
    }

    private mutating func requestTick(into out: inout [SessionLoopAction<Event>]) {
        let deadline = nextDeadline
        if deadline != requestedDeadline {
            requestedDeadline = deadline
            if let deadline { out.append(.waitUntil(deadline)) }
        }
    }
}

/// What happened, told to `SessionLoop.handle(_:now:)`.
public enum SessionLoopInput: Sendable {
    /// Begin (asks for credentials first).
    case start
    /// The credential provider answered (after `start` or a `fetchCredentials`).
    case credentials(Secret)
    /// The credential provider threw.
    case credentialsFailed
    /// The WebSocket of this generation opened (101 received).
    case opened(Generation)
    /// A data message arrived on this generation's socket.
    case message(Generation, SessionMessageKind, [UInt8])
    /// The consumer has not taken the events buffered for it, so the transport holds this generation's traffic
    /// back: counts as traffic for the supervisor's liveness (a slow consumer is not a dead peer; issue 14 §4).
    case consumerBusy(Generation)
    /// This generation's attempt or connection ended this way (handshake status, close code, network error,
    /// keep-alive timeout as `heartbeat-missed`).
    case closed(Generation, ConnectionOutcome)
    /// Time passed.
    case tick
    /// Stop for good (`stop()`; `--max-events`, `--duration`, a signal).
    case stop
}

/// What the driver must do, in order.
public enum SessionLoopAction<Event: Sendable>: Sendable {
    /// Report this status.
    case status(ConnectionStatus)
    /// Call the credential provider, then report `credentials` or `credentialsFailed`.
    case fetchCredentials
    /// Open this request; report everything about it with this generation.
    case connect(Generation, SessionRequest)
    /// Send this message on this generation's socket.
    case send(Generation, SessionFrame)
    /// Close this generation's socket with this close code; what it reports afterwards is ignored.
    case close(Generation, code: UInt16, reason: ReasonCode)
    /// Hand this to the consumer (an event), to liveness logs (a heartbeat) or to the log (a skipped message).
    case deliver(SessionDelivery<Event>)
    /// Call `handle(.tick, now:)` at this instant (replaces the previous request).
    case waitUntil(MonotonicInstant)
    /// Done: end the client's sequences; later inputs are ignored.
    case finished(Termination)
}
