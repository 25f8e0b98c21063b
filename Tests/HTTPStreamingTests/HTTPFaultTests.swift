import HTTPStreaming
import EventStreamer
import SSE
import AsyncHTTPClient
import Codecs
import NIOPosix
import Reconnect
import StreamTesting
import NIOConcurrencyHelpers
import Testing

@Suite("HTTPEventStream: answers that are not a stream")
struct StatusTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var status: Int
        var reason: String
        var headers: [(String, String)]
        var body: String
        var retryAfter: RetryAfter?
        var checkedHeader: (String, String)?
        var testDescription: String { "\(status)" }
    }

    static let cases: [Case] = [
        Case(status: 401, reason: "Unauthorized",
             headers: [("WWW-Authenticate", #"Bearer realm="events""#), ("Content-Type", "application/json")],
             body: #"{"error":"unauthorized"}"#, retryAfter: nil,
             checkedHeader: ("WWW-Authenticate", #"Bearer realm="events""#)),
        Case(status: 429, reason: "Too Many Requests", headers: [("Retry-After", "120")], body: "slow down",
             retryAfter: .seconds(120), checkedHeader: ("Retry-After", "120")),
        Case(status: 503, reason: "Service Unavailable", headers: [("Retry-After", "Sun, 06 Nov 1994 08:49:37 GMT")],
             body: "", retryAfter: .date(secondsSinceEpoch: 784_111_777),
             checkedHeader: ("Retry-After", "Sun, 06 Nov 1994 08:49:37 GMT")),
        Case(status: 204, reason: "No Content", headers: [("X-Reason", "done")], body: "", retryAfter: nil,
             checkedHeader: ("X-Reason", "done")),
        Case(status: 500, reason: "Internal Server Error", headers: [("Content-Type", "text/event-stream")],
             body: "data: not an event\n\n", retryAfter: nil, checkedHeader: nil),
    ]

    @Test("a non-streaming status surfaces as unexpected-status with status, headers, Retry-After and body",
          arguments: cases)
    func statusSurfaces(_ vector: Case) async throws {
        let body = Array(vector.body.utf8)
        let outcome = try await withStream(script: { _ in
            let length = vector.status == 204 ? [] : [("Content-Length", "\(body.count)")]
            return [.head(vector.status, vector.reason, vector.headers + length), .send(body)]
        }) { stream, server in await runSSE(stream, server) }
        let error = try #require(outcome.streamError)
        #expect(error.code == "unexpected-status")
        let response = try #require(error.response)
        #expect(response.status == vector.status)
        #expect(response.body == body)
        #expect(response.bodyTruncated == false)
        #expect(response.retryAfter == vector.retryAfter)
        if let (name, value) = vector.checkedHeader { #expect(response.headers.first(name: name) == value) }
        #expect(outcome.items.isEmpty)
        #expect(outcome.opened.isEmpty)
    }

    @Test("an error body is kept up to 64 KiB and marked truncated beyond")
    func errorBodyBounded() async throws {
        let outcome = try await withStream(script: { _ in
            [.head(503, "Service Unavailable", [("Content-Length", "10000000000")]),
             .endless(pattern: Array("overloaded ".utf8), total: 10_000_000_000)]
        }) { stream, server in await runSSE(stream, server) }
        let response = try #require(outcome.streamError?.response)
        #expect(response.body.count == 65536)
        #expect(response.bodyTruncated)
        #expect(response.body.starts(with: Array("overloaded overloaded".utf8)))
    }

    @Test("a 200 whose Content-Type is not accepted surfaces as unexpected-content-type", arguments: [
        "text/html", "application/json", "",
    ])
    func wrongContentType(_ contentType: String) async throws {
        let outcome = try await withStream(script: { _ in
            let type = contentType.isEmpty ? [] : [("Content-Type", contentType)]
            return [.head(200, "OK", type + [("Content-Length", "9")]), .text("data: x\n\n")]
        }) { stream, server in await runSSE(stream, server) }
        #expect(outcome.streamError?.code == "unexpected-content-type")
        #expect(outcome.streamError?.response?.status == 200)
        #expect(outcome.items.isEmpty)
    }

    @Test("the media type is compared without parameters and case", arguments: [
        "text/event-stream", "Text/Event-Stream; charset=utf-8", " text/event-stream ;charset=UTF-8",
    ])
    func contentTypeParameters(_ contentType: String) async throws {
        let outcome = try await withStream(script: { _ in
            [.head(200, "OK", [("Content-Type", contentType), ("Content-Length", "9")]), .text("data: x\n\n")]
        }) { stream, server in await runSSE(stream, server) }
        #expect(outcome.error == nil)
        #expect(outcome.items == [.event(SSEEvent(data: "x"))])
    }
}

@Suite("HTTPEventStream: deadlines")
struct DeadlineTests {
    static let short = HTTPStreamTimeouts(connect: .seconds(5), responseHead: .milliseconds(300), idleRead: .milliseconds(300))
    /// A short idle deadline with a generous head deadline (a first connection under TSan takes longer than 300 ms).
    static let shortIdle = HTTPStreamTimeouts(connect: .seconds(5), responseHead: .seconds(5), idleRead: .milliseconds(300))

    @Test("a server that accepts TCP and says nothing fails with head-timeout")
    func silentServer() async throws {
        let (outcome, elapsed) = try await measure {
            try await withStream(timeouts: Self.short, script: { _ in [] }) { stream, server in
                await runSSE(stream, server)
            }
        }
        #expect(outcome.streamError?.code == "head-timeout")
        #expect(elapsed >= .milliseconds(300))
        #expect(elapsed < .seconds(15), "the code names the deadline that fired; this bound only says nothing hung (server start and stop are timed too)")
    }

    @Test("a response head that never ends (header lines dripped) fails with head-timeout")
    func endlessHeadDrip() async throws {
        // Only the client's run is timed: stopping the dripping server afterwards is not the client's time.
        let (outcome, elapsed) = try await withStream(timeouts: Self.short, script: { _ in
            [.text("HTTP/1.1 200 OK\r\n")]
                + (0..<100).flatMap { [ServerStep.text("X-Line-\($0): v\r\n"), .pause(milliseconds: 50)] }
        }) { stream, server in await measure { await runSSE(stream, server) } }
        #expect(outcome.streamError?.code == "head-timeout")
        #expect(elapsed < .milliseconds(4500), "before the 5 s drip could have finished the head")
    }

    @Test("a response head larger than the parser's limit fails with head-too-large, memory bounded")
    func endlessHeadFast() async throws {
        let (outcome, server) = try await withStream(script: { _ in
            [.text("HTTP/1.1 200 OK\r\n"), .endless(pattern: Array("X-Pad: aaaaaaaaaaaaaaaaaaaaaaaa\r\n".utf8), total: 1 << 34)]
        }) { stream, server in (await runSSE(stream, server), server) }
        #expect(outcome.streamError?.code == "head-too-large")
        #expect(server.bytesWritten < 64 << 20)
    }

    @Test("a stall after the head fails with idle-timeout after the items that came")
    func stallAfterHead() async throws {
        let (outcome, elapsed) = try await measure {
            try await withStream(timeouts: Self.shortIdle, script: { _ in [sseHead(), .text("data: a\n\n")] }) { stream, server in
                await runSSE(stream, server)
            }
        }
        #expect(outcome.streamError?.code == "idle-timeout")
        #expect(outcome.items == [.event(SSEEvent(data: "a"))])
        #expect(elapsed >= .milliseconds(300))
        #expect(elapsed < .seconds(15), "the code names the deadline that fired; this bound only says nothing hung (server start and stop are timed too)")
    }

    @Test("SSE comments keep the stream alive: they are bytes")
    func commentsAreTraffic() async throws {
        // 3 s of pings 100 ms apart against a 1.5 s idle deadline: the stream outlives the deadline twice over
        // on comments alone, and a gap would have to be 15x the ping interval to fire it on a loaded machine.
        let timeouts = HTTPStreamTimeouts(connect: .seconds(5), responseHead: .seconds(5), idleRead: .milliseconds(1500))
        let outcome = try await withStream(timeouts: timeouts, script: { _ in
            [sseHead()] + (0..<30).flatMap { _ in [ServerStep.text(": ping\n"), .pause(milliseconds: 100)] }
                + [.text("data: done\n\n"), .close]
        }) { stream, server in await runSSE(stream, server) }
        #expect(outcome.error == nil)
        #expect(outcome.items == [.event(SSEEvent(data: "done"))])
    }

    @Test("time the consumer spends on items is not idle time")
    func slowConsumerIsNotIdle() async throws {
        let outcome = try await withStream(timeouts: Self.shortIdle, script: { _ in
            [sseHead(), .text("data: 1\n\n"), .pause(milliseconds: 50), .text("data: 2\n\n"), .close]
        }) { stream, server in
            await runSSE(stream, server) { item in
                if item == .event(SSEEvent(data: "1")) { try await Task.sleep(for: .milliseconds(900)) }
            }
        }
        #expect(outcome.error == nil)
        #expect(outcome.items == [.event(SSEEvent(data: "1")), .event(SSEEvent(data: "2"))])
    }

    @Test("the idle deadline runs on the injected clock: it fires when virtual time passes it, not before")
    func idleOnVirtualClock() async throws {
        let clock = VirtualClock()
        let timeouts = HTTPStreamTimeouts(connect: .seconds(5), responseHead: .seconds(30), idleRead: .seconds(10))
        let fired = try await withStream(timeouts: timeouts, clock: clock, script: { _ in
            [sseHead(), .text("data: a\n\n")]
        }) { stream, server -> (String, Duration)? in
            let (signal, continuation) = AsyncStream<Void>.makeStream()
            let finished = NIOLockedValueBox<String?>(nil)
            let run = Task {
                let outcome = await runSSE(stream, server) { _ in continuation.yield() }
                finished.withLockedValue { $0 = outcome.streamError?.code ?? "no error" }
            }
            var iterator = signal.makeAsyncIterator()
            await iterator.next()
            let start = clock.now
            for _ in 0..<40 {
                try await Task.sleep(for: .milliseconds(25))
                if let code = finished.withLockedValue({ $0 }) { return (code, start.duration(to: clock.now)) }
                clock.advance(by: .seconds(1))
            }
            run.cancel()
            return nil
        }
        let (code, elapsed) = try #require(fired)
        #expect(code == "idle-timeout")
        #expect(elapsed >= .seconds(10))
        #expect(elapsed <= .seconds(12))
    }
}

@Suite("HTTPEventStream: limits and backpressure")
struct LimitTests {
    @Test("a 10 GB SSE body with no newline fails with the decoder's line-too-long, reading a bounded amount")
    func sseEndlessLine() async throws {
        let (outcome, server) = try await withStream(script: { _ in
            [sseHead([("Content-Length", "10000000000")]), .text("data: "),
             .endless(pattern: Array(repeating: UInt8(ascii: "x"), count: 64), total: 10_000_000_000 - 6)]
        }) { stream, server in (await runSSE(stream, server), server) }
        let error = try #require(outcome.streamError)
        #expect(error.code == "decoding-failed")
        guard case let .decoding(underlying) = error.kind else { Issue.record("not a decoding error"); return }
        #expect(underlying.code == "line-too-long")
        #expect(underlying.offset == SSELimits().maxLineLength)
        // The client stopped at the limit; what the server got rid of is the limit plus socket buffers.
        #expect(server.bytesWritten < 64 << 20)
    }

    @Test("a 10 GB NDJSON body with no newline is reported as line-too-long within the limit; the consumer ends it")
    func ndjsonEndlessLine() async throws {
        var limits = NDJSONLimits()
        limits.maxLineLength = 64 << 10
        let (outcome, server) = try await withStream(script: { _ in
            [.head(200, "OK", [("Content-Type", "application/x-ndjson"), ("Content-Length", "10000000000")]),
             .endless(pattern: Array(repeating: UInt8(ascii: "x"), count: 64), total: 10_000_000_000)]
        }) { stream, server in
            (await runNDJSON(stream, server, decoder: EventStreamDecoder(lineLimits: limits)) { item in
                if case let .rejected(error, _) = item, error.code == "line-too-long" { throw ConsumerStop() }
            }, server)
        }
        #expect(outcome.error is ConsumerStop)
        #expect(outcome.items.count == 1)
        #expect(server.bytesWritten < 64 << 20)
    }

    @Test("a consumer that stops taking items stops the reads: the server's writes stall, bounded")
    func backpressure() async throws {
        let event = Array("data: 0123456789abcdef0123456789abcdef\n\n".utf8)
        let samples = try await withStream(script: { _ in
            [sseHead([("Content-Length", "10000000000")]), .endless(pattern: event, total: 10_000_000_000 / event.count * event.count)]
        }) { stream, server -> (Int, Int, Int) in
            var count = 0
            var samples = (0, 0, 0)
            _ = await runSSE(stream, server) { _ in
                count += 1
                guard count == 1 else { return }
                try await Task.sleep(for: .milliseconds(500))
                let first = server.bytesWritten
                try await Task.sleep(for: .milliseconds(300))
                samples = (first, server.bytesWritten, count)
                throw ConsumerStop()
            }
            return samples
        }
        #expect(samples.0 == samples.1)
        #expect(samples.0 < 32 << 20)
        #expect(samples.2 == 1)
    }
}

@Suite("HTTPControlRequest")
struct ControlRequestTests {
    @Test("a JSON POST goes through the stream's client and returns the answer")
    func postJSON() async throws {
        let (response, requests) = try await withStream(script: { _ in
            let body = Array(#"{"ok":true}"#.utf8)
            return [.head(200, "OK", [("Content-Type", "application/json"), ("Content-Length", "\(body.count)")]), .send(body)]
        }) { stream, server in
            let response = try await stream.send(.postJSON(
                url: server.url + "/ack", json: Array(#"{"batch_id":"b1"}"#.utf8), authorization: Secret("Bearer t")))
            return (response, server.requests)
        }
        #expect(response.status == 200)
        #expect(response.body == Array(#"{"ok":true}"#.utf8))
        let request = try #require(requests.first)
        #expect(request.requestLine == "POST /ack HTTP/1.1")
        #expect(request.header("Content-Type") == "application/json")
        #expect(request.header("Authorization") == "Bearer t")
        #expect(request.body == Array(#"{"batch_id":"b1"}"#.utf8))
    }

    @Test("a 401 answer to a control request surfaces as unexpected-status")
    func controlStatus() async throws {
        let error = try await withStream(script: { _ in
            [.head(401, "Unauthorized", [("Content-Length", "0")])]
        }) { stream, server -> HTTPStreamError? in
            do {
                _ = try await stream.send(.postJSON(url: server.url + "/token", json: Array("{}".utf8)))
                return nil
            } catch {
                return error as? HTTPStreamError
            }
        }
        #expect(error?.code == "unexpected-status")
        #expect(error?.response?.status == 401)
    }

    @Test("a control request to a silent server fails with request-timeout")
    func controlTimeout() async throws {
        let error = try await withStream(script: { _ in [] }) { stream, server -> HTTPStreamError? in
            do {
                _ = try await stream.send(HTTPControlRequest(
                    method: .POST, url: server.url + "/hb", body: [], timeout: .milliseconds(300)))
                return nil
            } catch {
                return error as? HTTPStreamError
            }
        }
        #expect(error?.code == "request-timeout")
    }
}

@Suite("HTTPEventStream: connecting")
struct ConnectTests {
    @Test("a closed port fails with connection-refused (tcp-refused to the classifier) within the connect timeout")
    func refused() async throws {
        // A port that was just bound and released: nothing listens on it.
        let server = try await ScriptedHTTPServer.start { _ in [] }
        let url = server.url
        await server.stop()
        let timeouts = HTTPStreamTimeouts(connect: .milliseconds(500), responseHead: .seconds(5), idleRead: .seconds(5))
        let client = HTTPClient(
            eventLoopGroup: MultiThreadedEventLoopGroup.singleton,
            configuration: HTTPEventStream.clientConfiguration(timeouts: timeouts))
        let stream = HTTPEventStream(client: client, timeouts: timeouts)
        var decoder = SSEBodyDecoder()
        let (error, elapsed) = await measure { () -> (any Error)? in
            do {
                _ = try await stream.run(.serverSentEvents(url: url), decoder: &decoder, onItem: { _ in })
                return nil
            } catch {
                return error
            }
        }
        try await client.shutdown()
        let streamError = try #require(error as? HTTPStreamError)
        #expect(streamError.code == "connection-refused")
        #expect(streamError.connectionOutcome == .tcpRefused)
        #expect(elapsed < .seconds(5))
    }
}
