import Clients
import Codecs
import ISYXML
import MockServers
import Reconnect
import Sessions
import Synchronization
import Testing

/// Every fault kind of the mock servers (`Docs/fault-grammar.md`) against `StreamCoordinatorClient` and
/// `EisyEventStream` (issue 16 "Bad input and faults"): the first connection ends in the classified outcome (or,
/// for garbage, a skipped notice while the connection goes on), the client reconnects and delivers again, and no
/// event is delivered twice. Timings are shortened on the configuration (backoff 50 ms, liveness 300 ms, attempt
/// timeout 300 ms) so the liveness and attempt deadlines fire within the test; the rules are the profiles'.
@Suite(.serialized) struct ClientFaultTests {
    static func startMock(_ service: some MockService, faults: [String]) async throws -> MockServer {
        var options = MockServerOptions()
        options.fixturesRoot = wsFixturesRoot
        options.rate = 40
        options.quietSeconds = 0.1
        options.heartbeatSeconds = 30
        options.faults = try faults.map { spec throws(FaultSpecError) in try FaultSpec.parse(spec) }
        return try await MockServer.start(service, options: options, log: try ServerLog(path: nil, keepLines: true))
    }

    /// Backoff 50 ms; the liveness window 300 ms for the stall rows and the attempt timeout 1 s for the
    /// slow-accept rows (elsewhere 10 s each, so under load only the fault itself ends a connection).
    static func shorten(_ reconnect: inout SupervisorConfiguration, fault: String) {
        reconnect.policy.backoff = .fixed(.milliseconds(50))
        reconnect.policy.attemptTimeout = fault.hasPrefix("slow-accept") ? .seconds(1) : .seconds(10)
        reconnect.liveness = LivenessRule(
            window: fault.hasPrefix("stall") ? .milliseconds(300) : .seconds(10), outcome: .heartbeatMissed)
    }

    /// Waits (at most 3 s) for a `skipped` notice.
    static func sawSkipped<E>(_ notices: AsyncStream<ClientNotice<E>>) async -> Bool {
        await withTaskGroup(of: Bool.self) { group in
            group.addTask {
                for await notice in notices { if case .skipped = notice { return true } }
                return false
            }
            group.addTask {
                try? await Task.sleep(for: .seconds(3))
                return false
            }
            let first = await group.next() ?? false
            group.cancelAll()
            return first
        }
    }

    /// The first `lost` reason, nil when the trace has none.
    static func firstLost(_ trace: [String]) -> String? { trace.first { $0.hasPrefix("lost(") } }

    /// Fault → the first connection's outcome (nil: no loss, the fault is skipped in place).
    static let streamTable: [(String, String?)] = [
        ("status:503@1", "lost(http-503)"),
        ("drop-after:3@1", "lost(ws-close-1006)"),
        ("drop-mid:3@1", "lost(ws-close-1006)"),
        ("close:1011/3@1", "lost(ws-close-1011)"),
        ("stall:3@1", "lost(heartbeat-missed)"),
        ("garbage:3@1", nil),
        // Stream offers permessage-deflate (§5.2): the 8 MiB message arrives compressed, the inflated size is refused.
        ("oversize:3@1", "lost(ws-message-too-large)"),
        ("slow-accept:3000@1", "lost(connect-timeout)"),
        ("refuse:300@1", "lost(http-unexpected-eof)"),
    ]

