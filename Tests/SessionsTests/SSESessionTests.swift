import Codecs
import Reconnect
import SSE
import Sessions
import Testing

@Suite("SSE session: request, response check, resume point, outcome tables (issue 17)")
struct SSESessionTests {
    let url = "http://127.0.0.1:8000/api/v1/events"

    func outputs(_ session: inout SSESession, _ text: String) -> [SSESessionOutput] {
        var result: [SSESessionOutput] = []
        let outcome = withBytes(text) { session.receive($0) { result.append($0) } }
        #expect(outcome == nil)
        return result
    }

    @Test("recommended request: GET, Accept text/event-stream, Cache-Control no-cache, Bearer token (HTML §9.2.3)")
    func recommendedRequest() {
        let session = SSESession(configuration: .recommended(url: url))
        let request = session.request(token: Secret("tok"))
        #expect(request.method == .get)
        #expect(request.url == url)
        #expect(request.header("Accept") == "text/event-stream")
        #expect(request.header("Cache-Control") == "no-cache")
        #expect(request.header("Authorization") == "Bearer tok")
        #expect(request.header("Last-Event-ID") == nil)
        #expect(request.acceptedContentTypes == ["text/event-stream"])
        #expect(!request.description.contains("tok,") && !request.description.contains("Bearer tok"))
    }

    @Test("ctfy-compatible request: token only in the query, left out when empty (service-profiles §4.1)")
    func compatibleRequest() {
        let session = SSESession(configuration: .compatible(url: url))
        let request = session.request(token: Secret("pf_test_token"))
        #expect(request.url == url + "?token=pf_test_token")
        #expect(request.header("Authorization") == nil)
        #expect(request.redactedURL == url + "?token=REDACTED")
        #expect(session.request(token: Secret("")).url == url)
        #expect(session.request(token: nil).url == url)
    }

    @Test("Last-Event-ID is sent once an id was dispatched, and only a dispatched id counts (HTML §9.2.4, §9.2.6)")
    func lastEventIDAfterDispatch() {
        var session = SSESession(configuration: .recommended(url: url))
        #expect(session.open(HTTPSessionResponseHead(status: 200, headers: [HTTPSessionHeader("Content-Type", "text/event-stream")])) == nil)
        let first = outputs(&session, "id: 7\ndata: a\n\n")
        #expect(first == [.event(SSEStreamEvent(event: SSEEvent(data: "a", lastEventID: "7")))])
        #expect(session.request(token: nil).header("Last-Event-ID") == "7")
        // A complete event without its blank line (a drop right after the event, before its terminator) and a
        // cut field: neither is dispatched, so the resume point stays at 7.
        #expect(outputs(&session, "id: 8\ndata: b\n").isEmpty)
        #expect(session.finish() == .endOfStream)
        #expect(session.request(token: nil).header("Last-Event-ID") == "7")
        #expect(session.open(HTTPSessionResponseHead(status: 200, headers: [HTTPSessionHeader("Content-Type", "text/event-stream")])) == nil)
        #expect(outputs(&session, "id: 8\nda").isEmpty)
        _ = session.finish()
        #expect(session.lastEventID == "7")
    }

    @Test("a configured last event ID is sent on the first request")
    func startFromLastEventID() {
        var configuration = SSESessionConfiguration.recommended(url: url)
        configuration.lastEventID = "42"
        #expect(SSESession(configuration: configuration).request(token: nil).header("Last-Event-ID") == "42")
    }

    @Test("response head check: statuses that do not stream, Retry-After, Content-Type", arguments: [
        (200, "text/event-stream; charset=utf-8" as String?, nil as String?, nil as ConnectionOutcome?),
        (200, "TEXT/Event-Stream", nil, nil),
        (204, "text/event-stream", nil, .httpStatus(204, retryAfter: nil)),
        (503, "text/plain", "120", .httpStatus(503, retryAfter: .seconds(120))),
        (429, "application/json", "Thu, 01 Jan 1970 00:01:40 GMT", .httpStatus(429, retryAfter: .seconds(40))),
        (401, "text/plain", nil, .httpStatus(401, retryAfter: nil)),
        (200, "application/json", nil, .protocolError("unexpected-content-type")),
        (200, nil, nil, .protocolError("unexpected-content-type")),
    ])
    func responseHead(status: Int, contentType: String?, retryAfter: String?, expected: ConnectionOutcome?) {
        var session = SSESession(configuration: .recommended(url: url))
        var headers: [HTTPSessionHeader] = []
        if let contentType { headers.append(HTTPSessionHeader("Content-Type", contentType)) }
        if let retryAfter { headers.append(HTTPSessionHeader("Retry-After", retryAfter)) }
        #expect(session.open(HTTPSessionResponseHead(status: status, headers: headers), wallClock: 60) == expected)
    }

