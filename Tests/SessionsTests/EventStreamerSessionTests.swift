import Codecs
import EventStreamer
import Reconnect
import Sessions
import Testing

@Suite("Event Streamer session: stream request, resume token, acks, heartbeat, error lines (issue 17, service-profiles §3)")
struct EventStreamerSessionTests {
    let base = "http://127.0.0.1:8080/"

    static func batchLine(_ n: Int) -> String {
        "{\"type\":\"event_batch\",\"response_id\":\"resp-\(n)\",\"subscription_id\":123,\"connection_id\":\"conn-1\","
            + "\"resume_token\":\"rt_\(n)\",\"events\":{\"Transfer\":[{\"block_number\":\(19_000_000 + n),\"log_index\":1}]},"
            + "\"batch_size\":1,\"timestamp\":\"2026-11-22T12:00:00.000Z\",\"batch_id\":\"batch_\(n)\"}\n"
    }

    static let heartbeatLine =
        "{\"type\":\"heartbeat\",\"connection_id\":\"conn-1\",\"subscription_id\":123,\"timestamp\":\"2026-11-22T12:00:00.000Z\"}\n"

    static func errorLine(recoverable: Bool) -> String {
        "{\"type\":\"error\",\"connection_id\":\"conn-1\",\"subscription_id\":123,\"error_code\":\"INVALID_RESUME_TOKEN\","
            + "\"error_message\":\"resume token expired\",\"timestamp\":\"2026-11-22T12:00:00.000Z\",\"recoverable\":\(recoverable)}\n"
    }

    let okHead = HTTPSessionResponseHead(status: 200, headers: [
        HTTPSessionHeader("Content-Type", "application/x-ndjson"), HTTPSessionHeader("X-Connection-Id", "conn-1"),
    ])

    func session(_ configure: (inout EventStreamerSessionConfiguration) -> Void = { _ in }) -> EventStreamerSession {
        var configuration = EventStreamerSessionConfiguration.recommended(baseURL: base, subscriptionID: "123")
        configure(&configuration)
        return EventStreamerSession(configuration: configuration)
    }

    func receive(_ session: inout EventStreamerSession, _ text: String) -> ([EventStreamerSessionOutput], ConnectionOutcome?) {
        var outputs: [EventStreamerSessionOutput] = []
        let outcome = withBytes(text) { session.receive($0) { outputs.append($0) } }
        return (outputs, outcome)
    }

    @Test("stream URL: trailing / dropped, resume token percent-encoded (the SDK sends x&n=500000 raw, §3.2)", arguments: [
        (nil as String?, "http://127.0.0.1:8080/subscriptions/123/stream"),
        ("rt_0", "http://127.0.0.1:8080/subscriptions/123/stream?resume_token=rt_0"),
        ("x&n=500000", "http://127.0.0.1:8080/subscriptions/123/stream?resume_token=x%26n%3D500000"),
    ])
    func streamURL(token: String?, expected: String) {
        let request = session { $0.resumeToken = token }.streamRequest(token: nil)
        #expect(request.method == .get)
        #expect(request.url == expected)
    }

    @Test("recommended stream carries the token; SDK-compatible stream carries no auth or custom header (§3.2)")
    func streamHeaders() {
        let header = HTTPSessionHeader("X-Team", "a")
        let recommended = session { $0.headers = [header] }.streamRequest(token: Secret("t"))
        #expect(recommended.header("Authorization") == "Bearer t")
        #expect(recommended.header("X-Team") == "a")
        var configuration = EventStreamerSessionConfiguration.compatible(baseURL: base, subscriptionID: "123")
        configuration.headers = [header]
        let compatible = EventStreamerSession(configuration: configuration).streamRequest(token: Secret("t"))
        #expect(compatible.header("Authorization") == nil)
        #expect(compatible.header("X-Team") == nil)
        #expect(compatible.acceptedContentTypes == nil)
    }

