@testable import Clients
import Codecs
import EventStreamer
import MockServers
import Reconnect
import Sessions
import StreamTesting
import Testing

/// The Event Streamer client against the Event Streamer mock (issue 17, service-profiles §3): exactly-once
/// resume by resume token at every drop position and over 100 random drops, bulk acks, client heartbeat,
/// `error` lines; each beside a deliberately broken variant that the same check rejects.
@Suite struct EventStreamerClientTests {
    static let total = 20

    /// Recommended, resuming from `rt_0` (the mock's "before the first batch"), retrying after 5 ms.
    static func configuration(_ server: MockServer) -> EventStreamerSessionConfiguration {
        var configuration = EventStreamerSessionConfiguration.recommended(baseURL: server.url, subscriptionID: "123")
        configuration.resumeToken = "rt_0"
        configuration.policy.backoff = .fixed(.milliseconds(5))
        return configuration
    }

    static func client(
        _ configuration: EventStreamerSessionConfiguration, clock: some Clock<Duration> = ContinuousClock(),
        defects: EventStreamerClientDefects = EventStreamerClientDefects(),
        http: HTTPClientConfiguration = HTTPClientConfiguration()
    ) throws -> EventStreamerClient {
        try EventStreamerClient(
            configuration, credentials: nil, http: http, clock: clock,
            random: SeededRandom(state: 4), defects: defects)
    }

    static func mock(_ faults: [String] = [], count: Int? = total) async throws -> (MockServer, EventStreamerMock) {
        let specs = try faults.map { spec throws in try FaultSpec.parse(spec) }
        return try await startHTTPMock(makeEventStreamerMock) { options in
            options.faults = specs
            options.count = count
        }
    }

    /// What the mock sent at `positions`: `batch_<p>` with the fixture's event names (the mock's rule).
    static func sent(_ mock: EventStreamerMock, _ positions: ClosedRange<Int>) -> [String] {
        positions.map { position in
            let batch = mock.batches[(position - 1) % mock.batches.count]
            return "batch_\(position)|rt_\(position)|" + batch.events.map(\.name).joined(separator: ",")
        }
    }

    static func received(_ batches: [StreamingEventBatch]) -> [String] {
        batches.map { "\($0.batchID)|\($0.resumeToken)|" + $0.events.map(\.name).joined(separator: ",") }
    }

    static func run(_ fault: String, defects: EventStreamerClientDefects = EventStreamerClientDefects())
        async throws -> (received: [String], sent: [String], server: MockServer)
    {
        let (server, mock) = try await Self.mock([fault])
        let client = try Self.client(Self.configuration(server), defects: defects)
        let (batches, _) = await collect(client.events, count: Self.total, timeout: .seconds(10))
        await client.stop()
        await server.stop()
        return (Self.received(batches), Self.sent(mock, 1...Self.total), server)
    }

    // MARK: - Exactly once

    @Test("drop-mid:N at every position: the consumer sees the sent batches exactly, resumed by resume token",
          arguments: Array(0..<total))
    func dropMidEveryPosition(position: Int) async throws {
        let result = try await Self.run("drop-mid:\(position)@1")
        #expect(result.received == result.sent)
        let resumed = mockLog(result.server, "request").filter { $0["path"] == .string("/subscriptions/123/stream") }
        // The last batch handed to the consumer: `position`, or fewer when the drop was seen before the buffers
        // read ahead were delivered (those batches are then resent, not lost).
        let token = resumed.dropFirst().first?["resume_token"]?.stringValue
        let resumedFrom = token.flatMap { $0.hasPrefix("rt_") ? Int($0.dropFirst(3)) : nil }
        #expect(resumedFrom.map { (0...position).contains($0) } == true)
    }

    @Test("drop-after:N at every position: exactly the sent batches", arguments: Array(0..<total))
    func dropAfterEveryPosition(position: Int) async throws {
        let result = try await Self.run("drop-after:\(position)@1")
        #expect(result.received == result.sent)
    }

    @Test("broken client resuming from its starting token (the SDK's only mode): batches repeat, the check catches it")
    func brokenClientRepeats() async throws {
        let result = try await Self.run("drop-after:5@1", defects: EventStreamerClientDefects(forgetsResumeToken: true))
        #expect(result.received != result.sent)
        #expect(Set(result.received).count < result.received.count, "batches were delivered twice")
        #expect(result.received.dropFirst().contains(result.sent[0]), "the reconnect replayed from the start")
    }

    @Test("every delivered batch is acknowledged exactly once (bulk ack on stop), across a drop")
    func deliveredBatchesAreAcknowledged() async throws {
        let result = try await Self.run("drop-mid:7@1")
        #expect(result.received == result.sent)
        let acked = mockLog(result.server, "ack").flatMap { line -> [String] in
            guard case let .array(ids)? = line["batch_ids"] else { return [] }
            return ids.compactMap(\.stringValue)
        }
        #expect(acked.sorted() == (1...Self.total).map { "batch_\($0)" }.sorted())
        #expect(mockLog(result.server, "ack").allSatisfy { $0["bulk"] == .bool(true) })
    }