    /// §5: each fault against the Stream client; 12 `message.new` events come through in all, ids all distinct
    /// (the mock numbers messages across connections, so a repeat would be a duplicate delivery).
    @Test(arguments: streamTable)
    func streamFault(fault: String, lost: String?) async throws {
        let server = try await Self.startMock(StreamCoordinatorMock(tokens: []), faults: [fault])
        var configuration = StreamCoordinatorConfiguration(baseURL: server.url, apiKey: "key123", userID: "alice")
        let stall = fault.hasPrefix("stall")
        Self.shorten(&configuration.reconnect, fault: fault)
        configuration.healthCheckInterval = .milliseconds(100)
        configuration.healthCheckTimeout = stall ? .milliseconds(300) : .seconds(10)
        let client = try StreamCoordinatorClient(configuration, credentials: { Secret("jwt") })
        let recorder = StatusRecorder(client.status)
        let events = await takeEvents(client.events, count: 12)
        let ids = events.compactMap { event -> String? in
            if case let .string(id)? = event.object["message"]?["id"] { return id }
            return nil
        }
        #expect(ids.count == 12, "\(fault): \(recorder.trace)")
        #expect(Set(ids).count == ids.count, "\(fault): duplicates in \(ids)")
        #expect(Self.firstLost(recorder.trace) == lost, "\(fault): \(recorder.trace)")
        if lost != nil { #expect(recorder.trace.contains("reconnecting"), "\(fault): \(recorder.trace)") }
        if lost == nil { #expect(await Self.sawSkipped(client.notices), "\(fault): garbage not reported") }
        await client.stop()
        await server.stop()
    }

    /// §5.5: an expired token (code 40) → a fresh one from the provider → accepted; the provider is asked twice.
    @Test func streamExpiredTokenRefreshes() async throws {
        let server = try await Self.startMock(StreamCoordinatorMock(tokens: []), faults: ["expire-token:2@1", "drop-after:3@1"])
        var configuration = StreamCoordinatorConfiguration(baseURL: server.url, apiKey: "key123", userID: "alice")
        Self.shorten(&configuration.reconnect, fault: "")
        let minted = Counter()
        let client = try StreamCoordinatorClient(configuration, credentials: { Secret("jwt-\(minted.next())") })
        let recorder = StatusRecorder(client.status)
        let events = await takeEvents(client.events, count: 6)
        #expect(events.count == 6)
        #expect(recorder.trace.contains("lost(token-expired)"), "\(recorder.trace)")
        #expect(minted.value == 2)
        await client.stop()
        await server.stop()
    }

    /// §2: each fault against the eisy client; the stream syncs again after the loss (events are drained meanwhile,
    /// so a full buffer never holds the reader back).
    @Test(arguments: [
        ("status:503@1", "lost(http-503)"),
        ("drop-after:4@1", "lost(ws-close-1006)"),
        ("drop-mid:4@1", "lost(ws-close-1006)"),
        ("close:1011/3@1", "lost(ws-close-1011)"),
        ("stall:4@1", "lost(heartbeat-missed)"),
        ("garbage:2@1", nil),
        ("oversize:3@1", "lost(ws-frame-too-large)"),
        ("slow-accept:3000@1", "lost(connect-timeout)"),
        ("refuse:300@1", "lost(http-unexpected-eof)"),
    ] as [(String, String?)])
    func eisyFault(fault: String, lost: String?) async throws {
        let service = try EisyMock(
            fixture: try FixtureInput.load(wsFixturesRoot + "/isy/eisy6-api-events-subscribe"), tokens: [],
            user: "admin", password: "secret")
        let server = try await Self.startMock(service, faults: [fault])
        var configuration = EisyConfiguration(baseURL: server.url, authentication: .local(user: "admin"))
        Self.shorten(&configuration.reconnect, fault: fault)
        configuration.heartbeatLiveness = false
        let stream = try EisyEventStream(configuration, credentials: { Secret("secret") })
        let recorder = StatusRecorder(stream.status)
        let drain = Task { await takeEvents(stream.events, count: 100_000, timeout: .seconds(20)).count }
        let reached = await recorder.wait { statuses in
            if lost == nil { return statuses.contains(.syncing) }
            guard let index = statuses.firstIndex(where: { if case .lost = $0 { true } else { false } }) else { return false }
            return statuses[index...].contains(.syncing)
        }
        #expect(reached, "\(fault): \(recorder.trace)")
        if lost == nil { #expect(await Self.sawSkipped(stream.notices), "\(fault): garbage not reported") }
        #expect(Self.firstLost(recorder.trace) == lost, "\(fault): \(recorder.trace)")
        await stream.stop()
        _ = await drain.value
        await server.stop()
    }

    /// Issue 14 §4: a consumer that does not read is not a dead peer. With a 300 ms liveness window and nobody
    /// taking events for 1.5 s (the 64-event buffer full, the socket reader held back), the connection stays up.
    @Test func slowConsumerIsNotSilence() async throws {
        let service = try EisyMock(
            fixture: try FixtureInput.load(wsFixturesRoot + "/isy/eisy6-api-events-subscribe"), tokens: [],
            user: "admin", password: "secret")
        let server = try await Self.startMock(service, faults: [])
        var configuration = EisyConfiguration(baseURL: server.url, authentication: .local(user: "admin"))
        Self.shorten(&configuration.reconnect, fault: "stall")
        configuration.heartbeatLiveness = false
        let stream = try EisyEventStream(configuration, credentials: { Secret("secret") })
        let recorder = StatusRecorder(stream.status)
        try await Task.sleep(for: .milliseconds(1500))
        #expect(Self.firstLost(recorder.trace) == nil, "\(recorder.trace)")
        let events = await takeEvents(stream.events, count: 100)
        // seqnum goes up by one per frame (§2.4); `_0` heartbeats are notices, so only they leave gaps.
        let seqnums = events.compactMap(\.seqnum)
        #expect(seqnums.count == 100 && zip(seqnums, seqnums.dropFirst()).allSatisfy { $0 < $1 }, "\(seqnums)")
        await stream.stop()
        await server.stop()
    }
}

/// Counts calls from any task.
final class Counter: Sendable {
    private let state = Mutex(0)
    var value: Int { state.withLock { $0 } }
    func next() -> Int { state.withLock { $0 += 1; return $0 } }
}
