import Reconnect

/// The outcome of a response head whose status does not stream, shared by the HTTP sessions.
public enum HTTPStatusOutcome {
    /// nil when `head.status` streams (2xx other than 204 and 205, RFC 9110 §15.3.5–6), else
    /// `.httpStatus(status, retryAfter:)` with `Retry-After` (RFC 9110 §10.2.3) turned into a delay against
    /// `wallClock` (seconds since the Unix epoch; an HTTP-date needs it, nil ignores dates).
    public static func outcome(for head: HTTPSessionResponseHead, wallClock: Int64?) -> ConnectionOutcome? {
        let status = head.status
        if (200...299).contains(status), status != 204, status != 205 { return nil }
        var delay: Duration?
        if let value = head.header("Retry-After"), let retryAfter = RetryAfter(value) {
            switch retryAfter {
            case .seconds: delay = retryAfter.delay(now: 0)
            case .date: delay = wallClock.map { retryAfter.delay(now: $0) }
            }
        }
        return .httpStatus(status, retryAfter: delay)
    }
}
