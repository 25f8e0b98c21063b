import AsyncHTTPClient
import EventStreamer
import HTTPStreaming
import Reconnect
import SSE
import NIOPosix
import Testing

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The aiohttp server's base URL, set by `.ci/steps/47-http-streaming.sh` (Tests/Interop/http_stream_server.py).
let aiohttpURL: String? = getenv("HTTP_STREAM_SERVER_URL").map { String(cString: $0) }

/// Against a real HTTP server we did not write (aiohttp 3.14.5), run in CI only.
@Suite("HTTPEventStream against aiohttp", .enabled(if: aiohttpURL != nil, "HTTP_STREAM_SERVER_URL is not set"))
struct AiohttpInteropTests {
    let base = aiohttpURL ?? ""
    let timeouts = HTTPStreamTimeouts(connect: .seconds(5), responseHead: .seconds(5), idleRead: .milliseconds(500))

    func withClient<R>(_ body: (HTTPEventStream) async throws -> R) async throws -> R {
        let client = HTTPClient(
            eventLoopGroup: MultiThreadedEventLoopGroup.singleton,
            configuration: HTTPEventStream.clientConfiguration(timeouts: timeouts))
        do {
            let result = try await body(HTTPEventStream(client: client, timeouts: timeouts))
            try await client.shutdown()
            return result
        } catch {
            try? await client.shutdown()
            throw error
        }
    }

    func sse(_ path: String) async throws -> Outcome<SSEItem<SSEEvent>> {
        try await withClient { stream in
            var outcome = Outcome<SSEItem<SSEEvent>>()
            var decoder = SSEBodyDecoder()
            do {
                outcome.end = try await stream.run(
                    .serverSentEvents(url: base + path), decoder: &decoder,
                    onOpen: { outcome.opened.append($0) }, onItem: { outcome.items.append($0) })
            } catch {
                outcome.error = error
            }
            return outcome
        }
    }

    @Test("chunked, Content-Length and 1-byte drip bodies give the spec's items", arguments: [
        "/sse/chunked", "/sse/length", "/sse/drip",
    ])
    func framings(_ path: String) async throws {
        let outcome = try await sse(path)
        #expect(outcome.error == nil)
        #expect(outcome.items == sseExpected)
        #expect(outcome.end == .complete)
        #expect(outcome.opened.first?.headers.first(name: "Content-Type")?.hasPrefix("text/event-stream") == true)
    }

    @Test("a stall after one event fails with idle-timeout")
    func stall() async throws {
        let (outcome, elapsed) = try await measure { try await sse("/sse/stall") }
        #expect(outcome.items == [.event(SSEEvent(data: "a"))])
        #expect(outcome.streamError?.code == "idle-timeout")
        #expect(elapsed < .seconds(15), "the code names the deadline that fired; this bound only says nothing hung")
    }

    @Test("401, 429 + Retry-After, 503 + Retry-After date and 204 surface with their headers")
    func statuses() async throws {
        let cases: [(String, Int, String, String, RetryAfter?)] = [
            ("/status/401", 401, "WWW-Authenticate", #"Bearer realm="events""#, nil),
            ("/status/429", 429, "Retry-After", "120", .seconds(120)),
            ("/status/503", 503, "Retry-After", "Sun, 06 Nov 1994 08:49:37 GMT",
             .date(secondsSinceEpoch: 784_111_777)),
            ("/status/204", 204, "X-Reason", "done", nil),
        ]
        for (path, status, header, value, retryAfter) in cases {
            let outcome = try await sse(path)
            #expect(outcome.streamError?.code == "unexpected-status", "\(path)")
            let response = try #require(outcome.streamError?.response, "\(path)")
            #expect(response.status == status)
            #expect(response.headers.first(name: header) == value, "\(path)")
            #expect(response.retryAfter == retryAfter, "\(path)")
        }
        let unauthorized = try await sse("/status/401")
        #expect(unauthorized.streamError?.response?.body == Array(#"{"error":"unauthorized"}"#.utf8))
    }

    @Test("an NDJSON stream gives one heartbeat per line")
    func ndjson() async throws {
        let items = try await withClient { stream in
            var items: [EventStreamDecoder.Item] = []
            var decoder = EventStreamBodyDecoder()
            _ = try await stream.run(.ndjson(url: base + "/ndjson"), decoder: &decoder, onItem: { items.append($0) })
            return items
        }
        let ids = items.compactMap { item -> String? in
            guard case let .message(.heartbeat(heartbeat), _) = item else { return nil }
            return heartbeat.connectionID
        }
        #expect(ids == ["c1", "c2", "c3"])
    }

    @Test("a control POST reaches aiohttp with its JSON body")
    func control() async throws {
        let response = try await withClient { stream in
            try await stream.send(.postJSON(url: base + "/control", json: Array(#"{"ack":1}"#.utf8)))
        }
        #expect(response.status == 200)
        #expect(String(decoding: response.body, as: UTF8.self)
            == #"{"method": "POST", "content_type": "application/json", "length": 9}"#)
    }
}
