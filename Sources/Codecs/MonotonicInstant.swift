/// A point on a monotonic clock, supplied by the caller: sans-I/O state machines take `now` as a parameter so
/// tests drive time and the core never reads a clock.
public struct MonotonicInstant: Comparable, Hashable, Sendable {
    /// Nanoseconds since an arbitrary, fixed origin.
    public var nanoseconds: UInt64

    public init(nanoseconds: UInt64) { self.nanoseconds = nanoseconds }

    public static let zero = MonotonicInstant(nanoseconds: 0)

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.nanoseconds < rhs.nanoseconds }

    /// `instant` moved by `duration`, saturating at the ends of the range instead of trapping.
    public static func + (instant: Self, duration: Duration) -> Self {
        let delta = duration.nanosecondsSaturating
        if delta == .max { return Self(nanoseconds: .max) }
        if delta >= 0 {
            let (sum, overflow) = instant.nanoseconds.addingReportingOverflow(UInt64(delta))
            return Self(nanoseconds: overflow ? .max : sum)
        }
        let magnitude = delta.magnitude
        return Self(nanoseconds: instant.nanoseconds > magnitude ? instant.nanoseconds &- magnitude : 0)
    }

    /// The duration from `earlier` to `self`, zero when `earlier` is later.
    public func duration(since earlier: Self) -> Duration {
        guard nanoseconds > earlier.nanoseconds else { return .zero }
        let delta = nanoseconds &- earlier.nanoseconds
        return .nanoseconds(Int64(clamping: delta))
    }
}

extension Duration {
    /// Whole nanoseconds, clamped to `Int64`.
    public var nanosecondsSaturating: Int64 {
        let (seconds, attoseconds) = components
        let (scaled, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        if overflow { return seconds < 0 ? .min : .max }
        let (total, overflow2) = scaled.addingReportingOverflow(attoseconds / 1_000_000_000)
        if overflow2 { return seconds < 0 ? .min : .max }
        return total
    }
}
