/// A parsed `Retry-After` header (RFC 9110 §10.2.3): `delay-seconds` or an `HTTP-date`. Sent with 503 and 429
/// (RFC 6585 §4) and honoured by the reconnect policy as a server-directed delay.
public enum RetryAfter: Sendable, Hashable {
    /// `delay-seconds` (`1*DIGIT`); a value beyond `Int.max` saturates.
    case seconds(Int)
    /// An HTTP-date: retry not before this time.
    case date(HTTPDate)

    /// Parses a header value (surrounding whitespace allowed); nil when it is neither form.
    public init?(headerValue: String) {
        var bytes = Array(headerValue.utf8)[...]
        while let first = bytes.first, first == 0x20 || first == 0x09 { bytes.removeFirst() }
        while let last = bytes.last, last == 0x20 || last == 0x09 { bytes.removeLast() }
        guard !bytes.isEmpty else { return nil }
        if bytes.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) {
            var value = 0
            for byte in bytes {
                let (scaled, overflow1) = value.multipliedReportingOverflow(by: 10)
                let (sum, overflow2) = scaled.addingReportingOverflow(Int(byte &- 0x30))
                if overflow1 || overflow2 { value = .max; break }
                value = sum
            }
            self = .seconds(value)
            return
        }
        guard let date = HTTPDate(String(decoding: bytes, as: UTF8.self)) else { return nil }
        self = .date(date)
    }

    /// The delay it asks for, given the current wall-clock time (the server's `Date` header is the better
    /// reference when present, RFC 9110 §10.2.3); never negative.
    public func delay(now: HTTPDate) -> Duration {
        switch self {
        case let .seconds(seconds): return .seconds(seconds)
        case let .date(date):
            let (difference, overflow) = date.secondsSince1970.subtractingReportingOverflow(now.secondsSince1970)
            if overflow { return date > now ? .seconds(Int64.max) : .zero }
            return .seconds(max(0, difference))
        }
    }
}