    @Test("ctfy-compatible does not check Content-Type (service-profiles §4.3)")
    func compatibleContentType() {
        var session = SSESession(configuration: .compatible(url: url))
        #expect(session.open(HTTPSessionResponseHead(status: 200, headers: [HTTPSessionHeader("Content-Type", "application/json")])) == nil)
    }

    @Test("events are the same under any chunking, retry: is reported as a server-directed delay")
    func chunkingAndRetry() {
        let body = ": connected\n\nretry: 3000\nevent: flag_correct\nid: 1\ndata: {\"a\":1}\n\ndata: x\r\ndata: y\r\n\r\n"
        let expected: [SSESessionOutput] = [
            .retry(.milliseconds(3000)),
            .event(SSEStreamEvent(event: SSEEvent(type: "flag_correct", data: "{\"a\":1}", lastEventID: "1"))),
            .event(SSEStreamEvent(event: SSEEvent(data: "x\ny", lastEventID: "1"))),
        ]
        for size in [1, 2, 3, 7, body.utf8.count] {
            var session = SSESession(configuration: .recommended(url: url))
            var got: [SSESessionOutput] = []
            let bytes = Array(body.utf8)
            var start = 0
            while start < bytes.count {
                let end = min(start + size, bytes.count)
                let outcome = bytes[start..<end].withUnsafeBytes { session.receive($0) { got.append($0) } }
                #expect(outcome == nil)
                start = end
            }
            #expect(got == expected, "chunk size \(size)")
            #expect(session.reconnectionTime == .milliseconds(3000))
        }
    }

    @Test("ctfy-compatible parses JSON data; non-JSON data stays a string (service-profiles §4.3)")
    func compatibleJSONData() {
        var session = SSESession(configuration: .compatible(url: url))
        let got = outputs(&session, "event: flag_correct\ndata: {\"challenge_id\":\"c1\",\"n\":2}\n\nevent: note\ndata: hello\n\n")
        guard got.count == 2, case let .event(first) = got[0], case let .event(second) = got[1] else {
            Issue.record("expected two events, got \(got)")
            return
        }
        #expect(first.json == .object([JSONMember("challenge_id", .string("c1")), JSONMember("n", .number(JSONNumber(2)))]))
        #expect(second.json == nil)
        #expect(second.event.data == "hello")
    }

    @Test("a decoder limit ends the connection with its code")
    func decoderLimit() {
        var configuration = SSESessionConfiguration.recommended(url: url)
        configuration.limits.maxLineLength = 16
        var session = SSESession(configuration: configuration)
        let outcome = withBytes("data: " + String(repeating: "x", count: 40) + "\n\n") { session.receive($0) { _ in } }
        #expect(outcome == .protocolError("line-too-long"))
    }

    // MARK: - Outcome tables through the supervisor

    @Test("recommended: 204 stops for good, 401 and 403 give up, wrong Content-Type gives up", arguments: [
        (ConnectionOutcome.httpStatus(204), ConnectionStatus.stopped("http-204")),
        (.httpStatus(401), .failed("http-401")),
        (.httpStatus(403), .failed("http-403")),
        (.protocolError("unexpected-content-type"), .failed("unexpected-content-type")),
    ])
    func recommendedTerminal(outcome: ConnectionOutcome, expected: ConnectionStatus) {
        var run = SupervisorRun(SSESessionConfiguration.recommended(url: url).supervisorConfiguration)
        run.connect()
        run.fail(outcome)
        #expect(run.statuses.last == expected)
    }

    @Test("recommended: 5xx and 429 retry, Retry-After replaces the computed delay", arguments: [500, 502, 503, 429])
    func recommendedRetryAfter(status: Int) {
        var run = SupervisorRun(SSESessionConfiguration.recommended(url: url).supervisorConfiguration)
        run.connect()
        run.fail(.httpStatus(status, retryAfter: .seconds(7)))
        #expect(run.statuses.last == .reconnecting(attempt: 1, delay: .seconds(7)))
        run.connect()
        run.fail(.httpStatus(status))
        // Equal jitter: attempt 2 of 1 s doubling lies in [1 s, 2 s).
        guard let delay = run.lastDelay else { Issue.record("no delay"); return }
        #expect(delay >= .seconds(1) && delay < .seconds(2))
    }