    @Test("100 seeded random drops over 10,000 batches: exactly the sent sequence, in bounded time")
    func randomDropsOverTenThousandBatches() async throws {
        var random = SeededRandom(state: 0xE5)
        var faults: [String] = []
        for attempt in 1...100 {
            let kind = random.next() % 2 == 0 ? "drop-mid" : "drop-after"
            faults.append("\(kind):\(Int(random.next() % 180))@\(attempt)")
        }
        let count = 10_000
        let (server, mock) = try await Self.mock(faults, count: count)
        var configuration = Self.configuration(server)
        configuration.policy.backoff = .fixed(.milliseconds(1))
        let client = try Self.client(configuration)
        let started = ContinuousClock.now
        let (batches, _) = await collect(client.events, count: count, timeout: .seconds(60))
        let elapsed = ContinuousClock.now - started
        await client.stop()
        await server.stop()
        let streams = mockLog(server, "request").filter { $0["path"] == .string("/subscriptions/123/stream") }.count
        #expect(Self.received(batches) == Self.sent(mock, 1...count))
        #expect(streams >= 101)
        #expect(elapsed < .seconds(60))
        print("eventstreamer random drops: \(count) batches, \(streams) connections, \(elapsed)")
    }

    // MARK: - Acks and heartbeat on the clock

    @Test("bulk ack of every delivered batch after 3 s, client heartbeat after 30 s (virtual time)")
    func ackAndHeartbeatTimers() async throws {
        let (server, _) = try await Self.mock(count: nil)
        let clock = VirtualClock()
        let client = try Self.client(Self.configuration(server), clock: clock)
        let (batches, _) = await collect(client.events, count: 5, timeout: .seconds(5))
        #expect(batches.count == 5)
        clock.advance(by: .seconds(3))
        #expect(await waitForLog(server) { !mockLog($0, "ack").isEmpty })
        let ack = mockLog(server, "ack").first
        guard case let .array(acked)? = ack?["batch_ids"] else {
            Issue.record("no batch_ids in the ack")
            return
        }
        #expect(acked.count >= 5)
        #expect(acked == (1...acked.count).map { .string("batch_\($0)") }, "every decoded batch, in order, in one ack")
        #expect(ack?["bulk"] == .bool(true))
        #expect(!mockLog(server, "request").contains { $0["path"]?.stringValue?.hasSuffix("/heartbeat") == true })
        clock.advance(by: .seconds(27))
        #expect(await waitForLog(server) { server in
            mockLog(server, "request").contains { $0["path"]?.stringValue?.hasSuffix("/heartbeat") == true }
        })
        let heartbeat = mockLog(server, "request").first { $0["path"]?.stringValue?.hasSuffix("/heartbeat") == true }
        #expect(heartbeat?["path"] == .string("/stream/550e8400-e29b-41d4-a716-000000000001/heartbeat"))
        #expect(heartbeat?["status"] == .number(JSONNumber(200)))
        await client.stop()
        await server.stop()
    }

    @Test("broken variant without a client heartbeat sends none after 30 s: the heartbeat check rejects it")
    func brokenClientSendsNoHeartbeat() async throws {
        let (server, _) = try await Self.mock(count: nil)
        let clock = VirtualClock()
        let client = try Self.client(Self.configuration(server), clock: clock, defects: EventStreamerClientDefects(skipsHeartbeat: true))
        _ = await collect(client.events, count: 5, timeout: .seconds(5))
        clock.advance(by: .seconds(30))
        #expect(await waitForLog(server) { !mockLog($0, "ack").isEmpty })
        try await Task.sleep(for: .milliseconds(200))
        #expect(!mockLog(server, "request").contains { $0["path"]?.stringValue?.hasSuffix("/heartbeat") == true })
        await client.stop()
        await server.stop()
    }

    // MARK: - error lines

    @Test("an error line with recoverable:false gives up (INVALID_RESUME_TOKEN), one request")
    func unrecoverableErrorLineGivesUp() async throws {
        let (server, _) = try await Self.mock()
        var configuration = Self.configuration(server)
        configuration.resumeToken = "x&n=5"
        let client = try Self.client(configuration)
        let log = StatusLog(client.status)
        let (batches, error) = await collect(client.events, count: 1, timeout: .seconds(5))
        await client.finished()
        #expect(batches.isEmpty)
        #expect((error as? ReconnectFailure)?.reason == "invalid-resume-token")
        #expect(await log.wait { $0.last == .failed("invalid-resume-token") })
        let streams = mockLog(server, "request").filter { $0["path"] == .string("/subscriptions/123/stream") }
        #expect(streams.count == 1)
        #expect(streams.first?["resume_token"] == .string("x&n=5"), "the token arrives whole: it was URL-encoded")
        await server.stop()
    }

    @Test("broken variant treating every error line as recoverable loops on the bad token: the give-up check rejects it")
    func brokenClientRetriesUnrecoverable() async throws {
        let (server, _) = try await Self.mock()
        var configuration = Self.configuration(server)
        configuration.resumeToken = "bogus"
        configuration.classifier = configuration.classifier.overriding(with: [
            ClassifierRule(.serviceError(recoverable: false), .retry),
        ])
        let client = try Self.client(configuration)
        let log = StatusLog(client.status)
        #expect(await log.wait { statuses in statuses.filter { $0 == .lost("invalid-resume-token") }.count >= 2 })
        #expect(!log.all.contains(.failed("invalid-resume-token")))
        await client.stop()
        await server.stop()
    }
}

/// Waits (at most `timeout`) until `match` holds for the server.
func waitForLog(_ server: MockServer, timeout: Duration = .seconds(5), _ match: (MockServer) -> Bool) async -> Bool {
    let clock = ContinuousClock()
    let deadline = clock.now + timeout
    while clock.now < deadline {
        if match(server) { return true }
        try? await Task.sleep(for: .milliseconds(10))
    }
    return match(server)
}

extension JSONValue {
    var stringValue: String? {
        if case let .string(text) = self { return text }
        return nil
    }
}
