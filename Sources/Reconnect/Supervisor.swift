public import Codecs

/// The reconnect supervisor: a sans-I/O state machine that decides when to connect, how long to wait, when a
/// silent connection is dead, when to refresh credentials and when to give up (issue 14 §3).
///
/// Inputs and `now` in, `SupervisorAction`s out; it reads no clock, sleeps never and draws randomness only
/// from the generator it was given, so every rule is tested in virtual time. Deadlines (attempt timeout,
/// liveness, syncing quiet, the retry wait) are evaluated when `tick` arrives; the supervisor asks for ticks
/// with `waitUntil`. Traffic (`received`) only records the time, so a busy connection costs no actions.
///
/// Counting: `retry` is `k`, the number of reconnect attempts since the backoff last reset (`BackoffReset`);
/// the delay before attempt `k` is `policy.backoff.delay(attempt: k)` unless a server-directed delay replaces
/// it. Credentials are refreshed at most once until a connection opens: an attempt made with fresh
/// credentials that is refused again gives up, so a wrong password never loops.
public struct Supervisor: Sendable {
    public let configuration: SupervisorConfiguration

    private struct OpenConnection: Sendable {
        var openedAt: MonotonicInstant
        var lastTraffic: MonotonicInstant
        var syncing: Bool
        var livenessWindow: Duration?
        /// The window came from the service (a heartbeat's announced interval): its expiry is `.heartbeatMissed`.
        var announced = false
    }

    private enum Phase: Sendable {
        case idle
        case connecting(Generation, startedAt: MonotonicInstant)
        case open(Generation, OpenConnection)
        case refreshing
        case waiting(until: MonotonicInstant)
        case finished(Termination)
    }

    private var phase = Phase.idle
    private var random: any RandomNumberGenerator & Sendable
    private var lastGeneration: UInt64 = 0
    private var requestedDeadline: MonotonicInstant?
    private var refreshUsed = false
    private var stickyServerDelay: Duration?

    /// Reconnect attempts since the backoff last reset (`k` of the last `reconnecting` status).
    public private(set) var retry = 0
    /// Connection attempts made in the supervisor's life.
    public private(set) var attemptsMade = 0
    /// The last status reported, nil before `start`.
    public private(set) var status: ConnectionStatus?
    /// When the live connection last had traffic (its open counts), nil when none is open.
    public var lastTrafficAt: MonotonicInstant? {
        if case let .open(_, connection) = phase { return connection.lastTraffic }
        return nil
    }

    /// The generation of the attempt in flight or the open connection, nil when there is none.
    public var liveGeneration: Generation? {
        switch phase {
        case let .connecting(generation, _), let .open(generation, _): generation
        default: nil
        }
    }

    /// How the supervisor ended, nil while it runs.
    public var termination: Termination? {
        if case let .finished(termination) = phase { return termination }
        return nil
    }

    /// A supervisor for `configuration`, drawing jitter from `random` (seed it for reproducible delays; a
    /// client passes a generator seeded from the system's randomness at the I/O layer).
    public init(configuration: SupervisorConfiguration, random: some RandomNumberGenerator & Sendable) {
        self.configuration = configuration
        self.random = random
    }

    /// The earliest pending deadline, nil when nothing is timed.
    public var nextDeadline: MonotonicInstant? {
        switch phase {
        case let .connecting(_, startedAt):
            return configuration.policy.attemptTimeout.map { startedAt + $0 }
        case let .open(_, connection):
            var deadline: MonotonicInstant?
            if let window = connection.livenessWindow { deadline = connection.lastTraffic + window }
            if connection.syncing, let rule = configuration.syncing {
                let synced = min(connection.lastTraffic + rule.quiet, connection.openedAt + rule.cap)
                deadline = deadline.map { min($0, synced) } ?? synced
            }
            return deadline
        case let .waiting(until):
            return until
        case .idle, .refreshing, .finished:
            return nil
        }
    }

    /// Handles one input at `now` (which must not go backwards) and returns what the driver must do, in order.
    public mutating func handle(_ input: SupervisorInput, now: MonotonicInstant) -> [SupervisorAction] {
        if case .finished = phase { return [] }
        var actions: [SupervisorAction] = []
        switch input {
        case .start:
            if case .idle = phase { beginAttempt(now: now, into: &actions) }
        case let .attemptSucceeded(generation):
            guard case let .connecting(live, _) = phase, live == generation else {
                if liveGeneration != generation { actions.append(.closeConnection(generation, .staleGeneration)) }
                break
            }
            opened(generation, now: now, into: &actions)
        case let .synced(generation):
            if case .open(generation, var connection) = phase, connection.syncing {
                connection.syncing = false
                phase = .open(generation, connection)
                report(.connected, into: &actions)
            }
        case let .attemptFailed(generation, outcome):
            switch phase {
            case .connecting(generation, _): fail(outcome, openedAt: nil, now: now, into: &actions)
            case .open(generation, let connection):
                fail(outcome, openedAt: connection.openedAt, now: now, into: &actions)
            default: break
            }
        case let .received(generation):
            if case .open(generation, var connection) = phase {
                connection.lastTraffic = max(connection.lastTraffic, now)
                phase = .open(generation, connection)
            }
            return []
        case let .serverDirectedDelay(generation, delay):
            if liveGeneration == generation { stickyServerDelay = delay }
        case let .livenessWindow(generation, window):
            if case .open(generation, var connection) = phase {
                connection.livenessWindow = window ?? configuration.liveness?.window
                connection.announced = window != nil
                phase = .open(generation, connection)
            }
        case .credentialsRefreshed:
            if case .refreshing = phase { scheduleRetry(serverDelay: nil, immediate: false, now: now, into: &actions) }
        case .credentialsRefreshFailed:
            if case .refreshing = phase { terminate(.failed(.credentialsRefreshFailed), into: &actions) }
        case .tick:
            if let requested = requestedDeadline, now >= requested { requestedDeadline = nil }
            fireDeadlines(now: now, into: &actions)
        case .stop:
            if let generation = liveGeneration { actions.append(.closeConnection(generation, .stopRequested)) }
            terminate(.stopped(.stopRequested), into: &actions)
        }
        requestTick(into: &actions)
        return actions
    }

