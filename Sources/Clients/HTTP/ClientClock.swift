import Codecs
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An injected `Clock` erased to what the HTTP clients' own timers need (the Event Streamer ack and heartbeat
/// timers): `now` as a `MonotonicInstant` from the client's creation, and a sleep until such an instant. Tests
/// pass a `VirtualClock`.
struct ClientClock: Sendable {
    let now: @Sendable () -> MonotonicInstant
    let sleep: @Sendable (MonotonicInstant) async throws -> Void

    init<C: Clock>(_ clock: C) where C.Duration == Duration {
        let origin = clock.now
        now = { MonotonicInstant.zero + origin.duration(to: clock.now) }
        sleep = { instant in
            try await clock.sleep(until: origin.advanced(by: instant.duration(since: .zero)), tolerance: nil)
        }
    }

    /// Microseconds since the Unix epoch (`CLOCK_REALTIME`), for timestamps a service wants in wall-clock time.
    static func wallClockMicroseconds() -> Int64 {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return Int64(spec.tv_sec) &* 1_000_000 &+ Int64(spec.tv_nsec / 1000)
    }
}

/// One mutable value shared between a client's API and its connections.
final class SharedValue<Value: Sendable>: Sendable {
    private let storage: Mutex<Value>

    init(_ value: Value) { storage = Mutex(value) }

    func get() -> Value { storage.withLock { $0 } }

    func set(_ value: Value) { storage.withLock { $0 = value } }

    func withLock<R: Sendable>(_ body: (inout Value) -> R) -> R { storage.withLock { body(&$0) } }
}
