@testable import Clients
import Codecs
import MockServers
import Reconnect
import Sessions
import StreamTesting
import Testing

/// The SSE client against the SSE mock for each status and fault rule of issue 17 (WHATWG HTML §9.2.3,
/// service-profiles §4.4), each beside a deliberately broken variant that the same check rejects. Delays are
/// read from the `reconnecting` statuses on a virtual clock, so no test waits for a backoff.
@Suite struct SSEClientStatusTests {
    static func configuration(
        _ server: MockServer, profile: SessionProfile = .recommended
    ) -> SSESessionConfiguration {
        var configuration = SSESessionConfiguration.profile(profile, url: server.url + "/api/v1/events")
        configuration.policy.backoff = .fixed(.milliseconds(5))
        return configuration
    }

    static func client(
        _ configuration: SSESessionConfiguration, token: String? = nil, clock: some Clock<Duration> = ContinuousClock(),
        defects: SSEClientDefects = SSEClientDefects()
    ) throws -> SSEClient {
        var credentials: CredentialProvider?
        if let token {
            let secret = Secret(token)
            credentials = { @Sendable in secret }
        }
        return try SSEClient(
            configuration, credentials: credentials, http: HTTPClientConfiguration(),
            clock: clock, random: SeededRandom(state: 3), defects: defects)
    }

    static func mock(_ faults: [String] = [], count: Int? = 10, tokens: [String] = [], retry: Int? = nil)
        async throws -> MockServer
    {
        let specs = try faults.map { spec throws in try FaultSpec.parse(spec) }
        return try await startHTTPMock(makeSSEMock) { options in
            options.faults = specs
            options.count = count
            options.tokens = tokens
            options.retryMilliseconds = retry
        }.0
    }

    static func isFailed(_ reason: ReasonCode) -> ([ConnectionStatus]) -> Bool {
        { $0.last == .failed(reason) }
    }

    static func reconnects(_ count: Int) -> ([ConnectionStatus]) -> Bool {
        { statuses in statuses.filter { if case .reconnecting = $0 { true } else { false } }.count >= count }
    }

    // MARK: - 401 / 403

    @Test("401 and 403 give up in the recommended profile (one request, failed(http-4xx), events throw)",
          arguments: [401, 403])
    func unauthorizedGivesUp(status: Int) async throws {
        let server = try await Self.mock(status == 401 ? [] : ["status:403"], tokens: status == 401 ? ["right"] : [])
        let client = try Self.client(Self.configuration(server), token: "wrong")
        let log = StatusLog(client.status)
        let (events, error) = await collect(client.events, count: 1, timeout: .seconds(5))
        await client.finished()
        #expect(events.isEmpty)
        #expect((error as? ReconnectFailure)?.reason == ReasonCode("http-\(status)"))
        #expect(await log.wait(Self.isFailed(ReasonCode("http-\(status)"))))
        #expect(mockLog(server, "connect").count == 1)
        await server.stop()
    }

    @Test("ctfy-compatible retries 401 and 403 for ever: the recommended check above would fail it", arguments: [401, 403])
    func compatibleRetriesUnauthorized(status: Int) async throws {
        let server = try await Self.mock(status == 401 ? [] : ["status:403"], tokens: status == 401 ? ["right"] : [])
        let client = try Self.client(Self.configuration(server, profile: .compatible), token: "wrong")
        let log = StatusLog(client.status)
        #expect(await log.wait(Self.reconnects(3)))
        #expect(!log.all.contains { $0.isTerminal })
        await client.stop()
        await server.stop()
    }

    // MARK: - 204

    @Test("204 stops for good: stopped(http-204), the events end without error, no second request")
    func noContentStopsForGood() async throws {
        let server = try await Self.mock(["status:204"])
        let client = try Self.client(Self.configuration(server))
        let log = StatusLog(client.status)
        let (events, error) = await collect(client.events, count: 1, timeout: .seconds(5))
        await client.finished()
        #expect(events.isEmpty && error == nil)
        #expect(await log.wait { $0.last == .stopped("http-204") })
        #expect(mockLog(server, "connect").count == 1)
        await server.stop()
    }

    @Test("broken variant (ctfy-compatible table) reconnects after 204: the stop check rejects it")
    func compatibleReconnectsAfterNoContent() async throws {
        let server = try await Self.mock(["status:204"])
        let client = try Self.client(Self.configuration(server, profile: .compatible))
        let log = StatusLog(client.status)
        #expect(await log.wait(Self.reconnects(2)))
        #expect(!log.all.contains(.stopped("http-204")))
        await client.stop()
        await server.stop()
    }

    // MARK: - 429 / 5xx and Retry-After

    @Test("429 and 503 are retried after exactly Retry-After (no jitter), then the stream is served",
          arguments: [429, 503])
    func retryAfterIsHonoured(status: Int) async throws {
        let server = try await Self.mock(["status:\(status),retry-after:7@1"])
        let clock = VirtualClock()
        let client = try Self.client(Self.configuration(server), clock: clock)
        let log = StatusLog(client.status)
        #expect(await log.wait(Self.reconnects(1)))
        #expect(log.reconnectDelays.first == .seconds(7))
        #expect(log.all.contains(.lost(ReasonCode("http-\(status)"))))
        clock.advance(by: .seconds(7))
        let (events, _) = await collect(client.events, count: 3, timeout: .seconds(5))
        #expect(events.count == 3)
        await client.stop()
        await server.stop()
    }

