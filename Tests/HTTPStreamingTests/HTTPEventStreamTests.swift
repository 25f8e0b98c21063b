import EventStreamer
import HTTPStreaming
import SSE
import Testing

/// An SSE body and the items HTML §9.2.6 gives for it: a comment, a typed event, two data lines joined by LF with
/// an ID, a retry field, CRLF line ends.
let sseBody = Array(
    ": hello\n\nevent: add\ndata: 73857293\n\nid: 7\ndata: first\ndata: second\n\nretry: 2500\r\ndata: last\r\n\r\n".utf8)
let sseExpected: [SSEItem<SSEEvent>] = [
    .event(SSEEvent(type: "add", data: "73857293")),
    .event(SSEEvent(data: "first\nsecond", lastEventID: "7")),
    .retry(milliseconds: 2500),
    .event(SSEEvent(data: "last", lastEventID: "7")),
]

func sseHead(_ extra: [(String, String)] = []) -> ServerStep {
    .head(200, "OK", [("Content-Type", "text/event-stream")] + extra)
}

/// The body cut into pieces of the given sizes (the last piece takes the rest).
func pieces(_ bytes: [UInt8], _ sizes: [Int]) -> [[UInt8]] {
    var result: [[UInt8]] = []
    var start = 0
    for size in sizes where start < bytes.count {
        let end = min(bytes.count, start + size)
        result.append(Array(bytes[start..<end]))
        start = end
    }
    if start < bytes.count { result.append(Array(bytes[start...])) }
    return result
}

@Suite("HTTPEventStream: bodies reach the decoder intact")
struct BodyFramingTests {
    @Test("a chunked body (chunks split mid-line and inside CRLF) gives the spec's items")
    func chunkedBody() async throws {
        let outcome = try await withStream(script: { _ in
            [sseHead([("Transfer-Encoding", "chunked")])]
                + pieces(sseBody, [5, 17, 1, 30, 2, 9, 1]).map { ServerStep.chunk($0) } + [.lastChunk]
        }) { stream, server in await runSSE(stream, server) }
        #expect(outcome.error == nil)
        #expect(outcome.items == sseExpected)
        #expect(outcome.end == .complete)
        #expect(outcome.opened.map(\.status) == [200])
    }

    @Test("a Content-Length body gives the spec's items")
    func contentLengthBody() async throws {
        let outcome = try await withStream(script: { _ in
            [sseHead([("Content-Length", "\(sseBody.count)")]), .send(sseBody)]
        }) { stream, server in await runSSE(stream, server) }
        #expect(outcome.error == nil)
        #expect(outcome.items == sseExpected)
        #expect(outcome.end == .complete)
    }

    @Test("a body ended by closing the connection (no length, not chunked) gives the spec's items")
    func closeDelimitedBody() async throws {
        let outcome = try await withStream(script: { _ in [sseHead(), .send(sseBody), .close] }) { stream, server in
            await runSSE(stream, server)
        }
        #expect(outcome.error == nil)
        #expect(outcome.items == sseExpected)
        #expect(outcome.end == .complete)
    }

    @Test("a 1-byte drip gives the same items as one write")
    func oneByteDrip() async throws {
        let outcome = try await withStream(script: { _ in
            [sseHead([("Content-Length", "\(sseBody.count)")])] + ServerStep.drip(sseBody, milliseconds: 1)
        }) { stream, server in await runSSE(stream, server) }
        #expect(outcome.error == nil)
        #expect(outcome.items == sseExpected)
        #expect(outcome.end == .complete)
    }

    @Test("NDJSON: a chunked body split mid-line gives one message per line, numbered")
    func ndjsonChunked() async throws {
        let lines = (1...3).map {
            #"{"type":"heartbeat","connection_id":"c\#($0)","subscription_id":123,"timestamp":"2024-05-23T10:30:0\#($0).000Z"}"#
        }
        let body = Array((lines.joined(separator: "\n") + "\n").utf8)
        let outcome = try await withStream(script: { _ in
            [.head(200, "OK", [("Content-Type", "application/x-ndjson"), ("Transfer-Encoding", "chunked")])]
                + pieces(body, [40, 100, 3, 200]).map { ServerStep.chunk($0) } + [.lastChunk]
        }) { stream, server in await runNDJSON(stream, server) }
        #expect(outcome.error == nil)
        #expect(outcome.end == .complete)
        let heartbeats: [(String, Int)] = outcome.items.compactMap {
            guard case let .message(.heartbeat(heartbeat), line) = $0 else { return nil }
            return (heartbeat.connectionID, line)
        }
        #expect(heartbeats.map(\.0) == ["c1", "c2", "c3"])
        #expect(heartbeats.map(\.1) == [1, 2, 3])
    }

