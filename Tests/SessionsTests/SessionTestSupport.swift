import Codecs
import Reconnect
import Sessions
import StreamTesting

/// Feeds `text`'s UTF-8 bytes to `body`.
func withBytes<T>(_ text: String, _ body: (UnsafeRawBufferPointer) -> T) -> T {
    Array(text.utf8).withUnsafeBytes(body)
}

/// Seconds on the monotonic line used by the tests.
func at(_ seconds: Double) -> MonotonicInstant {
    MonotonicInstant(nanoseconds: UInt64(seconds * 1e9))
}

/// A supervisor driven step by step in virtual time, recording every status.
struct SupervisorRun {
    var supervisor: Supervisor
    var statuses: [ConnectionStatus] = []
    var now = MonotonicInstant.zero
    var generation: Generation?

    init(_ configuration: SupervisorConfiguration) {
        supervisor = Supervisor(configuration: configuration, random: SplitMix64(seed: 1))
    }

    mutating func send(_ input: SupervisorInput) {
        for action in supervisor.handle(input, now: now) {
            switch action {
            case let .status(status): statuses.append(status)
            case let .connect(next): generation = next
            default: break
            }
        }
    }

    /// Starts (or waits out the pending delay and reconnects), so the next attempt is in flight.
    mutating func connect() {
        if supervisor.status == nil {
            send(.start)
        } else if let deadline = supervisor.nextDeadline {
            now = max(now, deadline)
            send(.tick)
        }
    }

    mutating func open() { if let generation { send(.attemptSucceeded(generation)) } }

    mutating func fail(_ outcome: ConnectionOutcome) { if let generation { send(.attemptFailed(generation, outcome)) } }

    /// The delay of the last `reconnecting` status.
    var lastDelay: Duration? {
        for status in statuses.reversed() { if case let .reconnecting(_, delay) = status { return delay } }
        return nil
    }
}