    private mutating func beginAttempt(now: MonotonicInstant, into actions: inout [SupervisorAction]) {
        attemptsMade += 1
        lastGeneration &+= 1
        let generation = Generation(lastGeneration)
        phase = .connecting(generation, startedAt: now)
        report(.connecting, into: &actions)
        actions.append(.connect(generation))
    }

    private mutating func opened(_ generation: Generation, now: MonotonicInstant, into actions: inout [SupervisorAction]) {
        refreshUsed = false
        if case .onOpen = configuration.policy.reset { retry = 0 }
        let syncing = configuration.syncing != nil
        phase = .open(
            generation,
            OpenConnection(
                openedAt: now, lastTraffic: now, syncing: syncing, livenessWindow: configuration.liveness?.window
            )
        )
        report(syncing ? .syncing : .connected, into: &actions)
    }

    private mutating func fireDeadlines(now: MonotonicInstant, into actions: inout [SupervisorAction]) {
        switch phase {
        case let .connecting(generation, startedAt):
            if let timeout = configuration.policy.attemptTimeout, now >= startedAt + timeout {
                let outcome = ConnectionOutcome.connectTimeout
                actions.append(.closeConnection(generation, outcome.reason))
                fail(outcome, openedAt: nil, now: now, into: &actions)
            }
        case .open(let generation, var connection):
            if let window = connection.livenessWindow, now >= connection.lastTraffic + window {
                let outcome = connection.announced ? .heartbeatMissed : configuration.liveness?.outcome ?? .idleTimeout
                actions.append(.closeConnection(generation, outcome.reason))
                fail(outcome, openedAt: connection.openedAt, now: now, into: &actions)
                return
            }
            if connection.syncing, let rule = configuration.syncing,
               now >= connection.lastTraffic + rule.quiet || now >= connection.openedAt + rule.cap {
                connection.syncing = false
                phase = .open(generation, connection)
                report(.connected, into: &actions)
            }
        case let .waiting(until):
            if now >= until { beginAttempt(now: now, into: &actions) }
        case .idle, .refreshing, .finished:
            break
        }
    }

    private mutating func fail(
        _ outcome: ConnectionOutcome, openedAt: MonotonicInstant?, now: MonotonicInstant,
        into actions: inout [SupervisorAction]
    ) {
        if let openedAt, case let .afterStableFor(window) = configuration.policy.reset,
           now.duration(since: openedAt) >= window {
            retry = 0
        }
        phase = .idle
        let resetsOnEndOfStream = outcome == .endOfStream && configuration.policy.reset == .afterEndOfStream
        if resetsOnEndOfStream { retry = 0 }
        let reason = outcome.reason
        report(.lost(reason), into: &actions)
        switch configuration.classifier.classify(outcome) {
        case .stopForGood:
            terminate(.stopped(reason), into: &actions)
        case .giveUp:
            terminate(.failed(reason), into: &actions)
        case .refreshCredentialsThenRetry:
            guard configuration.canRefreshCredentials, !refreshUsed else {
                terminate(.failed(reason), into: &actions)
                return
            }
            refreshUsed = true
            phase = .refreshing
            actions.append(.refreshCredentials)
        case .retry:
            scheduleRetry(serverDelay: outcome.retryAfter, immediate: false, now: now, into: &actions)
        case .retryImmediately:
            scheduleRetry(serverDelay: outcome.retryAfter, immediate: true, now: now, into: &actions)
        }
        if resetsOnEndOfStream { retry = 0 }
    }

    private mutating func scheduleRetry(
        serverDelay: Duration?, immediate: Bool, now: MonotonicInstant, into actions: inout [SupervisorAction]
    ) {
        let limits = configuration.policy.limits
        if let perLifetime = limits.perLifetime, attemptsMade >= max(perLifetime, 1) {
            terminate(.failed(.retriesExhausted), into: &actions)
            return
        }
        if let perOutage = limits.perOutage, retry >= max(perOutage, 0) {
            terminate(.failed(.retriesExhausted), into: &actions)
            return
        }
        retry += 1
        let delay: Duration
        if let server = serverDelay ?? stickyServerDelay {
            delay = configuration.policy.serverDelay.clamp(server)
        } else if immediate, retry == 1 {
            delay = .zero
        } else {
            delay = configuration.policy.backoff.delay(attempt: retry, random: &random)
        }
        phase = .waiting(until: now + delay)
        report(.reconnecting(attempt: retry, delay: delay), into: &actions)
    }

    private mutating func terminate(_ termination: Termination, into actions: inout [SupervisorAction]) {
        phase = .finished(termination)
        switch termination {
        case let .stopped(reason): report(.stopped(reason), into: &actions)
        case let .failed(reason): report(.failed(reason), into: &actions)
        }
        actions.append(.finished(termination))
    }

    private mutating func report(_ status: ConnectionStatus, into actions: inout [SupervisorAction]) {
        self.status = status
        actions.append(.status(status))
    }

    private mutating func requestTick(into actions: inout [SupervisorAction]) {
        guard let deadline = nextDeadline else {
            requestedDeadline = nil
            return
        }
        if deadline != requestedDeadline {
            requestedDeadline = deadline
            actions.append(.waitUntil(deadline))
        }
    }
}
