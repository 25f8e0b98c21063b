import Codecs
import Foundation
import MockServers
import SSE
import Testing

/// The SSE mock read by our `SSEDecoder`, and each fault checked at the byte level.
struct SSEMockTests {
    static let fixture = "sse/starlette-keepalive-json"

    static func makeSSE(_ options: MockServerOptions) throws -> any MockService {
        try SSEMock(fixture: try FixtureInput.load(fixturesRoot + "/" + fixture), tokens: options.tokens)
    }

    /// Decodes a body with our decoder: events and the first error code.
    static func decode(_ body: [UInt8], limits: SSELimits = SSELimits()) -> (events: [SSEEvent], error: String?) {
        var decoder = SSEDecoder(limits: limits)
        body.withUnsafeBytes { decoder.feed($0) }
        decoder.finish()
        var events: [SSEEvent] = []
        while true {
            do {
                guard let item = try decoder.next() else { break }
                if case .event(let event) = item { events.append(event) }
            } catch {
                return (events, error.code)
            }
        }
        return (events, nil)
    }

    @Test("events are the fixture's (as the reference peer saw them) in order, looping, with ids 1, 2, 3, …")
    func servesFixtureEventsWithFreshIDs() async throws {
        let server = try await startMock(Self.makeSSE) { $0.count = 12 }
        let (response, _, closed, _) = try await exchange(server.port, getRequest("/api/v1/events"))
        let expected = try expectedLines(Self.fixture)
        #expect(closed)
        let r = try #require(response)
        #expect(r.status == 200)
        #expect(r.header("Content-Type") == "text/event-stream; charset=utf-8")
        #expect(r.complete, "the stream ends with the last chunk after --count events")
        #expect(r.chunks.first == Array(": connected\n\n".utf8))
        let (events, error) = Self.decode(r.body)
        #expect(error == nil)
        #expect(events.count == 12)
        for (index, event) in events.enumerated() {
            let reference = expected[index % expected.count]
            #expect(event.type == reference["event"]?.stringValue)
            #expect(event.data == reference["data"]?.stringValue)
            #expect(event.lastEventID == String(index + 1))
        }
        await server.stop()
    }

