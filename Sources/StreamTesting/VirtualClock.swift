import Synchronization

/// A `Clock` whose time moves only when a test says so, so reconnect delays, liveness windows and timeouts are
/// exercised in microseconds and no test sleeps to wait out a backoff.
///
/// `sleep(until:)` suspends the caller until `advance(by:)` or `advance(to:)` moves `now` to or past the
/// deadline (a deadline already reached returns at once); a cancelled sleeper throws `CancellationError`
/// right away. `waitForSleepers(_:)` lets a test wait, without polling real time, until the code under test
/// is parked on the clock, and `nextDeadline` says when it wants to wake, so a test steps a driver through
/// its schedule: `await clock.waitForSleepers(1); clock.advanceToNextDeadline()`.
///
/// An advance sets `now` to the target first and then resumes every sleeper whose deadline is reached, earliest
/// first; a sleeper resumed this way that sleeps again with a deadline at or before the new `now` returns at
/// once. To observe every step of a schedule, advance one deadline at a time.
public final class VirtualClock: Clock, Sendable {
    /// A point on the virtual time line: the time elapsed since the clock's origin (`.zero`).
    public struct Instant: InstantProtocol, Hashable, Sendable {
        /// Time since the clock's origin.
        public var offset: Duration

        public init(offset: Duration) { self.offset = offset }

        public func advanced(by duration: Duration) -> Instant { Instant(offset: offset + duration) }

        public func duration(to other: Instant) -> Duration { other.offset - offset }

        public static func < (lhs: Instant, rhs: Instant) -> Bool { lhs.offset < rhs.offset }
    }

    private struct Sleeper {
        var id: UInt64
        var deadline: Instant
        var continuation: CheckedContinuation<Void, any Error>
    }

    private struct Waiter {
        var count: Int
        var continuation: CheckedContinuation<Void, Never>
    }

    private struct State {
        var now: Instant
        var nextID: UInt64 = 0
        var sleepers: [Sleeper] = []
        var cancelled: Set<UInt64> = []
        var waiters: [Waiter] = []

        /// Removes and returns the waiters satisfied by the current number of sleepers.
        mutating func satisfiedWaiters() -> [CheckedContinuation<Void, Never>] {
            var ready: [CheckedContinuation<Void, Never>] = []
            waiters.removeAll { waiter in
                guard sleepers.count >= waiter.count else { return false }
                ready.append(waiter.continuation)
                return true
            }
            return ready
        }
    }

    private let state: Mutex<State>

    /// A clock at `now` (default: its origin).
    public init(now: Instant = Instant(offset: .zero)) {
        state = Mutex(State(now: now))
    }

    /// The current virtual time.
    public var now: Instant { state.withLock { $0.now } }

    /// Zero: virtual time has no granularity.
    public var minimumResolution: Duration { .zero }

    /// How many tasks are suspended in `sleep(until:tolerance:)` now.
    public var sleeperCount: Int { state.withLock { $0.sleepers.count } }

    /// The earliest deadline of the suspended sleepers, nil when none is suspended.
    public var nextDeadline: Instant? { state.withLock { $0.sleepers.map(\.deadline).min() } }

    /// Suspends until `deadline` is reached by an advance, or throws `CancellationError` when the calling task
    /// is cancelled first. `tolerance` is ignored.
    public func sleep(until deadline: Instant, tolerance: Duration? = nil) async throws {
        let id = state.withLock { state -> UInt64 in
            state.nextID &+= 1
            return state.nextID
        }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                enum Registration { case suspended([CheckedContinuation<Void, Never>]), reached, cancelled }
                let registration = state.withLock { state -> Registration in
                    if state.cancelled.remove(id) != nil { return .cancelled }
                    if deadline <= state.now { return .reached }
                    state.sleepers.append(Sleeper(id: id, deadline: deadline, continuation: continuation))
                    return .suspended(state.satisfiedWaiters())
                }
                switch registration {
                case let .suspended(waiters): for waiter in waiters { waiter.resume() }
                case .reached: continuation.resume()
                case .cancelled: continuation.resume(throwing: CancellationError())
                }
            }
        } onCancel: {
            let sleeper = state.withLock { state -> Sleeper? in
                guard let index = state.sleepers.firstIndex(where: { $0.id == id }) else {
                    state.cancelled.insert(id)
                    return nil
                }
                return state.sleepers.remove(at: index)
            }
            sleeper?.continuation.resume(throwing: CancellationError())
        }
        state.withLock { _ = $0.cancelled.remove(id) }
    }

    /// Moves time forward by `duration` (a negative duration does nothing) and resumes the sleepers whose
    /// deadline is now reached, earliest first.
    public func advance(by duration: Duration) {
        advance(to: now.advanced(by: max(duration, .zero)))
    }

    /// Moves time to `instant` (never backwards) and resumes the sleepers whose deadline is now reached,
    /// earliest first.
    public func advance(to instant: Instant) {
        let due = state.withLock { state -> [Sleeper] in
            if instant > state.now { state.now = instant }
            let now = state.now
            let due = state.sleepers.filter { $0.deadline <= now }.sorted { $0.deadline < $1.deadline }
            state.sleepers.removeAll { $0.deadline <= now }
            return due
        }
        for sleeper in due { sleeper.continuation.resume() }
    }

    /// Advances to the earliest suspended sleeper's deadline and returns it; nil (and no change) when no task
    /// is sleeping.
    @discardableResult
    public func advanceToNextDeadline() -> Instant? {
        guard let deadline = nextDeadline else { return nil }
        advance(to: deadline)
        return deadline
    }

    /// Suspends until at least `count` tasks are suspended in `sleep(until:tolerance:)`. Waiting is by
    /// continuation, not by polling real time.
    public func waitForSleepers(_ count: Int = 1) async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let ready = state.withLock { state -> Bool in
                if state.sleepers.count >= count { return true }
                state.waiters.append(Waiter(count: count, continuation: continuation))
                return false
            }
            if ready { continuation.resume() }
        }
    }
}