    @Test("recommended: a clean end reconnects at once, a second one in a row backs off (LaunchDarkly)")
    func recommendedEndOfStream() {
        var run = SupervisorRun(SSESessionConfiguration.recommended(url: url).supervisorConfiguration)
        run.connect()
        run.open()
        run.fail(.endOfStream)
        #expect(run.statuses.suffix(2) == [.lost("end-of-stream"), .reconnecting(attempt: 1, delay: .zero)])
        run.connect()
        run.open()
        run.fail(.endOfStream)
        guard let delay = run.lastDelay else { Issue.record("no delay"); return }
        #expect(delay >= .seconds(1) && delay < .seconds(2))
    }

    @Test("recommended: 90 s without a byte is idle-timeout; any byte (a comment) restarts the window")
    func recommendedIdleTimeout() {
        var run = SupervisorRun(SSESessionConfiguration.recommended(url: url).supervisorConfiguration)
        run.connect()
        run.open()
        run.now = at(60)
        if let generation = run.generation { run.send(.received(generation)) }
        run.now = at(149.9)
        run.send(.tick)
        #expect(run.statuses.last == .connected)
        #expect(run.supervisor.nextDeadline == at(150))
        run.now = at(150)
        run.send(.tick)
        #expect(run.statuses.suffix(2).first == .lost("idle-timeout"))
    }

    @Test("recommended: the backoff resets only after 60 s connected")
    func recommendedStableReset() {
        var run = SupervisorRun(SSESessionConfiguration.recommended(url: url).supervisorConfiguration)
        run.connect()
        run.fail(.tcpRefused)
        run.connect()
        run.fail(.tcpRefused)
        run.connect()
        run.open()
        run.now = MonotonicInstant(nanoseconds: run.now.nanoseconds + 59_000_000_000)
        run.fail(.tcpReset)
        #expect({ if case .reconnecting(attempt: 3, _) = run.statuses.last { true } else { false } }())
        run.connect()
        run.open()
        run.now = MonotonicInstant(nanoseconds: run.now.nanoseconds + 60_000_000_000)
        run.fail(.tcpReset)
        #expect({ if case .reconnecting(attempt: 1, _) = run.statuses.last { true } else { false } }())
    }

    @Test("retry: replaces the computed delay, without jitter")
    func retryFieldDelay() {
        var run = SupervisorRun(SSESessionConfiguration.recommended(url: url).supervisorConfiguration)
        run.connect()
        run.open()
        if let generation = run.generation { run.send(.serverDirectedDelay(generation, .milliseconds(2500))) }
        run.fail(.tcpReset)
        #expect(run.statuses.last == .reconnecting(attempt: 1, delay: .milliseconds(2500)))
    }

    @Test("ctfy-compatible timeline (service-profiles §4.4, verified): end 0 s, 500 1 s, 401 2 s, abort after an event 4 s")
    func compatibleTimeline() {
        var run = SupervisorRun(SSESessionConfiguration.compatible(url: url).supervisorConfiguration)
        run.connect()
        run.open()
        run.fail(.endOfStream)
        #expect(run.lastDelay == .zero)
        run.connect()
        run.fail(.httpStatus(500))
        #expect(run.lastDelay == .seconds(1))
        run.connect()
        run.fail(.httpStatus(401))
        #expect(run.lastDelay == .seconds(2))
        run.connect()
        run.open()
        run.now = MonotonicInstant(nanoseconds: run.now.nanoseconds + 120_000_000_000)
        run.fail(.tcpReset)
        #expect(run.lastDelay == .seconds(4))
        run.connect()
        run.open()
        run.fail(.endOfStream)
        #expect(run.lastDelay == .zero)
        run.connect()
        run.fail(.httpStatus(403))
        #expect(run.lastDelay == .seconds(1))
        #expect(!run.statuses.contains { $0.isTerminal })
    }

    @Test("ctfy-compatible: no idle timeout, 204 and 404 retried")
    func compatibleNoFatal() {
        let configuration = SSESessionConfiguration.compatible(url: url).supervisorConfiguration
        #expect(configuration.liveness == nil)
        for status in [204, 404, 429] {
            var run = SupervisorRun(configuration)
            run.connect()
            run.fail(.httpStatus(status))
            #expect(run.statuses.last == .reconnecting(attempt: 1, delay: .seconds(1)))
        }
    }
}
