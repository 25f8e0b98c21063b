import Codecs
import Reconnect

/// Runs the reconnect `Supervisor` over real connections: owns the timers (on an injected `Clock`, so tests
/// use `VirtualClock` and never sleep), runs each attempt through the transport closure, feeds the supervisor
/// and hands the consumer two sequences, `events` and `statuses` (issue 14 §4).
///
///     let stream = ReconnectingStream<MyEvent>(configuration: config, clock: ContinuousClock()) { connection in
///         // connect (tagging nothing: the connection knows its generation), then:
///         connection.opened()
///         for try await frame in socket { try await connection.deliver(decode(frame)) }
///         return .webSocketClose(code)          // or throw an error that is ConnectionOutcomeConvertible
///     }
///     for try await event in stream.events { … }     // ends after stop(); throws ReconnectFailure on failed(reason)
///
/// - The transport closure runs once per attempt. It returns (or throws) how the connection ended; when the
///   supervisor replaces or closes a connection, the closure's task is cancelled and it should close
///   gracefully (WebSocket close 1000, cancel the HTTP body) and return; whatever it reports then is ignored.
///   A thrown error that is not `ConnectionOutcomeConvertible` counts as `.transportError("unclassified-error")`.
/// - Backpressure: `events` buffers at most `eventBufferLimit` events; `deliver` suspends while it is full, so
///   a slow consumer stops the transport's reads. Liveness does not count time spent waiting for the consumer.
/// - `statuses` keeps the newest `statusBufferLimit` changes for a consumer that reads late (a status stream
///   must never stall the connection).
/// - `stop()` ends both sequences, closes the live connection and waits for its closure to return, at most
///   `closeTimeout` on the clock. Cancelling the task that iterates `events` stops the stream too.
/// - Single consumer per sequence.
public final class ReconnectingStream<Event: Sendable>: Sendable {
    /// One connection attempt: connect, report, deliver, and return how it ended.
    public typealias Transport = @Sendable (StreamConnection<Event>) async throws -> ConnectionOutcome

    /// The consumer's events, in order; ends after a stop, throws `ReconnectFailure` when the stream gave up.
    public let events: Events
    /// Every status change (`connecting`, `lost(reason)`, `reconnecting(attempt, delay)`, …), ending with the
    /// terminal `stopped` or `failed`.
    public let statuses: AsyncStream<ConnectionStatus>

    private let link: StreamDriverLink<Event>

    /// A stream that starts connecting at once.
    /// - Parameters:
    ///   - configuration: the service's policy, classifier, liveness and syncing rules. `canRefreshCredentials`
    ///     is forced off when there is no `credentials` provider.
    ///   - clock: the clock timers run on (`ContinuousClock` in production, `VirtualClock` in tests).
    ///   - random: the jitter source; production passes `SystemRandomNumberGenerator()`, tests a seeded one.
    ///   - credentials: asked on first use (the first `StreamConnection.credentials()`) and again on each
    ///     refresh; nil: connections get no credentials and a refresh is impossible.
    ///   - eventBufferLimit: events buffered before `deliver` makes the transport wait (default 64).
    ///   - statusBufferLimit: status changes kept for a late reader (default 256).
    ///   - closeTimeout: how long `stop()` waits for the live connection's closure to return (default 2 s).
    ///   - transport: one connection attempt, run once per attempt on its own task (see above).
    public init<C: Clock>(
        configuration: SupervisorConfiguration,
        clock: C,
        random: some RandomNumberGenerator & Sendable,
        credentials: CredentialProvider? = nil,
        eventBufferLimit: Int = 64,
        statusBufferLimit: Int = 256,
        closeTimeout: Duration = .seconds(2),
        transport: @escaping Transport
    ) where C.Duration == Duration {
        let runtime = DriverRuntime<Event, DriverMessage>(
            clock: clock, eventLimit: eventBufferLimit, statusLimit: statusBufferLimit, stop: .stop)
        let link = StreamDriverLink<Event>(runtime: runtime, provider: credentials)
        var configuration = configuration
        if credentials == nil { configuration.canRefreshCredentials = false }
        self.link = link
        statuses = runtime.statuses
        events = Events(inbox: runtime.inbox)
        let driver = StreamDriver(
            supervisor: Supervisor(configuration: configuration, random: random), link: link,
            transport: transport, closeTimeout: closeTimeout)
        runtime.run { await driver.run() }
    }

    /// A stream with a jitter source seeded from the system's randomness.
    /// - Parameters: as the designated initializer (status buffer 256, close timeout 2 s).
    public convenience init<C: Clock>(
        configuration: SupervisorConfiguration,
        clock: C,
        credentials: CredentialProvider? = nil,
        eventBufferLimit: Int = 64,
        transport: @escaping Transport
    ) where C.Duration == Duration {
        self.init(
            configuration: configuration, clock: clock, random: SystemRandomNumberGenerator(),
            credentials: credentials, eventBufferLimit: eventBufferLimit, transport: transport
        )
    }

