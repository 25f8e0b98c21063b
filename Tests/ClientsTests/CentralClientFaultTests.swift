import Clients
import Codecs
import MockServers
import Reconnect
import Sessions
import Testing

/// `CentralStream` against the `MockServers` Central mock (service-profiles §1.8) for every fault kind: the first
/// connection's classified outcome, the reconnect, garbage skipped in place (§1.4), the WebSocket ping keep-alive
/// (§1.5, here 200 ms / 200 ms instead of 10 s / 5 s) ending a stalled connection, and the OAuth refresh on a 401
/// through `CentralTokenProvider` against the mock's `POST /token`.
@Suite(.serialized) struct CentralClientFaultTests {
    static func startMock(faults: [String], tokens: [String] = []) async throws -> MockServer {
        var options = MockServerOptions()
        options.fixturesRoot = wsFixturesRoot
        options.rate = 40
        options.tokens = tokens
        options.faults = try faults.map { spec throws(FaultSpecError) in try FaultSpec.parse(spec) }
        let service = try CentralMock(fixture: try FixtureInput.load(wsFixturesRoot + "/central/audit-trail-stream"), tokens: tokens)
        return try await MockServer.start(service, options: options, log: try ServerLog(path: nil, keepLines: true))
    }

    static func configuration(_ server: MockServer, fault: String = "") -> CentralConfiguration {
        var configuration = CentralConfiguration(baseURL: server.url)
        configuration.reconnect.policy.backoff = .fixed(.milliseconds(50))
        configuration.reconnect.policy.attemptTimeout = fault.hasPrefix("slow-accept") ? .seconds(1) : .seconds(10)
        if fault.hasPrefix("stall") { configuration.keepalive = PingKeepalive(interval: .milliseconds(200), timeout: .milliseconds(200)) }
        return configuration
    }

    @Test(arguments: [
        ("status:503@1", "lost(http-503)"),
        ("drop-after:2@1", "lost(ws-close-1006)"),
        ("drop-mid:2@1", "lost(ws-close-1006)"),
        ("close:1011/2@1", "lost(ws-close-1011)"),
        ("close:1000/2@1", "lost(ws-close-1000)"),
        ("stall:2@1", "lost(heartbeat-missed)"),
        ("garbage:2@1", nil),
        ("oversize:2@1", "lost(ws-frame-too-large)"),
        ("slow-accept:3000@1", "lost(connect-timeout)"),
        ("refuse:300@1", "lost(http-unexpected-eof)"),
    ] as [(String, String?)])
    func centralFault(fault: String, lost: String?) async throws {
        let server = try await Self.startMock(faults: [fault])
        let stream = try CentralStream(Self.configuration(server, fault: fault), credentials: { Secret("tok") })
        let recorder = StatusRecorder(stream.status)
        let events = await takeEvents(stream.events, count: 6)
        #expect(events.count == 6, "\(fault): \(recorder.trace)")
        #expect(recorder.trace.first { $0.hasPrefix("lost(") } == lost, "\(fault): \(recorder.trace)")
        // §1.6: Central reconnects on every close code, 1000 included.
        if lost != nil { #expect(recorder.trace.contains("reconnecting"), "\(fault): \(recorder.trace)") }
        await stream.stop()
        await server.stop()
    }

    /// §1.3: the token is revoked (expire-token) → 401 → one client-credentials POST to the mock's `/token` → the
    /// next configured token → accepted.
    @Test func expiredTokenRefreshesThroughTheTokenEndpoint() async throws {
        let server = try await Self.startMock(faults: ["expire-token:1@1", "drop-after:2@1"], tokens: ["tok-1", "tok-2"])
        let tokens = try CentralTokenProvider(
            tokenURL: server.url.replacingOccurrences(of: "ws://", with: "http://") + "/token", clientID: "cid",
            clientSecret: Secret("csecret"), initial: { Secret("tok-1") })
        let stream = try CentralStream(Self.configuration(server), credentials: tokens.credentials)
        let recorder = StatusRecorder(stream.status)
        let events = await takeEvents(stream.events, count: 5)
        #expect(events.count == 5, "\(recorder.trace)")
        #expect(recorder.trace.contains("lost(http-401)"), "\(recorder.trace)")
        #expect(recorder.trace.filter { $0 == "connected" }.count == 2, "\(recorder.trace)")
        await stream.stop()
        await tokens.shutdown()
        await server.stop()
    }
}