    @Test("Last-Event-ID resumes right after that id: nothing lost, nothing repeated")
    func lastEventIDResumes() async throws {
        let server = try await startMock(Self.makeSSE) { $0.count = 8 }
        let first = try await exchange(server.port, getRequest("/e", headers: [("Last-Event-ID", "5")]))
        let events = Self.decode(try #require(first.response).body).events
        #expect(events.map(\.lastEventID) == ["6", "7", "8"])
        let requests = logEvents(server, "request")
        #expect(requests.first?["last_event_id"] == .string("5"))
        await server.stop()
    }

    @Test("the log's sent lines carry the id and the exact bytes of each event's chunk")
    func logMatchesWire() async throws {
        let server = try await startMock(Self.makeSSE) { $0.count = 3 }
        let r = try #require(try await exchange(server.port, getRequest("/e?x=1&token=secret")).response)
        let sent = logEvents(server, "sent")
        #expect(sent.map { $0["id"]?.stringValue } == ["1", "2", "3"])
        #expect(sent.compactMap { $0["base64"]?.stringValue }.map { Base64.decode($0) ?? [] } == Array(r.chunks.dropFirst()))
        let request = try #require(logEvents(server, "request").first)
        #expect(request["method"] == .string("GET"))
        #expect(request["path"] == .string("/e"))
        #expect(request["query"]?["x"] == .string("1"))
        #expect(request["query"]?["token"] == .string("(redacted)"), "a secret never reaches the log")
        #expect(request["status"] == .number(JSONNumber(200)))
        #expect(!server.context.log.lines.joined().contains("secret"))
        await server.stop()
    }

    @Test("drop-after:N sends exactly N events, then the connection closes with no last chunk")
    func dropAfter() async throws {
        let server = try await startMock(Self.makeSSE) { $0.faults = [try! FaultSpec.parse("drop-after:2")] }
        let (response, _, closed, _) = try await exchange(server.port, getRequest("/e"))
        let r = try #require(response)
        #expect(closed)
        #expect(!r.complete)
        #expect(r.cutChunk == nil)
        #expect(Self.decode(r.body).events.count == 2)
        #expect(logEvents(server, "fault").first?["fault"] == .string("drop-after:2"))
        await server.stop()
    }

    @Test("drop-mid:N cuts inside event N+1: its chunk's size line promises more than comes, inside its line")
    func dropMid() async throws {
        let server = try await startMock(Self.makeSSE) { $0.faults = [try! FaultSpec.parse("drop-mid:1")] }
        let r = try #require(try await exchange(server.port, getRequest("/e")).response)
        #expect(!r.complete)
        #expect(Self.decode(r.body).events.count == 1)
        let cut = try #require(r.cutChunk)
        #expect(cut.received.count == cut.declared / 2)
        #expect(cut.received.count > 0)
        #expect(!cut.received.contains(where: { $0 == 0x0A }) || cut.received.last != 0x0A, "cut inside a line")
        #expect(Array("id: 2\n".utf8) == Array(cut.received.prefix(6)), "the cut bytes start event 2")
        await server.stop()
    }

    @Test("garbage:N: event N+1's data is not UTF-8, which our decoder replaces with U+FFFD (SSE has no syntax errors)")
    func garbage() async throws {
        let server = try await startMock(Self.makeSSE) {
            $0.count = 3
            $0.faults = [try! FaultSpec.parse("garbage:1")]
        }
        let r = try #require(try await exchange(server.port, getRequest("/e")).response)
        let events = Self.decode(r.body).events
        #expect(events.count == 3)
        #expect(events[1].data.unicodeScalars.contains("\u{FFFD}"))
        #expect(!events[0].data.unicodeScalars.contains("\u{FFFD}"))
        await server.stop()
    }

    @Test("oversize:N: event N+1 is one 8 MiB line: our decoder stops with line-too-long")
    func oversize() async throws {
        let server = try await startMock(Self.makeSSE) {
            $0.count = 2
            $0.faults = [try! FaultSpec.parse("oversize:0")]
        }
        let r = try #require(try await exchange(server.port, getRequest("/e"), timeout: .seconds(20)).response)
        #expect(r.body.count > MockLimits.oversizeBytes)
        #expect(Self.decode(r.body).error == "line-too-long")
        await server.stop()
    }

    @Test("status:503,retry-after:2 answers the GET with 503 and Retry-After, and is logged as reject")
    func statusFault() async throws {
        let server = try await startMock(Self.makeSSE) { $0.faults = [try! FaultSpec.parse("status:503,retry-after:2@1")] }
        let first = try #require(try await exchange(server.port, getRequest("/e")).response)
        #expect(first.status == 503)
        #expect(first.header("Retry-After") == "2")
        let reject = try #require(logEvents(server, "reject").first)
        #expect(reject["status"] == .number(JSONNumber(503)))
        #expect(reject["conn"] == .number(JSONNumber(1)))
        await server.stop()
    }

    @Test("a token is accepted as ?token= or Bearer; a missing or wrong one gets 401; expire-token:N revokes it")
    func tokens() async throws {
        let server = try await startMock(Self.makeSSE) {
            $0.tokens = ["t-one", "t-two"]
            $0.faults = ["drop-after:2@3", "expire-token:1@4", "drop-after:1@4", "drop-after:1@5-"].map { try! FaultSpec.parse($0) }
        }
        let missing = try #require(try await exchange(server.port, getRequest("/e")).response)
        #expect(missing.status == 401)
        let wrong = try #require(try await exchange(server.port, getRequest("/e?token=nope")).response)
        #expect(wrong.status == 401)
        let query = try #require(try await exchange(server.port, getRequest("/e?token=t-two")).response)
        #expect(query.status == 200)
        let bearer = try await exchange(server.port, getRequest("/e", headers: [("Authorization", "Bearer t-one")]))
        #expect(bearer.response?.status == 200)
        let after = try #require(try await exchange(server.port, getRequest("/e?token=t-one")).response)
        #expect(after.status == 401, "t-one stopped being valid after 1 event on attempt 4")
        let lines = logLines(server).filter { $0["event"] == .string("request") || $0["event"] == .string("reject") }
        #expect(lines.map { $0["auth"]?.stringValue } == ["missing", "rejected", "accepted", "accepted", "rejected"])
        #expect(lines.map { $0["token"] } == [nil, nil, .number(JSONNumber(1)), .number(JSONNumber(0)), nil])
        await server.stop()
    }

    /// Without drip this response is 4 writes (head, preamble, event, last chunk), so more than 8 reads can only
    /// come from more writes; the reader may coalesce 1-byte writes under load, hence no tighter bound.
    @Test("drip writes one byte at a time: the client sees more reads than the 4 writes of the normal response")
    func drip() async throws {
        let server = try await startMock(Self.makeSSE) {
            $0.count = 1
            $0.faults = [try! FaultSpec.parse("drip")]
        }
        // Hundreds of one-byte writes: allow far more than the 5 s default on a loaded machine (a CI run timed out).
        let (response, bytes, _, reads) = try await exchange(server.port, getRequest("/e"), timeout: .seconds(30))
        #expect(Self.decode(try #require(response).body).events.count == 1)
        #expect(reads > 8, "\(reads) reads for \(bytes.count) bytes")
        await server.stop()
    }

    @Test("slow-accept:MS delays the answer by at least MS")
    func slowAccept() async throws {
        let server = try await startMock(Self.makeSSE) {
            $0.count = 1
            $0.faults = [try! FaultSpec.parse("slow-accept:300")]
        }
        let clock = ContinuousClock()
        let start = clock.now
        _ = try await exchange(server.port, getRequest("/e"))
        #expect(clock.now - start >= .milliseconds(300))
        await server.stop()
    }

    @Test("stall sends nothing after N events and keeps the connection open")
    func stall() async throws {
        let server = try await startMock(Self.makeSSE) { $0.faults = [try! FaultSpec.parse("stall:2")] }
        let peer = try await RawTCPPeer.connect(port: server.port)
        try await peer.write(getRequest("/e"))
        // Wait (bounded) for the two events, then a quiet window: nothing more arrives and the connection stays open.
        let clock = ContinuousClock()
        let deadline = clock.now + .seconds(5)
        while clock.now < deadline {
            let body = RawHTTPResponse(await peer.receivedUntilClose(timeout: .milliseconds(50)).bytes)?.body ?? []
            if Self.decode(body).events.count >= 2 { break }
        }
        let (bytes, closed, _) = await peer.receivedUntilClose(timeout: .milliseconds(600))
        #expect(!closed)
        #expect(Self.decode(try #require(RawHTTPResponse(bytes)).body).events.count == 2)
        await peer.close()
        await server.stop()
    }

    @Test("refuse:MS ends attempt 1 unanswered and refuses connections for MS, then serves again")
    func refuse() async throws {
        let server = try await startMock(Self.makeSSE) {
            $0.count = 1
            // 2 s: wide enough that the connect below still falls in the window on a loaded machine.
            $0.faults = [try! FaultSpec.parse("refuse:2000@1")]
        }
        let first = try await exchange(server.port, getRequest("/e"))
        #expect(first.bytes.isEmpty)
        #expect(first.closed)
        await #expect(throws: (any Error).self) { _ = try await RawTCPPeer.connect(port: server.port) }
        try await Task.sleep(for: .milliseconds(2300))
        let later = try await exchange(server.port, getRequest("/e"))
        #expect(later.response?.status == 200)
        await server.stop()
    }
}