    @Test("the SSE request carries Accept, Cache-Control, Last-Event-ID and the caller's headers")
    func sseRequestHeaders() async throws {
        let requests = try await withStream(script: { _ in [sseHead([("Content-Length", "0")])] }) { stream, server in
            var body = SSEBodyDecoder()
            _ = try await stream.run(
                .serverSentEvents(url: server.url + "/e", headers: ["X-Client": "test"], lastEventID: "42"),
                decoder: &body, onItem: { _ in })
            return server.requests
        }
        let request = try #require(requests.first)
        #expect(request.requestLine == "GET /e HTTP/1.1")
        #expect(request.header("Accept") == "text/event-stream")
        #expect(request.header("Cache-Control") == "no-cache")
        #expect(request.header("Last-Event-ID") == "42")
        #expect(request.header("X-Client") == "test")
    }

    @Test("the decoder keeps its state across run: lastEventID and reconnectionTime resume the next connection")
    func decoderStateSurvives() async throws {
        let lastID = try await withStream(script: { _ in
            [sseHead([("Content-Length", "\(sseBody.count)")]), .send(sseBody)]
        }) { stream, server in
            var body = SSEBodyDecoder()
            _ = try await stream.run(.serverSentEvents(url: server.url), decoder: &body, onItem: { _ in })
            return (body.decoder.lastEventID, body.decoder.reconnectionTime)
        }
        #expect(lastID.0 == "7")
        #expect(lastID.1 == 2500)
    }
}

@Suite("HTTPEventStream: how a body ends")
struct BodyEndTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var body: String
        var end: HTTPStreamEnd
        var events: [String]
        var testDescription: String { body.debugDescription }
    }

    static let sseCases: [Case] = [
        Case(body: "data: a\n\n", end: .complete, events: ["a"]),
        Case(body: "data: a\r\n\r\n", end: .complete, events: ["a"]),
        Case(body: "data: a\n\n: trailing comment\n", end: .complete, events: ["a"]),
        Case(body: "data: a\n\ndata: b", end: .truncated, events: ["a"]),
        Case(body: "data: a\n\ndata: b\n", end: .truncated, events: ["a"]),
        Case(body: "data: a\n\nid: 9\n", end: .truncated, events: ["a"]),
        Case(body: "data: a\n\n: cut comm", end: .truncated, events: ["a"]),
        Case(body: "", end: .complete, events: []),
    ]

    @Test("SSE: EOF mid-line or mid-event is truncated and the pending event is discarded (HTML §9.2.6)",
          arguments: sseCases)
    func sseEnd(_ vector: Case) async throws {
        let bytes = Array(vector.body.utf8)
        let outcome = try await withStream(script: { _ in
            [sseHead([("Content-Length", "\(bytes.count)")]), .send(bytes)]
        }) { stream, server in await runSSE(stream, server) }
        #expect(outcome.error == nil)
        #expect(outcome.end == vector.end)
        #expect(outcome.items.compactMap { if case let .event(event) = $0 { event.data } else { nil } } == vector.events)
    }

    @Test("NDJSON: a last line without LF is decoded and the end is truncated")
    func ndjsonEnd() async throws {
        let line = #"{"type":"heartbeat","connection_id":"c","subscription_id":1,"timestamp":"t"}"#
        for (body, end) in [(line + "\n", HTTPStreamEnd.complete), (line, .truncated)] {
            let bytes = Array(body.utf8)
            let outcome = try await withStream(script: { _ in
                [.head(200, "OK", [("Content-Type", "application/json"), ("Content-Length", "\(bytes.count)")]),
                 .send(bytes)]
            }) { stream, server in await runNDJSON(stream, server) }
            #expect(outcome.error == nil)
            #expect(outcome.end == end)
            #expect(outcome.items.count == 1)
        }
    }

    @Test("a connection closed before the body's framing ends fails with connection-closed", arguments: [
        [sseHead([("Content-Length", "1000")]), .text("data: a\n\ndata: b"), .close],
        [sseHead([("Transfer-Encoding", "chunked")]), .chunk(Array("data: a\n\ndata: b".utf8)), .close],
    ] as [[ServerStep]])
    func cutBody(_ steps: [ServerStep]) async throws {
        let outcome = try await withStream(script: { _ in steps }) { stream, server in await runSSE(stream, server) }
        #expect(outcome.streamError?.code == "connection-closed")
        #expect(outcome.items == [.event(SSEEvent(data: "a"))])
    }
}