    @Test("open reads X-Connection-Id; statuses that do not stream and wrong Content-Type end the attempt")
    func openHead() {
        var s = session()
        #expect(s.open(okHead, now: .zero) == nil)
        #expect(s.connectionID == "conn-1")
        var other = session()
        #expect(other.open(HTTPSessionResponseHead(status: 503, headers: [HTTPSessionHeader("Retry-After", "5")]), now: .zero)
            == .httpStatus(503, retryAfter: .seconds(5)))
        #expect(other.open(HTTPSessionResponseHead(status: 200, headers: [HTTPSessionHeader("Content-Type", "text/html")]), now: .zero)
            == .protocolError("unexpected-content-type"))
    }

    @Test("the resume point is the last delivered batch; a line cut by a drop is not delivered and not passed")
    func resumeTokenOfLastDeliveredBatch() {
        var s = session { $0.resumeToken = "rt_0" }
        _ = s.open(okHead, now: .zero)
        let line2 = Self.batchLine(2)
        let (outputs, outcome) = receive(&s, Self.batchLine(1) + Self.heartbeatLine + String(line2.prefix(40)))
        #expect(outcome == nil)
        #expect(outputs.count == 2)
        guard case let .batch(first) = outputs.first else { Issue.record("no batch"); return }
        #expect(first.batch.batchID == "batch_1")
        #expect(outputs.last == .heartbeat)
        s.connectionEnded()
        #expect(s.streamRequest(token: nil).url.hasSuffix("?resume_token=rt_1"))
        // Next connection: the server resends batch 2 whole.
        _ = s.open(okHead, now: at(1))
        let (again, _) = receive(&s, line2)
        #expect(again.count == 1)
        #expect(s.resumeToken == "rt_2")
    }

    @Test("a last line without LF is decoded at a clean end of body (§3.3), outcome end-of-stream")
    func lastLineWithoutLF() {
        var s = session()
        _ = s.open(okHead, now: .zero)
        _ = receive(&s, String(Self.batchLine(1).dropLast()))
        var outputs: [EventStreamerSessionOutput] = []
        #expect(s.finish { outputs.append($0) } == .endOfStream)
        #expect(outputs.count == 1)
        #expect(s.resumeToken == "rt_1")
    }

    @Test("a rejected line is reported and skipped; the stream goes on")
    func rejectedLine() {
        var s = session()
        _ = s.open(okHead, now: .zero)
        let (outputs, outcome) = receive(&s, "{\"type\":\"bogus\"}\nnot json\n" + Self.batchLine(1))
        #expect(outcome == nil)
        #expect(outputs.count == 3)
        guard case let .rejectedLine(code, _, line) = outputs[0] else { Issue.record("not rejected"); return }
        #expect(code == "message-unknown-type")
        #expect(line == 1)
    }

    @Test("error line: recommended ends the connection, recoverable:false gives up, recoverable reconnects")
    func errorLines() {
        for recoverable in [false, true] {
            var s = session()
            _ = s.open(okHead, now: .zero)
            let (outputs, outcome) = receive(&s, Self.errorLine(recoverable: recoverable) + Self.batchLine(9))
            #expect(outputs.count == 1)
            #expect(outcome == .serviceError("invalid-resume-token", recoverable: recoverable))
            var run = SupervisorRun(s.configuration.supervisorConfiguration)
            run.connect()
            run.open()
            if let outcome { run.fail(outcome) }
            if recoverable {
                #expect({ if case .reconnecting = run.statuses.last { true } else { false } }())
            } else {
                #expect(run.statuses.last == .failed("invalid-resume-token"))
            }
        }
    }

    @Test("SDK-compatible: an error line is reported and the stream goes on; the SDK never reconnects (§3.3, §3.5)")
    func compatibleErrorAndNoReconnect() {
        var s = EventStreamerSession(configuration: .compatible(baseURL: base, subscriptionID: "123"))
        _ = s.open(okHead, now: .zero)
        let (outputs, outcome) = receive(&s, Self.errorLine(recoverable: false) + Self.batchLine(1))
        #expect(outcome == nil)
        #expect(outputs.count == 2)
        var run = SupervisorRun(s.configuration.supervisorConfiguration)
        run.connect()
        run.open()
        run.fail(.endOfStream)
        #expect(run.statuses.last == .failed("retries-exhausted"))
    }

    @Test("automatic ack: one bulk POST of every delivered batch every 3 s, failed IDs queued again (§3.1, §3.4)")
    func automaticBulkAck() throws {
        var s = session()
        _ = s.open(okHead, now: .zero)
        _ = receive(&s, Self.batchLine(1) + Self.batchLine(2) + Self.batchLine(3))
        #expect(s.pendingAcks.isEmpty, "decoded is not delivered: nothing is queued before the consumer has it")
        s.delivered(batchID: "batch_1", connectionID: "conn-1")
        s.delivered(batchID: "batch_2", connectionID: "conn-1")
        #expect(s.nextDeadline == at(3))
        #expect(s.tick(now: at(2.9), wallClock: 0).isEmpty)
        let requests = s.tick(now: at(3), wallClock: 0)
        #expect(requests.count == 1)
        let ack = try #require(requests.first)
        #expect(ack.purpose == .bulkAck(batchIDs: ["batch_1", "batch_2"], connectionID: "conn-1"))
        #expect(ack.request.method == .post)
        #expect(ack.request.url == "http://127.0.0.1:8080/subscriptions/123/stream/conn-1/ack/batch/bulk")
        #expect(ack.request.header("Content-Type") == "application/json")
        #expect(try JSONValue.parse(ack.request.body ?? []) == .object([
            JSONMember("batch_ids", .array([.string("batch_1"), .string("batch_2")])),
            JSONMember("connection_id", .string("conn-1")),
        ]))
        let reply = Array("{\"total_batches\":2,\"acknowledged_batches\":1,\"failed_batches\":1,\"failed_batch_ids\":[\"batch_2\"],\"total_events_acknowledged\":1,\"connection_id\":\"conn-1\",\"timestamp\":\"t\"}".utf8)
        #expect(s.handleReply(to: ack, .response(status: 200, body: reply)) == nil)
        #expect(s.pendingAcks.map(\.batchID) == ["batch_2"])
        #expect(s.nextDeadline == at(6))
        let retry = s.tick(now: at(6), wallClock: 0)
        #expect(retry.first?.purpose == .bulkAck(batchIDs: ["batch_2"], connectionID: "conn-1"))
        // A request that failed (timeout, 500) queues its IDs again.
        if let retry = retry.first { #expect(s.handleReply(to: retry, .response(status: 500, body: [])) == nil) }
        #expect(s.pendingAcks.map(\.batchID) == ["batch_2"])
        // Stop flushes what is queued.
        #expect(s.stop().first?.purpose == .bulkAck(batchIDs: ["batch_2"], connectionID: "conn-1"))
        #expect(s.nextDeadline == nil)
    }

    @Test("a connection's delivered batches are acked by themselves when it ends; other connections' stay queued")
    func acknowledgeEndedConnection() throws {
        var s = session()
        _ = s.open(okHead, now: .zero)
        s.delivered(batchID: "batch_1", connectionID: "conn-1")
        s.delivered(batchID: "batch_2", connectionID: "conn-2")
        s.delivered(batchID: "batch_3", connectionID: "conn-1")
        let ended = s.acknowledgeEnded(connectionID: "conn-1")
        #expect(ended.map(\.purpose) == [.bulkAck(batchIDs: ["batch_1", "batch_3"], connectionID: "conn-1")])
        #expect(ended.first?.request.url == "http://127.0.0.1:8080/subscriptions/123/stream/conn-1/ack/batch/bulk")
        #expect(s.pendingAcks.map(\.batchID) == ["batch_2"])
        #expect(s.acknowledgeEnded(connectionID: "conn-1").isEmpty)
    }

    @Test("manual ack: nothing queued, one POST …/ack/batch {\"batch_id\"} per call")
    func manualAck() throws {
        var s = session { $0.acknowledgement = .manual }
        _ = s.open(okHead, now: .zero)
        _ = receive(&s, Self.batchLine(1))
        s.delivered(batchID: "batch_1", connectionID: "conn-1")
        #expect(s.pendingAcks.isEmpty)
        let ack = try #require(s.acknowledge(batchID: "batch_1"))
        #expect(ack.request.url == "http://127.0.0.1:8080/subscriptions/123/stream/conn-1/ack/batch")
        #expect(try JSONValue.parse(ack.request.body ?? []) == .object([JSONMember("batch_id", .string("batch_1"))]))
    }

    @Test("client heartbeat: first at +30 s, then every 30 s, sequence from 1, ISO-8601 +00:00 timestamp (§3.1, §3.4)")
    func clientHeartbeat() throws {
        var s = session { $0.acknowledgement = .manual }
        _ = s.open(okHead, now: .zero)
        #expect(s.nextDeadline == at(30))
        let first = try #require(s.tick(now: at(30), wallClock: 1_795_348_800_000_000).first)
        #expect(first.purpose == .heartbeat(sequenceNumber: 1, connectionID: "conn-1"))
        #expect(first.request.url == "http://127.0.0.1:8080/stream/conn-1/heartbeat")
        #expect(try JSONValue.parse(first.request.body ?? []) == .object([
            JSONMember("timestamp", .string("2026-11-22T12:00:00+00:00")),
            JSONMember("sequence_number", .number(JSONNumber(1))),
        ]))
        let second = try #require(s.tick(now: at(60), wallClock: 1_795_435_200_000_123).first)
        #expect(second.purpose == .heartbeat(sequenceNumber: 2, connectionID: "conn-1"))
        #expect(try JSONValue.parse(second.request.body ?? [])["timestamp"] == .string("2026-11-23T12:00:00.000123+00:00"))
        // 404: the service forgot the connection.
        #expect(s.handleReply(to: second, .response(status: 404, body: Array("{\"detail\":\"Not Found\"}".utf8)))
            == .serviceError("connection-not-found", recoverable: true))
        #expect(s.nextDeadline == nil)
        // The sequence is never reset, not across connections either.
        _ = s.open(okHead, now: at(61))
        #expect(s.tick(now: at(91), wallClock: 0).first?.purpose == .heartbeat(sequenceNumber: 3, connectionID: "conn-1"))
    }

    @Test("no X-Connection-Id: no heartbeat (§3.2)")
    func noConnectionID() {
        var s = session { $0.acknowledgement = .manual }
        _ = s.open(HTTPSessionResponseHead(status: 200, headers: [HTTPSessionHeader("Content-Type", "application/x-ndjson")]), now: .zero)
        #expect(s.nextDeadline == nil)
    }

    @Test("connection-not-found reconnects in the Event Streamer table")
    func connectionNotFoundReconnects() {
        var run = SupervisorRun(EventStreamerSessionConfiguration.recommended(baseURL: base, subscriptionID: "1").supervisorConfiguration)
        run.connect()
        run.open()
        run.fail(.serviceError("connection-not-found", recoverable: true))
        #expect({ if case .reconnecting = run.statuses.last { true } else { false } }())
    }

    @Test("SDK-compatible 'gone' test on the error text (§3.4)", arguments: [
        (404, "", true), (404, "Connection not found", true), (404, "{\"detail\":\"Not Found\"}", false),
        (400, "subscription does not exist", true), (500, "", false),
    ])
    func compatibleGoneText(status: Int, body: String, gone: Bool) {
        var configuration = EventStreamerSessionConfiguration.compatible(baseURL: base, subscriptionID: "123")
        configuration.acknowledgement = .manual
        var s = EventStreamerSession(configuration: configuration)
        _ = s.open(okHead, now: .zero)
        guard let heartbeat = s.tick(now: at(30), wallClock: 0).first else { Issue.record("no heartbeat"); return }
        let outcome = s.handleReply(to: heartbeat, .response(status: status, body: Array(body.utf8)))
        #expect((outcome != nil) == gone)
    }

    @Test("processing status request and reply (§3.1, §3.3)")
    func processingStatus() {
        let request = session().processingStatusRequest(token: Secret("t"))
        #expect(request.url == "http://127.0.0.1:8080/subscriptions/123/processing-status")
        #expect(request.header("Authorization") == "Bearer t")
        let body = Array("{\"subscription_id\":123,\"is_processing\":true,\"connection_count\":1,\"timestamp\":\"t\"}".utf8)
        #expect(EventStreamerSession.processingStatus(from: body)
            == EventStreamerProcessingStatus(subscriptionID: "123", isProcessing: true, connectionCount: 1, timestamp: "t"))
        #expect(EventStreamerSession.processingStatus(from: Array("{}".utf8)) == nil)
    }
}
