import Codecs

/// The response-head and idle-read deadlines of one stream as a sans-I/O state machine: the reading side reports
/// when it starts and stops waiting for the network, the watchdog asks `check(now:)` what to do. Time is a
/// parameter (`MonotonicInstant`), so the rules are tested without sleeping.
///
/// Only waiting counts: between `received(now:)` and the next `waitingForBody(now:)` the consumer has the bytes,
/// and however long it takes is backpressure, not silence.
public struct HTTPStreamDeadlines: Sendable, Hashable {
    /// Which deadline ran out.
    public enum Phase: Sendable, Hashable {
        /// `HTTPStreamTimeouts.responseHead`.
        case head
        /// `HTTPStreamTimeouts.idleRead`.
        case idleRead
    }

    /// What the watchdog does next.
    public enum Verdict: Sendable, Hashable {
        /// The deadline of `phase` has passed: end the stream with its timeout error.
        case expired(Phase)
        /// Nothing has expired: check again at this instant (the earliest a deadline can pass).
        case checkAgain(at: MonotonicInstant)
        /// The stream is over: stop watching.
        case stopped
    }

    enum State: Sendable, Hashable {
        case waiting(Phase, since: MonotonicInstant)
        case notWaiting
        case stopped
    }

    /// The head deadline.
    public let responseHead: Duration
    /// The idle read deadline; nil for none.
    public let idleRead: Duration?
    var state = State.notWaiting

    /// Deadlines of `timeouts` (only `responseHead` and `idleRead` are watched here).
    public init(_ timeouts: HTTPStreamTimeouts) {
        responseHead = timeouts.responseHead
        idleRead = timeouts.idleRead
    }

    /// The request is being sent: the head deadline runs from `now`.
    public mutating func waitingForHead(now: MonotonicInstant) {
        guard state != .stopped else { return }
        state = .waiting(.head, since: now)
    }

    /// The reader asks for the next body bytes: the idle deadline runs from `now`.
    public mutating func waitingForBody(now: MonotonicInstant) {
        guard state != .stopped else { return }
        state = .waiting(.idleRead, since: now)
    }

    /// Bytes (or the head) arrived; no deadline runs until the reader waits again.
    public mutating func received() {
        guard state != .stopped else { return }
        state = .notWaiting
    }

    /// The stream is over.
    public mutating func stop() {
        state = .stopped
    }

    /// What the watchdog should do at `now`.
    public func check(now: MonotonicInstant) -> Verdict {
        switch state {
        case .stopped:
            return .stopped
        case .notWaiting:
            // A deadline can start at the earliest now, so none can pass before the shortest one has elapsed.
            return .checkAgain(at: now + min(responseHead, idleRead ?? responseHead))
        case let .waiting(phase, since):
            switch phase {
            case .head:
                let deadline = since + responseHead
                if now >= deadline { return .expired(.head) }
                // The head may arrive any moment and an idle wait begin: its deadline is now + idleRead at the
                // earliest, which can come before the head's.
                guard let idleRead else { return .checkAgain(at: deadline) }
                return .checkAgain(at: min(deadline, now + idleRead))
            case .idleRead:
                guard let idleRead else { return .checkAgain(at: now + responseHead) }
                let deadline = since + idleRead
                return now >= deadline ? .expired(.idleRead) : .checkAgain(at: deadline)
            }
        }
    }
}
