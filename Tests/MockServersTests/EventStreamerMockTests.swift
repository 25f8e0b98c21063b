import Codecs
import EventStreamer
import Foundation
import MockServers
import Testing

/// The Event Streamer mock read by our `EventStreamDecoder`; resume tokens, acks and faults at the byte level.
struct EventStreamerMockTests {
    static let fixture = "eventstreamer/stream-heartbeats-batches-error"

    static func make(_ options: MockServerOptions) throws -> any MockService {
        try EventStreamerMock(fixture: try FixtureInput.load(fixturesRoot + "/" + fixture))
    }

    static func decode(_ body: [UInt8]) -> (batches: [StreamingEventBatch], errors: [String], messages: [StreamingMessage]) {
        var decoder = EventStreamDecoder()
        body.withUnsafeBytes { decoder.feed($0) }
        decoder.finish()
        var batches: [StreamingEventBatch] = []
        var errors: [String] = []
        var messages: [StreamingMessage] = []
        while let item = decoder.next() {
            switch item {
            case .message(let message, _):
                messages.append(message)
                if case .eventBatch(let batch) = message { batches.append(batch) }
            case .rejected(let error, _): errors.append(error.code)
            }
        }
        return (batches, errors, messages)
    }

    /// The reference peer's (the SDK's model_dump) view of the fixture's batches: their event groups.
    static func referenceEventNames() throws -> [[String]] {
        try expectedLines(fixture).filter { $0["type"] == .string("event_batch") }.map { line in
            guard case .object(let members)? = line["events"] else { return [] }
            return members.map(\.key)
        }
    }

    @Test("batches are the fixture's in order with fresh batch_id/resume_token, X-Connection-Id set, chunked")
    func servesBatches() async throws {
        let server = try await startMock(Self.make) { $0.count = 5 }
        let r = try #require(try await exchange(server.port, getRequest("/subscriptions/123/stream")).response)
        #expect(r.status == 200)
        #expect(r.header("X-Connection-Id") == "550e8400-e29b-41d4-a716-000000000001")
        #expect(r.complete)
        #expect(r.chunks.allSatisfy { $0.last == 0x0A && $0.dropLast().firstIndex(of: 0x0A) == nil }, "one line per chunk")
        let (batches, errors, _) = Self.decode(r.body)
        #expect(errors.isEmpty)
        #expect(batches.map(\.batchID) == (1...5).map { "batch_\($0)" })
        #expect(batches.map(\.resumeToken) == (1...5).map { "rt_\($0)" })
        #expect(batches.allSatisfy { $0.connectionID == "550e8400-e29b-41d4-a716-000000000001" })
        let reference = try Self.referenceEventNames()
        #expect(batches.map { $0.events.map(\.name) } == (0..<5).map { reference[$0 % reference.count] })
        await server.stop()
    }

    @Test("a reconnect with resume_token rt_N continues at batch N+1: nothing lost, nothing repeated")
    func resumeExactlyOnce() async throws {
        let server = try await startMock(Self.make) {
            $0.count = 9
            $0.faults = [try! FaultSpec.parse("drop-after:4@1")]
        }
        let first = Self.decode(try #require(try await exchange(server.port, getRequest("/subscriptions/123/stream")).response).body)
        let token = try #require(first.batches.last?.resumeToken)
        let second = Self.decode(try #require(try await exchange(
            server.port, getRequest("/subscriptions/123/stream?resume_token=\(token)")).response).body)
        #expect((first.batches + second.batches).map(\.batchID) == (1...9).map { "batch_\($0)" })
        #expect(logEvents(server, "request").map { $0["resume_token"] } == [.null, .string("rt_4")])
        await server.stop()
    }

    @Test("an unknown resume token gets one INVALID_RESUME_TOKEN error line (not recoverable) and the end")
    func invalidResumeToken() async throws {
        let server = try await startMock(Self.make)
        let r = try #require(try await exchange(server.port, getRequest("/subscriptions/123/stream?resume_token=rt_99")).response)
        let messages = Self.decode(r.body).messages
        #expect(messages.count == 1)
        guard case .error(let error)? = messages.first else { Issue.record("no error line"); return }
        #expect(error.errorCode == "INVALID_RESUME_TOKEN")
        #expect(!error.recoverable)
        #expect(r.complete)
        await server.stop()
    }

    @Test("drop-mid:N cuts inside line N+1's chunk; garbage:N makes our decoder reject line N+1 as json-unexpected-end")
    func cutAndGarbage() async throws {
        let server = try await startMock(Self.make) {
            $0.faults = [try! FaultSpec.parse("drop-mid:2@1"), try! FaultSpec.parse("garbage:1@2"),
                         try! FaultSpec.parse("drop-after:3@2")]
        }
        let cut = try #require(try await exchange(server.port, getRequest("/subscriptions/1/stream")).response)
        #expect(Self.decode(cut.body).batches.count == 2)
        let piece = try #require(cut.cutChunk)
        #expect(piece.received.count == piece.declared / 2 && !piece.received.contains(0x0A))
        let garbage = try #require(try await exchange(server.port, getRequest("/subscriptions/1/stream")).response)
        let decoded = Self.decode(garbage.body)
        #expect(decoded.errors == ["json-unexpected-end"])
        #expect(decoded.batches.count == 2)
        await server.stop()
    }

    @Test("bulk acks are logged with their batch ids; an unknown connection id gets 404 Connection not found")
    func acks() async throws {
        let server = try await startMock(Self.make) { $0.count = 2 }
        _ = try await exchange(server.port, getRequest("/subscriptions/123/stream"))
        let body = #"{"batch_ids":["batch_1","batch_2"],"connection_id":"550e8400-e29b-41d4-a716-000000000001"}"#
        func post(_ path: String) -> [UInt8] {
            Array("POST \(path) HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\nConnection: close\r\n\r\n\(body)".utf8)
        }
        let ok = try #require(try await exchange(server.port, post("/subscriptions/123/stream/550e8400-e29b-41d4-a716-000000000001/ack/batch/bulk")).response)
        #expect(ok.status == 200)
        let reply = try JSONValue.parse(ok.body)
        #expect(reply["acknowledged_batches"] == .number(JSONNumber(2)))
        #expect(logEvents(server, "ack").first?["batch_ids"] == .array([.string("batch_1"), .string("batch_2")]))
        let gone = try #require(try await exchange(server.port, post("/subscriptions/123/stream/nope/ack/batch/bulk")).response)
        #expect(gone.status == 404)
        #expect(String(decoding: gone.body, as: UTF8.self).contains("Connection not found"))
        await server.stop()
    }
}
