import Reconnect
import Testing

@Suite struct RetryAfterTests {
    /// RFC 9110 §5.6.7's example date, Sun, 06 Nov 1994 08:49:37 GMT, is 784111777 s after the epoch
    /// (9 075 days · 86 400 + 31 777).
    static let exampleEpoch: Int64 = 784_111_777

    static let accepted: [(String, RetryAfter)] = [
        ("120", .seconds(120)),
        ("0", .seconds(0)),
        (" 7\t", .seconds(7)),
        ("99999999999999999999999", .seconds(Int64.max)),
        ("Sun, 06 Nov 1994 08:49:37 GMT", .date(secondsSinceEpoch: exampleEpoch)),
        ("Sunday, 06-Nov-94 08:49:37 GMT", .date(secondsSinceEpoch: exampleEpoch)),
        ("Sun Nov  6 08:49:37 1994", .date(secondsSinceEpoch: exampleEpoch)),
        ("Thu, 01 Jan 1970 00:00:00 GMT", .date(secondsSinceEpoch: 0)),
        // 2000 is a leap year: 29 Feb exists; 30 years + 7 leap days + 59 days = 11 016 days.
        ("Tue, 29 Feb 2000 00:00:00 GMT", .date(secondsSinceEpoch: 11_016 * 86_400)),
    ]

    @Test(arguments: accepted)
    func parsesDelaySecondsAndHTTPDates(_ text: String, _ expected: RetryAfter) {
        #expect(RetryAfter(text) == expected)
    }

    @Test(arguments: [
        "", "-5", "1.5", "soon", "Sun, 06 Nov 1994 08:49:37 PST", "Sun, 31 Feb 1994 08:49:37 GMT",
        "Sun, 06 Nov 1994 25:49:37 GMT", "Tue, 29 Feb 1900 00:00:00 GMT", "Sun, 6 Nov 1994 08:49:37 GMT",
        "Sun, 06 Foo 1994 08:49:37 GMT", "1 2",
    ])
    func refusesAnythingElse(_ text: String) {
        #expect(RetryAfter(text) == nil)
    }

    @Test func aDateBecomesADelayAgainstTheCallersClock() {
        let date = RetryAfter.date(secondsSinceEpoch: Self.exampleEpoch)
        #expect(date.delay(now: Self.exampleEpoch - 30) == .seconds(30))
        #expect(date.delay(now: Self.exampleEpoch + 30) == .zero)
        #expect(RetryAfter.seconds(120).delay(now: 0) == .seconds(120))
        #expect(RetryAfter.date(secondsSinceEpoch: .max).delay(now: .min) == .seconds(Int64.max))
    }
}
