import Codecs
import Reconnect
import Synchronization

/// The machinery every client's reconnect driver runs on, built once (issue 14 §4, issue 16): the injected clock
/// (`ClientClock`), the driver's mailbox, its one re-armable timer, the consumer's bounded `EventInbox`, the
/// status sequence with the last status, and the driver task with `stop()` / `finished()`. The supervisor (or
/// the `SessionLoop` owning one) lives in the driver task and is the only code deciding anything; connections,
/// timers and credential tasks only post messages.
final class DriverRuntime<Event: Sendable, Message: Sendable>: Sendable {
    let clock: ClientClock
    let inbox: EventInbox<Event>
    let mailbox: AsyncStream<Message>
    let statuses: AsyncStream<ConnectionStatus>
    private let continuation: AsyncStream<Message>.Continuation
    private let statusContinuation: AsyncStream<ConnectionStatus>.Continuation
    private let stopMessage: Message
    private let lastStatus = Mutex<ConnectionStatus?>(nil)
    private let task = Mutex<Task<Void, Never>?>(nil)

    /// A runtime on `clock`; `stop` is the message `stop()` and a cancelled consumer post.
    init<C: Clock>(clock: C, eventLimit: Int, statusLimit: Int, stop: Message) where C.Duration == Duration {
        self.clock = ClientClock(clock)
        let (mailbox, continuation) = AsyncStream.makeStream(of: Message.self)
        let (statuses, statusContinuation) = AsyncStream.makeStream(
            of: ConnectionStatus.self, bufferingPolicy: .bufferingNewest(max(statusLimit, 1)))
        self.mailbox = mailbox
        self.continuation = continuation
        self.statuses = statuses
        self.statusContinuation = statusContinuation
        stopMessage = stop
        inbox = EventInbox(limit: eventLimit, onConsumerCancelled: { continuation.yield(stop) })
    }

    /// Now on the clock, from the runtime's creation.
    func now() -> MonotonicInstant { clock.now() }

    /// Hands a message to the driver task (dropped once it ended).
    func post(_ message: Message) { continuation.yield(message) }

    /// Reports a status change.
    func report(_ status: ConnectionStatus) {
        lastStatus.withLock { $0 = status }
        statusContinuation.yield(status)
    }

    /// The last status reported, nil before the first.
    var currentStatus: ConnectionStatus? { lastStatus.withLock { $0 } }

    /// Runs the driver loop on its own task (once).
    func run(_ body: @escaping @Sendable () async -> Void) {
        task.withLock { task in
            guard task == nil else { return }
            task = Task { await body() }
        }
    }

    /// Closes the mailbox: later posts are dropped (a driver that still has connections to close first).
    func closeMailbox() { continuation.finish() }

    /// Ends the sequences: the mailbox closes, the consumer gets the buffered events and then the end, or
    /// `ReconnectFailure` when the stream gave up; the statuses end.
    func end(_ termination: Termination?) {
        continuation.finish()
        if case let .failed(reason) = termination {
            inbox.finish(failure: ReconnectFailure(reason: reason))
        } else {
            inbox.finish(failure: nil)
        }
        statusContinuation.finish()
    }

    /// Asks the driver to stop for good and waits until it has.
    func stop() async {
        post(stopMessage)
        await finished()
    }

    /// Waits until the driver task has returned.
    func finished() async {
        let running = task.withLock { $0 }
        await running?.value
    }

    /// Waits until every task has returned or `timeout` passed on the clock, whichever comes first; a connection
    /// that ignores cancellation is abandoned (its reports go nowhere).
    func waitForClose(of tasks: [Task<Void, Never>], timeout: Duration) async {
        guard !tasks.isEmpty else { return }
        let deadline = now() + timeout
        let sleep = clock.sleep
        let gate = Mutex<CheckedContinuation<Void, Never>?>(nil)
        let resume: @Sendable () -> Void = {
            let continuation = gate.withLock { gate -> CheckedContinuation<Void, Never>? in
                let continuation = gate
                gate = nil
                return continuation
            }
            continuation?.resume()
        }
        var helpers: [Task<Void, Never>] = []
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            gate.withLock { $0 = continuation }
            helpers.append(Task {
                for task in tasks { await task.value }
                resume()
            })
            helpers.append(Task {
                try? await sleep(deadline)
                resume()
            })
        }
        for helper in helpers { helper.cancel() }
    }
}

/// The driver's one timer: `arm(at:)` replaces the pending wake-up; when it fires it posts `message`.
struct DriverTimer<Message: Sendable> {
    private var task: Task<Void, Never>?
    private let message: Message

    init(posting message: Message) { self.message = message }

    /// Wakes the driver at `instant` on the runtime's clock (the previous wake-up is dropped).
    mutating func arm<Event>(at instant: MonotonicInstant, on runtime: DriverRuntime<Event, Message>) {
        task?.cancel()
        let message = message
        let sleep = runtime.clock.sleep
        task = Task {
            do {
                try await sleep(instant)
                runtime.post(message)
            } catch {}
        }
    }

    /// Drops the pending wake-up.
    mutating func cancel() {
        task?.cancel()
        task = nil
    }
}