    @Test("broken variant that ignores Retry-After reconnects after its own 5 ms: the delay check rejects it")
    func ignoringRetryAfterIsCaught() async throws {
        let server = try await Self.mock(["status:429,retry-after:7@1"])
        let client = try Self.client(
            Self.configuration(server), clock: VirtualClock(), defects: SSEClientDefects(ignoresRetryAfter: true))
        let log = StatusLog(client.status)
        #expect(await log.wait(Self.reconnects(1)))
        #expect(log.reconnectDelays.first != .seconds(7))
        await client.stop()
        await server.stop()
    }

    // MARK: - retry: and clean end of body

    @Test("retry: replaces the computed delay for the reconnect after a drop")
    func retryFieldIsHonoured() async throws {
        let server = try await Self.mock(["drop-after:2@1"], retry: 2500)
        let client = try Self.client(Self.configuration(server), clock: VirtualClock())
        let log = StatusLog(client.status)
        #expect(await log.wait(Self.reconnects(1)))
        #expect(log.reconnectDelays.first == .milliseconds(2500))
        await client.stop()
        await server.stop()

        let server2 = try await Self.mock(["drop-after:2@1"], retry: 2500)
        let broken = try Self.client(
            Self.configuration(server2), clock: VirtualClock(), defects: SSEClientDefects(ignoresRetryField: true))
        let brokenLog = StatusLog(broken.status)
        #expect(await brokenLog.wait(Self.reconnects(1)))
        #expect(brokenLog.reconnectDelays.first != .milliseconds(2500), "a client ignoring retry: is caught")
        await broken.stop()
        await server2.stop()
    }

    @Test("a clean end of body reconnects at once, then backs off (recommended 1 s doubling, equal jitter)")
    func cleanEndReconnectsAtOnceThenBacksOff() async throws {
        let server = try await Self.mock(count: 3)
        var configuration = SSESessionConfiguration.recommended(url: server.url + "/e")
        configuration.lastEventID = "0"
        let clock = VirtualClock()
        let client = try Self.client(configuration, clock: clock)
        let log = StatusLog(client.status)
        let (events, _) = await collect(client.events, count: 3, timeout: .seconds(5))
        #expect(events.map(\.event.lastEventID) == ["1", "2", "3"])
        #expect(await log.wait(Self.reconnects(2)))
        let delays = log.reconnectDelays
        #expect(delays.first == .zero, "end-of-stream: at once")
        #expect(delays.count >= 2 && delays[1] >= .seconds(1) && delays[1] <= .seconds(2),
                "then backoff: retry 2 of 1 s doubling is 2 s, equal jitter puts it in [1 s, 2 s]")
        await client.stop()
        await server.stop()
    }

    // MARK: - Idle read timeout

    @Test("a stalled connection is declared dead after the idle timeout and resumed: every event exactly once")
    func stallIsDetectedAndResumed() async throws {
        let server = try await Self.mock(["stall:3@1"], count: 8)
        var configuration = Self.configuration(server)
        configuration.lastEventID = "0"
        configuration.idleTimeout = .milliseconds(300)
        let client = try Self.client(configuration)
        let log = StatusLog(client.status)
        let (events, _) = await collect(client.events, count: 8, timeout: .seconds(10))
        #expect(events.map(\.event.lastEventID) == (1...8).map(String.init))
        #expect(log.all.contains(.lost("idle-timeout")))
        await client.stop()
        await server.stop()
    }

    @Test("broken variant without an idle timeout (ctfy) blocks on the stalled connection: the check rejects it")
    func withoutIdleTimeoutStallBlocks() async throws {
        let server = try await Self.mock(["stall:3@1"], count: 8)
        var configuration = Self.configuration(server)
        configuration.lastEventID = "0"
        configuration.idleTimeout = nil
        let client = try Self.client(configuration)
        let log = StatusLog(client.status)
        let (first, _) = await collect(client.events, count: 3, timeout: .seconds(10))
        #expect(first.count == 3)
        let (more, _) = await collect(client.events, count: 1, timeout: .seconds(1))
        #expect(more.isEmpty, "nothing after the stall, for 1 s (the recommended client resumes after 300 ms)")
        #expect(!log.all.contains(.lost("idle-timeout")))
        await client.stop()
        await server.stop()
    }

    // MARK: - Credentials and resume header

    @Test("recommended sends Authorization: Bearer, ctfy-compatible ?token=; both resume with Last-Event-ID once an id was seen")
    func credentialPlacementAndLastEventID() async throws {
        for profile in [SessionProfile.recommended, .compatible] {
            let server = try await Self.mock(["drop-after:2@1"], count: 4, tokens: ["tok-1"])
            let client = try Self.client(Self.configuration(server, profile: profile), token: "tok-1")
            let (events, _) = await collect(client.events, count: 2, timeout: .seconds(5))
            #expect(events.count == 2)
            let requests = await waitForRequests(server, 2)
            #expect(requests.count >= 2)
            #expect(requests.allSatisfy { $0["auth"] == .string("accepted") })
            let queryToken = requests.first?["query"]?["token"]
            #expect(profile == .compatible ? queryToken == .string("(redacted)") : queryToken == nil)
            #expect(requests.first?["last_event_id"] == .null, "no ID seen yet: no header")
            #expect(requests.dropFirst().first?["last_event_id"] == events.last.map { .string($0.event.lastEventID) })
            #expect(!server.context.log.lines.joined().contains("tok-1"))
            await client.stop()
            await server.stop()
        }
    }

    func waitForRequests(_ server: MockServer, _ count: Int) async -> [JSONValue] {
        for _ in 0..<500 {
            let requests = mockLog(server, "request")
            if requests.count >= count { return requests }
            try? await Task.sleep(for: .milliseconds(10))
        }
        return mockLog(server, "request")
    }
}
