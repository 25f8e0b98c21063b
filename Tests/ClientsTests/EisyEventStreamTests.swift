import Clients
import Codecs
import ISYXML
import MockServers
import Reconnect
import Sessions
import Testing

/// `EisyEventStream` against the `MockServers` eisy mock (service-profiles §2.7), one fault kind per test.
@Suite(.serialized) struct EisyEventStreamTests {
    static func startMock(faults: [String] = [], configure: (inout MockServerOptions) -> Void = { _ in }) async throws -> MockServer {
        var options = MockServerOptions()
        options.fixturesRoot = wsFixturesRoot
        options.rate = 20
        options.user = "admin"
        options.password = "secret"
        options.quietSeconds = 0.2
        options.heartbeatSeconds = 30
        options.faults = try faults.map { spec throws(FaultSpecError) in try FaultSpec.parse(spec) }
        configure(&options)
        let service = try EisyMock(
            fixture: try FixtureInput.load(wsFixturesRoot + "/isy/eisy6-api-events-subscribe"), tokens: options.tokens,
            user: options.user, password: options.password)
        return try await MockServer.start(service, options: options, log: try ServerLog(path: nil, keepLines: true))
    }

    static func client(_ server: MockServer, password: String = "secret") throws -> EisyEventStream {
        var configuration = EisyConfiguration(baseURL: server.url, authentication: .local(user: "admin"))
        configuration.reconnect.policy.backoff = .fixed(.milliseconds(50))
        return try EisyEventStream(configuration, credentials: { Secret(password) })
    }

    /// §2.5: connecting → syncing → connected after the burst; events are typed `ISYEvent`s, seqnum from 0.
    @Test func replayBurstThenConnected() async throws {
        let server = try await Self.startMock()
        let stream = try Self.client(server)
        let recorder = StatusRecorder(stream.status)
        let events = await takeEvents(stream.events, count: 5)
        #expect(events.map(\.seqnum) == [0, 1, 2, 3, 4])
        #expect(await recorder.wait { $0.contains(.connected) })
        await stream.stop()
        #expect(await recorder.wait { $0.last?.isTerminal == true })
        #expect(recorder.trace == ["connecting", "syncing", "connected", "stopped(stop-requested)"])
        await server.stop()
    }

    /// Fault table: each ends the first connection in the classified outcome (nil: a protocol error whose code is
    /// the decoder's), then the stream reconnects and syncs again.
    @Test(arguments: [
        ("status:503@1", "lost(http-503)"),
        ("close:1011/3@1", "lost(ws-close-1011)"),
        ("drop-after:4@1", "lost(ws-close-1006)"),
        ("drop-mid:4@1", "lost(ws-close-1006)"),
        ("bad-deflate:2@1", nil),
    ] as [(String, String?)])
    func faultReconnects(fault: String, lost: String?) async throws {
        let server = try await Self.startMock(faults: [fault])
        let stream = try Self.client(server)
        let recorder = StatusRecorder(stream.status)
        let reached = await recorder.wait { statuses in
            guard let lostIndex = statuses.firstIndex(where: { if case .lost = $0 { true } else { false } }) else { return false }
            return statuses[lostIndex...].contains(.syncing)
        }
        #expect(reached, "trace \(recorder.trace)")
        let firstLost = recorder.trace.first { $0.hasPrefix("lost(") }
        if let lost { #expect(firstLost == lost, "trace \(recorder.trace)") }
        #expect(recorder.trace.prefix(2) == ["connecting", fault.hasPrefix("status") ? "lost(http-503)" : "syncing"])
        #expect(recorder.trace.contains("reconnecting"))
        await stream.stop()
        await server.stop()
    }

    /// §2.4: a malformed frame is skipped and reported; the connection keeps delivering.
    @Test func garbageIsSkipped() async throws {
        let server = try await Self.startMock(faults: ["garbage:2@1"])
        let stream = try Self.client(server)
        let events = await takeEvents(stream.events, count: 6)
        #expect(events.count == 6)
        let notices = await takeEvents(stream.notices, count: 1)
        if case .skipped? = notices.first {} else { Issue.record("no skipped notice: \(notices)") }
        await stream.stop()
        await server.stop()
    }

    /// §2.3: a wrong local password (401) gives up: `failed(http-401)`, and `events` throws `ReconnectFailure`.
    @Test func unauthorizedLocalFails() async throws {
        let server = try await Self.startMock()
        let stream = try Self.client(server, password: "wrong")
        let recorder = StatusRecorder(stream.status)
        await #expect(throws: ReconnectFailure(reason: "http-401")) {
            for try await _ in stream.events {}
        }
        #expect(await recorder.wait { $0.last?.isTerminal == true })
        #expect(recorder.trace == ["connecting", "lost(http-401)", "failed(http-401)"])
        await server.stop()
    }
}
