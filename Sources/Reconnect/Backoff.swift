/// How a random delay is spread around the computed step `s` of an exponential backoff; `U` is uniform in
/// [0, 1), drawn from the caller's generator by `unitInterval(_:)`.
public enum Jitter: String, Hashable, Sendable, CaseIterable {
    /// `s`: no randomness.
    case none
    /// `U·s`, in [0, s) ("full jitter", AWS Architecture Blog, "Exponential Backoff And Jitter", 2015).
    case full
    /// `s/2 + U·s/2`, in [s/2, s) ("equal jitter", same source).
    case equal
    /// `s·(1+U)`, in [s, 2s): getstream `StreamWS` (service-profiles §5.5).
    case proportional
}

/// The computed delay before reconnect attempt `k` (1 = the first retry of an outage), before any
/// server-directed delay replaces it.
public enum Backoff: Hashable, Sendable {
    /// The same delay every time: pycentral `reconnect_delay` (5 s, service-profiles §1.7).
    case fixed(Duration)
    /// `steps[k−1]`, and the last step for every later attempt: pyisyox `(1, 2, 5, 10, 30, 60)` (§2.6). An empty
    /// table means no delay.
    case schedule([Duration])
    /// `s = min(base·factor^(k−1), cap)`, then `jitter`: getstream is base 0.25 s, factor 2, cap 5 s,
    /// `.proportional` (§5.5); ctfy is base 1 s, factor 2, cap 30 s, `.none` (§4.4).
    case exponential(base: Duration, factor: Double = 2, cap: Duration, jitter: Jitter = .none)
    /// stream-video-js `retryInterval(n)` with `n = k` (§5.7): `floor(U·(max−min)+min)` ms where
    /// `max = min(500 + 2000n, cap)` and `min = min(max(250, 2000(n−1)), cap)`; cap 5000 ms for video,
    /// 25 000 ms for the chat SDKs.
    case streamRetryInterval(cap: Duration)

    /// The delay before retry `attempt` (values below 1 count as 1), drawing at most one `U` from `random`.
    public func delay(attempt: Int, random: inout some RandomNumberGenerator) -> Duration {
        let k = max(attempt, 1)
        switch self {
        case let .fixed(delay):
            return max(delay, .zero)
        case let .schedule(steps):
            guard let last = steps.last else { return .zero }
            return max(k <= steps.count ? steps[k - 1] : last, .zero)
        case let .exponential(base, factor, cap, jitter):
            let capSeconds = max(cap.seconds, 0)
            let growth = factor.isFinite && factor >= 1 ? factor : 1
            var step = max(base.seconds, 0)
            for _ in 1..<min(k, 2048) where step < capSeconds { step *= growth }
            step = min(step, capSeconds)
            switch jitter {
            case .none: return .seconds(clamping: step)
            case .full: return .seconds(clamping: step * unitInterval(&random))
            case .equal: return .seconds(clamping: step / 2 + step / 2 * unitInterval(&random))
            case .proportional: return .seconds(clamping: step * (1 + unitInterval(&random)))
            }
        case let .streamRetryInterval(cap):
            let capMilliseconds = max(cap.seconds * 1000, 0)
            let n = Double(min(k, 1 << 20))
            let upper = min(500 + 2000 * n, capMilliseconds)
            let lower = min(max(250, 2000 * (n - 1)), capMilliseconds)
            let milliseconds = (unitInterval(&random) * (upper - lower) + lower).rounded(.down)
            return .seconds(clamping: milliseconds / 1000)
        }
    }
}

/// A uniform value in [0, 1) from the top 53 bits of one `next()`: `Double(next() >> 11) · 2⁻⁵³`. The one
/// mapping every jitter uses, so a seeded generator gives the same delays on every platform.
public func unitInterval(_ random: inout some RandomNumberGenerator) -> Double {
    Double(random.next() >> 11) * 0x1p-53
}

extension Duration {
    /// This duration in seconds, as a `Double`.
    var seconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) * 1e-18
    }

    /// `seconds` as a duration rounded to the nearest nanosecond; NaN and negatives give zero, values beyond
    /// `Int64` nanoseconds saturate.
    static func seconds(clamping seconds: Double) -> Duration {
        guard seconds.isFinite, seconds > 0 else { return seconds == .infinity ? .nanoseconds(Int64.max) : .zero }
        let nanoseconds = (seconds * 1e9).rounded()
        guard nanoseconds < 9.2e18 else { return .nanoseconds(Int64.max) }
        return .nanoseconds(Int64(nanoseconds))
    }
}
