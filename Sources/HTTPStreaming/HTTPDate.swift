/// An HTTP-date (RFC 9110 §5.6.7) as seconds since the Unix epoch, UTC. Parsing accepts the three formats a
/// recipient must accept: IMF-fixdate (`Sun, 06 Nov 1994 08:49:37 GMT`), obsolete RFC 850
/// (`Sunday, 06-Nov-94 08:49:37 GMT`; a two-digit year below 69 is 20xx, else 19xx, as Python's
/// `email.utils`) and asctime (`Sun Nov  6 08:49:37 1994`). The day name is checked for form, not against the
/// date (RFC 9110 leaves the mismatch to the recipient). Pure: no Foundation, no clock.
public struct HTTPDate: Sendable, Hashable, Comparable {
    /// Seconds since 1970-01-01T00:00:00Z.
    public var secondsSince1970: Int64

    public init(secondsSince1970: Int64) { self.secondsSince1970 = secondsSince1970 }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.secondsSince1970 < rhs.secondsSince1970 }

    /// Parses `text` in one of the three formats; nil when it is none of them or names an impossible date.
    public init?(_ text: String) {
        let bytes = Array(text.utf8)
        guard let seconds = Self.parseIMF(bytes) ?? Self.parseRFC850(bytes) ?? Self.parseAsctime(bytes) else {
            return nil
        }
        secondsSince1970 = seconds
    }

    static let shortDays = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
    static let longDays = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
    static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// A cursor over the bytes being parsed.
    struct Scanner {
        let bytes: [UInt8]
        var index = 0

        mutating func literal(_ text: String) -> Bool {
            let expected = Array(text.utf8)
            guard bytes.count - index >= expected.count,
                  bytes[index..<(index + expected.count)].elementsEqual(expected) else { return false }
            index += expected.count
            return true
        }

        mutating func oneOf(_ words: [String]) -> Int? {
            for (position, word) in words.enumerated() where literal(word) { return position }
            return nil
        }

        /// Exactly `count` ASCII digits.
        mutating func digits(_ count: Int) -> Int? {
            guard bytes.count - index >= count else { return nil }
            var value = 0
            for byte in bytes[index..<(index + count)] {
                guard byte >= 0x30, byte <= 0x39 else { return nil }
                value = value * 10 + Int(byte - 0x30)
            }
            index += count
            return value
        }

        var atEnd: Bool { index == bytes.count }

        /// `hour ":" minute ":" second`, each two digits.
        mutating func timeOfDay() -> (Int, Int, Int)? {
            guard let hour = digits(2), literal(":"), let minute = digits(2), literal(":"), let second = digits(2)
            else { return nil }
            return (hour, minute, second)
        }
    }

    static func parseIMF(_ bytes: [UInt8]) -> Int64? {
        var scanner = Scanner(bytes: bytes)
        guard scanner.oneOf(shortDays) != nil, scanner.literal(", "), let day = scanner.digits(2),
              scanner.literal(" "), let month = scanner.oneOf(months), scanner.literal(" "),
              let year = scanner.digits(4), scanner.literal(" "), let time = scanner.timeOfDay(),
              scanner.literal(" GMT"), scanner.atEnd
        else { return nil }
        return epochSeconds(year: year, month: month + 1, day: day, time: time)
    }

    static func parseRFC850(_ bytes: [UInt8]) -> Int64? {
        var scanner = Scanner(bytes: bytes)
        guard scanner.oneOf(longDays) != nil, scanner.literal(", "), let day = scanner.digits(2),
              scanner.literal("-"), let month = scanner.oneOf(months), scanner.literal("-"),
              let shortYear = scanner.digits(2), scanner.literal(" "), let time = scanner.timeOfDay(),
              scanner.literal(" GMT"), scanner.atEnd
        else { return nil }
        let year = shortYear < 69 ? 2000 + shortYear : 1900 + shortYear
        return epochSeconds(year: year, month: month + 1, day: day, time: time)
    }

    static func parseAsctime(_ bytes: [UInt8]) -> Int64? {
        var scanner = Scanner(bytes: bytes)
        guard scanner.oneOf(shortDays) != nil, scanner.literal(" "), let month = scanner.oneOf(months),
              scanner.literal(" ")
        else { return nil }
        let day: Int
        if scanner.literal(" ") {
            guard let single = scanner.digits(1) else { return nil }
            day = single
        } else {
            guard let double = scanner.digits(2) else { return nil }
            day = double
        }
        guard scanner.literal(" "), let time = scanner.timeOfDay(), scanner.literal(" "),
              let year = scanner.digits(4), scanner.atEnd
        else { return nil }
        return epochSeconds(year: year, month: month + 1, day: day, time: time)
    }

    /// Seconds since the epoch of a valid proleptic Gregorian date and time (a leap second 60 is allowed, as
    /// RFC 9110's `second = 2DIGIT` permits it); nil for an impossible one.
    static func epochSeconds(year: Int, month: Int, day: Int, time: (Int, Int, Int)) -> Int64? {
        let (hour, minute, second) = time
        guard (1...12).contains(month), day >= 1, day <= daysIn(month: month, year: year),
              hour < 24, minute < 60, second <= 60
        else { return nil }
        let days = daysFromCivil(year: year, month: month, day: day)
        return Int64(days) * 86_400 + Int64(hour * 3600 + minute * 60 + second)
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Days from 1970-01-01 (Howard Hinnant's `days_from_civil`); the year is at most four digits here.
    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let shifted = month <= 2 ? year - 1 : year
        let era = (shifted >= 0 ? shifted : shifted - 399) / 400
        let yearOfEra = shifted - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }
}
