import Codecs
import HTTPStreaming
import Testing

@Suite("Retry-After and HTTP-date (RFC 9110 §10.2.3, §5.6.7)")
struct RetryAfterTests {
    /// RFC 9110 §5.6.7's example instant in its three formats, and other instants; the values are Python's
    /// `email.utils.parsedate_to_datetime(text).timestamp()` (the reference peer).
    static let dates: [(String, Int64?)] = [
        ("Sun, 06 Nov 1994 08:49:37 GMT", 784_111_777),
        ("Sunday, 06-Nov-94 08:49:37 GMT", 784_111_777),
        ("Sun Nov  6 08:49:37 1994", 784_111_777),
        ("Thu, 01 Jan 1970 00:00:00 GMT", 0),
        ("Tue, 29 Feb 2000 12:00:00 GMT", 951_825_600),
        ("Fri, 31 Dec 1999 23:59:59 GMT", 946_684_799),
        ("Wed, 02 Dec 2026 07:00:00 GMT", 1_796_194_800),
        ("Monday, 01-Jan-68 00:00:00 GMT", 3_092_601_600),
        ("Thu Jan  1 00:00:00 1970", 0),
        ("Sat Dec 31 23:59:59 2039", 2_208_988_799),
        // Malformed: impossible dates, wrong zone, lower-case names, missing padding, trailing bytes.
        ("Fri, 29 Feb 2019 00:00:00 GMT", nil),
        ("Sun, 06 Nov 1994 24:00:00 GMT", nil),
        ("Sun, 06 Nov 1994 08:49:37 UTC", nil),
        ("sun, 06 Nov 1994 08:49:37 GMT", nil),
        ("Sun, 6 Nov 1994 08:49:37 GMT", nil),
        ("Sun, 06 Nov 1994 08:49:37 GMT ", nil),
        ("Sun Nov 6 08:49:37 1994", nil),
        ("", nil),
    ]

    @Test("HTTP-date vectors", arguments: dates)
    func httpDate(_ text: String, _ expected: Int64?) {
        #expect(HTTPDate(text)?.secondsSince1970 == expected)
    }

    static let values: [(String, RetryAfter?)] = [
        ("120", .seconds(120)),
        ("0", .seconds(0)),
        (" 7 ", .seconds(7)),
        ("99999999999999999999999", .seconds(Int.max)),
        ("Sun, 06 Nov 1994 08:49:37 GMT", .date(HTTPDate(secondsSince1970: 784_111_777))),
        ("-1", nil),
        ("1.5", nil),
        ("", nil),
        ("soon", nil),
    ]

    @Test("Retry-After values: delay-seconds or HTTP-date", arguments: values)
    func retryAfter(_ text: String, _ expected: RetryAfter?) {
        #expect(RetryAfter(headerValue: text) == expected)
    }

    @Test("the delay of a date is measured from now and never negative")
    func delay() {
        let now = HTTPDate(secondsSince1970: 1_000)
        #expect(RetryAfter.seconds(30).delay(now: now) == .seconds(30))
        #expect(RetryAfter.date(HTTPDate(secondsSince1970: 1_045)).delay(now: now) == .seconds(45))
        #expect(RetryAfter.date(HTTPDate(secondsSince1970: 400)).delay(now: now) == .zero)
    }
}

@Suite("HTTPStreamDeadlines: head and idle deadlines on virtual time")
struct DeadlinesTests {
    let timeouts = HTTPStreamTimeouts(connect: .seconds(1), responseHead: .seconds(30), idleRead: .seconds(10))

    @Test("the head deadline passes at start + responseHead; the watchdog checks at least every idle period")
    func headDeadline() {
        var deadlines = HTTPStreamDeadlines(timeouts)
        deadlines.waitingForHead(now: .seconds(0))
        #expect(deadlines.check(now: .seconds(0)) == .checkAgain(at: .seconds(10)))
        #expect(deadlines.check(now: .seconds(25)) == .checkAgain(at: .seconds(30)))
        #expect(deadlines.check(now: .seconds(29)) == .checkAgain(at: .seconds(30)))
        #expect(deadlines.check(now: .seconds(30)) == .expired(.head))
    }

    @Test("the idle deadline runs only while the reader waits, from when it started waiting")
    func idleDeadline() {
        var deadlines = HTTPStreamDeadlines(timeouts)
        deadlines.waitingForHead(now: .seconds(0))
        deadlines.received()
        // The consumer holds the bytes for 100 s: not idle.
        #expect(deadlines.check(now: .seconds(100)) == .checkAgain(at: .seconds(110)))
        deadlines.waitingForBody(now: .seconds(100))
        #expect(deadlines.check(now: .seconds(105)) == .checkAgain(at: .seconds(110)))
        #expect(deadlines.check(now: .seconds(110)) == .expired(.idleRead))
        deadlines.received()
        deadlines.waitingForBody(now: .seconds(111))
        #expect(deadlines.check(now: .seconds(120)) == .checkAgain(at: .seconds(121)))
    }

    @Test("no idle deadline when idleRead is nil; stop ends the watch")
    func noIdleAndStop() {
        var deadlines = HTTPStreamDeadlines(HTTPStreamTimeouts(responseHead: .seconds(30), idleRead: nil))
        deadlines.waitingForBody(now: .seconds(0))
        #expect(deadlines.check(now: .seconds(1000)) == .checkAgain(at: .seconds(1030)))
        deadlines.stop()
        deadlines.waitingForBody(now: .seconds(1000))
        #expect(deadlines.check(now: .seconds(2000)) == .stopped)
    }
}

extension MonotonicInstant {
    static func seconds(_ seconds: UInt64) -> Self { Self(nanoseconds: seconds * 1_000_000_000) }
}
