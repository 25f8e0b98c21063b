import Codecs

/// The clock `HTTPEventStream` measures its deadlines on, erased to two functions over `MonotonicInstant`
/// (nanoseconds since the clock's reading when the stream was created), so any `Clock` with `Duration`s
/// works: `ContinuousClock` in production, a manually advanced test clock in tests.
struct StreamClock: Sendable {
    let now: @Sendable () -> MonotonicInstant
    let sleep: @Sendable (MonotonicInstant) async throws -> Void

    init<C: Clock>(_ clock: C) where C.Duration == Duration {
        let origin = clock.now
        now = {
            let elapsed = origin.duration(to: clock.now).nanosecondsSaturating
            return MonotonicInstant(nanoseconds: UInt64(clamping: elapsed))
        }
        sleep = { instant in
            let offset = Duration.nanoseconds(Int64(clamping: instant.nanoseconds))
            try await clock.sleep(until: origin.advanced(by: offset), tolerance: nil)
        }
    }
}