    /// When the stream last saw traffic (an event or `noteTraffic`), measured on its clock from its creation;
    /// nil before any.
    public var lastEventAt: MonotonicInstant? { link.lastTraffic()?.at }

    /// Stops for good: closes the live connection, ends both sequences (status `stopped(stop-requested)`), and
    /// returns once the connection's closure returned or `closeTimeout` passed. Idempotent.
    public func stop() async {
        await link.runtime.stop()
    }

    /// Waits until the stream has ended by itself or by `stop()`.
    public func finished() async {
        await link.runtime.finished()
    }

    /// The last status reported, nil before the first.
    public var currentStatus: ConnectionStatus? { link.runtime.currentStatus }

    /// The consumer's side of the event inbox.
    public struct Events: AsyncSequence, Sendable {
        let inbox: EventInbox<Event>

        public func makeAsyncIterator() -> Iterator { Iterator(inbox: inbox) }

        public struct Iterator: AsyncIteratorProtocol {
            let inbox: EventInbox<Event>

            public mutating func next() async throws -> Event? { try await inbox.next() }
        }
    }
}

/// The loop that owns the supervisor; it runs on the runtime's task and is the only code touching the supervisor.
struct StreamDriver<Event: Sendable>: Sendable {
    var supervisor: Supervisor
    let link: StreamDriverLink<Event>
    let transport: ReconnectingStream<Event>.Transport
    let closeTimeout: Duration

    consuming func run() async {
        let runtime = link.runtime
        var attempts: [Generation: Task<Void, Never>] = [:]
        var timer = DriverTimer<DriverMessage>(posting: .tick)
        var termination: Termination?
        var fedTraffic: MonotonicInstant?

        func perform(_ actions: [SupervisorAction]) {
            defer {
                // Nothing timed any more (a connection opened with no liveness rule): drop the stale timer.
                if supervisor.nextDeadline == nil { timer.cancel() }
            }
            for action in actions {
                switch action {
                case let .status(status):
                    runtime.report(status)
                case let .connect(generation):
                    link.inbox.accept(generation)
                    let connection = StreamConnection(generation: generation, driver: link)
                    let transport = transport
                    let link = link
                    attempts[generation] = Task {
                        let outcome: ConnectionOutcome
                        do {
                            outcome = try await transport(connection)
                        } catch let error as any ConnectionOutcomeConvertible {
                            outcome = error.connectionOutcome
                        } catch {
                            outcome = .transportError("unclassified-error")
                        }
                        link.post(.ended(generation, outcome))
                    }
                case let .waitUntil(instant):
                    timer.arm(at: instant, on: runtime)
                case .refreshCredentials:
                    link.refreshCredentials()
                case let .closeConnection(generation, _):
                    link.inbox.revoke(generation)
                    attempts[generation]?.cancel()
                case let .finished(end):
                    termination = end
                }
            }
        }

        perform(supervisor.handle(.start, now: link.now()))
        for await message in runtime.mailbox {
            let now = link.now()
            switch message {
            case let .opened(generation):
                perform(supervisor.handle(.attemptSucceeded(generation), now: now))
            case let .synced(generation):
                perform(supervisor.handle(.synced(generation), now: now))
            case let .ended(generation, outcome):
                attempts[generation] = nil
                link.inbox.revoke(generation)
                perform(supervisor.handle(.attemptFailed(generation, outcome), now: now))
            case let .serverDirectedDelay(generation, delay):
                perform(supervisor.handle(.serverDirectedDelay(generation, delay), now: now))
            case let .livenessWindow(generation, window):
                perform(supervisor.handle(.livenessWindow(generation, window), now: now))
            case .tick:
                if let traffic = link.lastTraffic(), traffic.at != fedTraffic {
                    fedTraffic = traffic.at
                    _ = supervisor.handle(.received(traffic.generation), now: min(traffic.at, now))
                }
                if let live = supervisor.liveGeneration, link.inbox.isProducerWaiting(live) {
                    _ = supervisor.handle(.received(live), now: now)
                }
                perform(supervisor.handle(.tick, now: now))
            case .refreshed:
                perform(supervisor.handle(.credentialsRefreshed, now: now))
            case .refreshFailed:
                perform(supervisor.handle(.credentialsRefreshFailed, now: now))
            case .stop:
                perform(supervisor.handle(.stop, now: now))
            }
            if termination != nil { break }
        }
        timer.cancel()
        runtime.end(termination)
        for (generation, task) in attempts {
            link.inbox.revoke(generation)
            task.cancel()
        }
        await runtime.waitForClose(of: Array(attempts.values), timeout: closeTimeout)
    }
}
