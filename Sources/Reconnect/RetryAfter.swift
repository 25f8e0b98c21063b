/// A parsed HTTP `Retry-After` value (RFC 9110 §10.2.3): `delay-seconds` or an `HTTP-date`.
///
/// Pure: a date becomes a delay only against a wall-clock time the caller supplies (`delay(now:)`), since the
/// reconnect core reads no clock.
public enum RetryAfter: Hashable, Sendable {
    /// `Retry-After: 120`: wait this many seconds (values beyond `Int64` saturate).
    case seconds(Int64)
    /// `Retry-After: Fri, 31 Dec 1999 23:59:59 GMT`: wait until this time, in seconds since the Unix epoch.
    case date(secondsSinceEpoch: Int64)

    /// Parses a header value: 1*DIGIT, or an HTTP-date in any of the three forms a recipient must accept
    /// (RFC 9110 §5.6.7: IMF-fixdate, obsolete RFC 850 and asctime). Surrounding whitespace is ignored; anything
    /// else (a negative or fractional number, a malformed date) is nil, and the computed delay applies.
    public init?(_ value: some StringProtocol) {
        let bytes = Array(value.utf8).trimmingHTTPWhitespace()
        guard !bytes.isEmpty, bytes.count <= 64 else { return nil }
        if bytes.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) {
            var total: Int64 = 0
            for byte in bytes {
                let (shifted, overflow1) = total.multipliedReportingOverflow(by: 10)
                let (sum, overflow2) = shifted.addingReportingOverflow(Int64(byte &- UInt8(ascii: "0")))
                if overflow1 || overflow2 {
                    total = .max
                    break
                }
                total = sum
            }
            self = .seconds(total)
            return
        }
        guard let epoch = HTTPDate.secondsSinceEpoch(bytes) else { return nil }
        self = .date(secondsSinceEpoch: epoch)
    }

    /// The delay this value asks for when the wall clock reads `now` (seconds since the Unix epoch); a date in
    /// the past is zero.
    public func delay(now secondsSinceEpoch: Int64) -> Duration {
        switch self {
        case let .seconds(seconds): return .seconds(seconds)
        case let .date(date):
            let (difference, overflow) = date.subtractingReportingOverflow(secondsSinceEpoch)
            if overflow { return date > secondsSinceEpoch ? .seconds(Int64.max) : .zero }
            return .seconds(max(difference, 0))
        }
    }
}

/// HTTP-date parsing (RFC 9110 §5.6.7), GMT only, into seconds since the Unix epoch.
enum HTTPDate {
    private static let months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]

    static func secondsSinceEpoch(_ bytes: [UInt8]) -> Int64? {
        let text = String(decoding: bytes, as: UTF8.self)
        let tokens = text.split(whereSeparator: { $0 == " " }).map(String.init)
        // IMF-fixdate: "Sun, 06 Nov 1994 08:49:37 GMT"; RFC 850: "Sunday, 06-Nov-94 08:49:37 GMT";
        // asctime: "Sun Nov  6 08:49:37 1994".
        if tokens.count == 6, tokens[0].hasSuffix(","), tokens[5] == "GMT" {
            guard let day = number(tokens[1], digits: 2), let month = month(tokens[2]),
                  let year = number(tokens[3], digits: 4) else { return nil }
            return epoch(year: year, month: month, day: day, time: tokens[4])
        }
        if tokens.count == 4, tokens[0].hasSuffix(","), tokens[3] == "GMT" {
            let parts = tokens[1].split(separator: "-", omittingEmptySubsequences: false).map(String.init)
            guard parts.count == 3, let day = number(parts[0], digits: 2), let month = month(parts[1]),
                  let shortYear = number(parts[2], digits: 2) else { return nil }
            // RFC 9110 §5.6.7: a two-digit year more than 50 years in the future is in the past century; without
            // a clock, years 70–99 are 19xx and 00–69 are 20xx.
            let year = shortYear >= 70 ? 1900 + shortYear : 2000 + shortYear
            return epoch(year: year, month: month, day: day, time: tokens[2])
        }
        if tokens.count == 5, !tokens[0].hasSuffix(",") {
            guard let month = month(tokens[1]), let day = number(tokens[2], digits: nil),
                  let year = number(tokens[4], digits: 4) else { return nil }
            return epoch(year: year, month: month, day: day, time: tokens[3])
        }
        return nil
    }

    private static func number(_ text: String, digits: Int?) -> Int? {
        let bytes = Array(text.utf8)
        if let digits, bytes.count != digits { return nil }
        guard !bytes.isEmpty, bytes.count <= 4,
              bytes.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) else { return nil }
        return bytes.reduce(0) { $0 * 10 + Int($1 - UInt8(ascii: "0")) }
    }

    private static func month(_ text: String) -> Int? {
        months.firstIndex(of: text.lowercased()).map { $0 + 1 }
    }

    private static func epoch(year: Int, month: Int, day: Int, time: String) -> Int64? {
        let parts = time.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 3, let hour = number(parts[0], digits: 2), let minute = number(parts[1], digits: 2),
              let second = number(parts[2], digits: 2), hour < 24, minute < 60, second < 61,
              year >= 1900, (1...daysIn(month: month, year: year)).contains(day) else { return nil }
        // Days from civil (Howard Hinnant's algorithm), proleptic Gregorian calendar.
        let y = month <= 2 ? year - 1 : year
        let era = y / 400
        let yearOfEra = y - era * 400
        let monthIndex = (month + 9) % 12
        let dayOfYear = (153 * monthIndex + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        let days = Int64(era) * 146_097 + Int64(dayOfEra) - 719_468
        return days * 86400 + Int64(hour * 3600 + minute * 60 + second)
    }

    private static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        case 1...12: 31
        default: 0
        }
    }
}

extension [UInt8] {
    /// Without leading and trailing spaces and tabs (HTTP OWS, RFC 9110 §5.6.3).
    func trimmingHTTPWhitespace() -> [UInt8] {
        let isWhitespace = { (byte: UInt8) in byte == 0x20 || byte == 0x09 }
        guard let first = firstIndex(where: { !isWhitespace($0) }),
              let last = lastIndex(where: { !isWhitespace($0) }) else { return [] }
        return Array(self[first...last])
    }
}
