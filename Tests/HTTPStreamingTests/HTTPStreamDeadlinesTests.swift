import Codecs
import HTTPStreaming
import NIOHTTP1
import Reconnect
import Testing

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

@Suite("HTTPStreamError as a reconnect outcome")
struct OutcomeMappingTests {
    static func status(_ code: Int, _ headers: HTTPHeaders = [:]) -> HTTPStreamError {
        HTTPStreamError(.unexpectedStatus(HTTPErrorResponse(status: code, headers: headers)))
    }

    @Test("each error maps to the outcome the classifier tables key on")
    func table() {
        let rows: [(HTTPStreamError, ConnectionOutcome)] = [
            (Self.status(401), .httpStatus(401, retryAfter: nil)),
            (Self.status(429, ["Retry-After": "120"]), .httpStatus(429, retryAfter: .seconds(120))),
            // A date is measured from the response's Date header (RFC 9110 §10.2.3): 90 s later.
            (Self.status(503, ["Retry-After": "Sun, 06 Nov 1994 08:51:07 GMT", "Date": "Sun, 06 Nov 1994 08:49:37 GMT"]),
             .httpStatus(503, retryAfter: .seconds(90))),
            // Without a Date header a date gives no delay: the policy's own applies.
            (Self.status(503, ["Retry-After": "Sun, 06 Nov 1994 08:51:07 GMT"]), .httpStatus(503, retryAfter: nil)),
            (Self.status(204), .httpStatus(204, retryAfter: nil)),
            (HTTPStreamError(.idleTimeout), .idleTimeout),
            (HTTPStreamError(.connectTimeout), .connectTimeout),
            (HTTPStreamError(.tlsHandshakeTimeout), .connectTimeout),
            (HTTPStreamError(.connectionRefused), .tcpRefused),
            (HTTPStreamError(.headTimeout), .transportError("head-timeout")),
            (HTTPStreamError(.connectionClosed), .transportError("connection-closed")),
            (HTTPStreamError(.headTooLarge), .protocolError("head-too-large")),
        ]
        for (error, outcome) in rows {
            #expect(error.connectionOutcome == outcome, "\(error.code)")
        }
        #expect(HTTPStreamEnd.truncated.connectionOutcome == .endOfStream)
    }
}
