import Clients
import Foundation
import MockServers
import NIOConcurrencyHelpers
import Reconnect
import Sessions

/// Issue 16's client benchmark: service events per second end to end over loopback, mock server → our client →
/// a `for try await` consumer, for `CentralStream` (binary CloudEvents decoded to `AuditTrailView`),
/// `EisyEventStream` (XML `<Event>` text frames decoded to `ISYEvent`) and `StreamCoordinatorClient` (JSON
/// `message.new` events after the auth message and `connection.ok`). The mocks are the `MockServers` ones
/// `harness serve` runs (in this process, `rate` 0: as fast as the client reads, no end), so their CPU time and
/// allocations are in every figure. Each run connects a fresh client, takes `count` events and stops it (close
/// 1000). No peer: the seed clients are Python.
enum ServiceClientBenchmarks {
    static let count = 20_000

    /// The repository's `Fixtures/` folder, found from this file.
    static let fixtures: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<4 { url.deleteLastPathComponent() }
        return url.appendingPathComponent("Fixtures").path
    }()

    static let suite = BenchmarkSuite(codec: "service-clients") {
        var options = MockServerOptions()
        options.fixturesRoot = fixtures
        options.rate = 0
        var cases: [BenchmarkCase] = []
        if let fixture = try? FixtureInput.load(fixtures + "/central/audit-trail-stream"),
           let mock = try? CentralMock(fixture: fixture, tokens: []),
           let url = start(mock, options) {
            cases.append(BenchmarkCase(
                codec: "service-clients", name: "CentralStream, \(count / 1000)k audit-trail events over loopback",
                bytes: 0, items: count,
                ours: Contender(name: "CentralStream (ours)") { runBlocking { await central(url: url) } }, peer: nil))
        }
        var eisyOptions = options
        eisyOptions.quietSeconds = 0
        if let fixture = try? FixtureInput.load(fixtures + "/isy/eisy6-api-events-subscribe"),
           let mock = try? EisyMock(fixture: fixture, tokens: [], user: "admin", password: "bench"),
           let url = start(mock, eisyOptions) {
            cases.append(BenchmarkCase(
                codec: "service-clients", name: "EisyEventStream, \(count / 1000)k XML events over loopback (/rest/subscribe)",
                bytes: 0, items: count,
                ours: Contender(name: "EisyEventStream (ours)") { runBlocking { await eisy(url: url) } }, peer: nil))
        }
        if let url = start(StreamCoordinatorMock(tokens: []), options) {
            cases.append(BenchmarkCase(
                codec: "service-clients",
                name: "StreamCoordinatorClient, \(count / 1000)k message.new events over loopback", bytes: 0,
                items: count,
                ours: Contender(name: "StreamCoordinatorClient (ours)") { runBlocking { await stream(url: url) } },
                peer: nil))
        }
        return cases
    }

    /// Starts `service` on an ephemeral loopback port (kept for the process's life); its base URL, nil on failure.
    static func start(_ service: any MockService, _ options: MockServerOptions) -> String? {
        let started = runBlocking {
            guard let log = try? ServerLog(path: nil),
                  let server = try? await MockServer.start(service, options: options, log: log) else { return 0 }
            servers.withLockedValue { $0.append(server) }
            return servers.withLockedValue { $0.count }
        }
        guard started > 0 else { return nil }
        return servers.withLockedValue { $0[started - 1].url }
    }

    /// The mock servers, kept running.
    static let servers = NIOLockedValueBox<[MockServer]>([])

    /// Takes `count` events from a fresh `CentralStream`, then stops it.
    static func central(url: String) async -> Int {
        let token = Secret("tok-bench")
        guard let client = try? CentralStream(CentralConfiguration(baseURL: url), credentials: { token }) else { return 0 }
        return await take(client.events, stop: { await client.stop() })
    }

    /// Takes `count` events from a fresh `EisyEventStream` (Basic auth; the replay burst on every connect, then
    /// live frames), then stops it.
    static func eisy(url: String) async -> Int {
        let password = Secret("bench")
        guard let client = try? EisyEventStream(
            EisyConfiguration(baseURL: url, authentication: .local(user: "admin")), credentials: { password })
        else { return 0 }
        return await take(client.events, stop: { await client.stop() })
    }

    /// Takes `count` events from a fresh `StreamCoordinatorClient`, then stops it.
    static func stream(url: String) async -> Int {
        let token = StreamJWT.mint(userID: "alice", secret: Secret("bench-secret"), issuedAt: 1_700_000_000)
        guard let client = try? StreamCoordinatorClient(
            StreamCoordinatorConfiguration(baseURL: url, apiKey: "key123", userID: "alice"), credentials: { token })
        else { return 0 }
        return await take(client.events, stop: { await client.stop() })
    }

    /// The consumer: counts events (touching each) until `count`, then stops the client.
    static func take<S: AsyncSequence>(_ events: S, stop: () async -> Void) async -> Int {
        var taken = 0
        do {
            for try await _ in events {
                taken += 1
                if taken >= count { break }
            }
        } catch {}
        await stop()
        return taken
    }
}
