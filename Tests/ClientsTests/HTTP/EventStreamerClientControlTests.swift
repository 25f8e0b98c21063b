@testable import Clients
import Codecs
import EventStreamer
import MockServers
import Reconnect
import Sessions
import StreamTesting
import Testing

/// The Event Streamer client's control plane against the mock (issue 17, service-profiles §3.4): the client
/// heartbeat's 404 is a lost connection, and acks cover exactly what reached the consumer, once, sent while the
/// service still knows the connection.
@Suite struct EventStreamerClientControlTests {
    typealias Base = EventStreamerClientTests

    static func streamRequests(_ server: MockServer) -> [JSONValue] {
        mockLog(server, "request").filter { $0["path"] == .string("/subscriptions/123/stream") }
    }

    static func ackedIDs(_ server: MockServer) -> [String] {
        mockLog(server, "ack").flatMap { line -> [String] in
            guard case let .array(ids)? = line["batch_ids"] else { return [] }
            return ids.compactMap(\.stringValue)
        }
    }

    @Test("heartbeat 404 (the service forgot the connection, expire-token) is a lost connection: reconnect at the last delivered batch; a client without the heartbeat never notices",
          arguments: [false, true])
    func heartbeatNotFoundReconnects(broken: Bool) async throws {
        let (server, mock) = try await Base.mock(["expire-token:3@1"], count: nil)
        var configuration = Base.configuration(server)
        configuration.acknowledgement = .manual
        let clock = VirtualClock()
        let client = try Base.client(configuration, clock: clock, defects: EventStreamerClientDefects(skipsHeartbeat: broken))
        let log = StatusLog(client.status)
        let (first, _) = await collect(client.events, count: 5, timeout: .seconds(5))
        #expect(first.count == 5)
        clock.advance(by: .seconds(30))
        let lost = await log.wait(timeout: broken ? .milliseconds(300) : .seconds(10)) {
            $0.contains(.lost("connection-not-found"))
        }
        #expect(lost == !broken)
        if !broken {
            #expect(await log.wait { $0.contains { if case .reconnecting = $0 { true } else { false } } })
            clock.advance(by: .seconds(1))
            let (second, _) = await collect(client.events, count: 10, timeout: .seconds(10))
            #expect(Base.received(first + second) == Base.sent(mock, 1...15), "exactly once across the lost connection")
            let heartbeats = mockLog(server, "request").filter { $0["path"]?.stringValue?.hasSuffix("/heartbeat") == true }
            #expect(heartbeats.first?["status"] == .number(JSONNumber(404)))
            #expect(await waitForLog(server) { Self.streamRequests($0).count >= 2 }, "the reconnect reached the mock")
            let resumed = Self.streamRequests(server).dropFirst().first?["resume_token"]?.stringValue
            let position = resumed.flatMap { $0.hasPrefix("rt_") ? Int($0.dropFirst(3)) : nil }
            #expect(position.map { $0 >= 5 } == true, "resumed after what the consumer had")
        } else {
            #expect(Self.streamRequests(server).count == 1)
        }
        await client.stop()
        await server.stop()
    }

    @Test("automatic acks cover exactly the batches handed to the consumer (up to the resume point), not batches decoded ahead of a stop")
    func acksOnlyDeliveredBatches() async throws {
        let (server, _) = try await Base.mock(count: nil)
        let client = try Base.client(
            Base.configuration(server), clock: VirtualClock(), http: HTTPClientConfiguration(eventBufferLimit: 1))
        let (batches, _) = await collect(client.events, count: 3, timeout: .seconds(5))
        #expect(batches.count == 3)
        await client.stop()
        await server.stop()
        let token = try #require(client.resumeToken)
        let position = try #require(token.hasPrefix("rt_") ? Int(token.dropFirst(3)) : nil)
        #expect((3...4).contains(position), "3 taken, at most one more in the consumer's buffer of 1")
        #expect(Self.ackedIDs(server) == (1...position).map { "batch_\($0)" })
    }

    @Test("a dropped connection's delivered batches are acked when it ends, before the stop (the service forgets it soon)")
    func droppedConnectionAckedAtOnce() async throws {
        let (server, mock) = try await Base.mock(["drop-mid:7@1"])
        let clock = VirtualClock()
        let client = try Base.client(Base.configuration(server), clock: clock)
        let log = StatusLog(client.status)
        #expect(await log.wait { $0.contains { if case .reconnecting = $0 { true } else { false } } })
        clock.advance(by: .seconds(1))
        let (batches, _) = await collect(client.events, count: Base.total, timeout: .seconds(10))
        #expect(Base.received(batches) == Base.sent(mock, 1...Base.total))
        #expect(await waitForLog(server) { !mockLog($0, "ack").isEmpty })
        #expect(await waitForLog(server) { Self.streamRequests($0).count >= 2 }, "the reconnect reached the mock")
        // Conn 1 handed over batches 1...k (k = 7 unless the drop's error overtook the last body buffer, which is
        // then read again from conn 2): the resume token conn 2 asked for names k.
        let resumed = Self.streamRequests(server).dropFirst().first?["resume_token"]?.stringValue
        let handed = try #require(resumed.flatMap { $0.hasPrefix("rt_") ? Int($0.dropFirst(3)) : nil })
        #expect((1...7).contains(handed))
        let first = mockLog(server, "ack").first
        #expect(first?["batch_ids"] == .array((1...handed).map { .string("batch_\($0)") }),
                "conn 1's batches, before any 3 s tick or stop")
        #expect(first?["connection_id"] == .string("550e8400-e29b-41d4-a716-000000000001"))
        await client.stop()
        await server.stop()
        let acked = Self.ackedIDs(server)
        #expect(acked == (1...Base.total).map { "batch_\($0)" }, "every batch once, in order")
    }
}
