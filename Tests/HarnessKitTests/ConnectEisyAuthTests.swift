import Codecs
import HarnessKit
import MockServers
import Testing

/// `harness connect eisy` auth against the eisy mock (service-profiles §2.3): `--portal --user --password` logs in
/// (`POST /api/login`), sends `Bearer <accessToken>`, and on a handshake 401 refreshes once (`POST
/// /api/jwt/refresh`) and goes on; local Basic (`--user --password`) stops on a 401 (pyisyox `LocalAuth`:
/// RECONNECT_FAILED). The 401 comes from the mock's `expire-token` fault: attempt 1's credential is revoked after 3
/// messages, the connection drops after 6, so attempt 2 presents the revoked credential.
@Suite(.serialized) struct ConnectEisyAuthTests {
    static let faults = ["expire-token:3@1", "drop-after:6@1"]

    /// The paths of the mock's portal request lines, in order.
    static func portalRequests(_ server: MockServer) -> [String] {
        server.context.log.lines.compactMap { try? JSONValue.parse(Array($0.utf8)) }.compactMap { line in
            guard line["event"] == .string("request"), case let .string(path)? = line["path"],
                  path.hasPrefix("/api/") else { return nil }
            return path
        }
    }

    @Test("portal: login, Bearer; a 401 refreshes once and the stream goes on (exit 0)")
    func portalRefreshesOnUnauthorized() async throws {
        let server = try await startMock(.eisy, faults: Self.faults)
        let run = await runConnect("eisy") { options in
            options.url = server.url
            options.portal = true
            options.user = "user@example.invalid"
            options.password = "pw-secret"
            options.backoff = "fixed:0.05"
            options.maxEvents = 12
        }
        #expect(run.status == 0, "\(run)")
        #expect(run.events.count == 12)
        #expect(run.trace.contains("lost(http-401)"), "\(run)")
        #expect(run.trace.last == "stopped(stop-requested)")
        #expect(Self.portalRequests(server) == ["/api/login", "/api/jwt/refresh"], "\(Self.portalRequests(server))")
        #expect(!run.lines.map { "\($0)" }.joined().contains("pw-secret"))
        await server.stop()
    }

    @Test("local Basic: a 401 gives up (failed(http-401), exit 69), no portal request")
    func localStopsOnUnauthorized() async throws {
        let server = try await startMock(.eisy, faults: Self.faults)
        let run = await runConnect("eisy") { options in
            options.url = server.url
            options.user = "admin"
            options.password = "secret"
            options.backoff = "fixed:0.05"
        }
        #expect(run.status == 69, "\(run)")
        #expect(run.trace.last == "failed(http-401)", "\(run)")
        #expect(run.errorCode == "http-401")
        #expect(Self.portalRequests(server).isEmpty)
        await server.stop()
    }

    /// Negative control: a static `--token` cannot be refreshed (the token source gives the same one), so the same
    /// fault that the portal login survives ends this run: the portal check passes only by the refresh.
    @Test("static --token: the 401 after the refresh gives up (exit 69)")
    func staticTokenGivesUp() async throws {
        let server = try await startMock(.eisy, faults: Self.faults) { $0.tokens = ["tok-1"] }
        let run = await runConnect("eisy") { options in
            options.url = server.url
            options.token = "tok-1"
            options.backoff = "fixed:0.05"
            options.maxEvents = 12
        }
        #expect(run.status == 69, "\(run)")
        #expect(run.errorCode == "http-401", "\(run)")
        await server.stop()
    }

    @Test("--portal needs --user/--password and excludes --token (exit 64)")
    func portalOptionRules() async throws {
        let missing = await runConnect("eisy") { options in
            options.url = "ws://127.0.0.1:9"
            options.portal = true
        }
        #expect(missing.status == 64)
        #expect(missing.errorCode == "missing-option")
        let conflicting = await runConnect("eisy") { options in
            options.url = "ws://127.0.0.1:9"
            options.portal = true
            options.user = "u"
            options.password = "p"
            options.token = "t"
        }
        #expect(conflicting.status == 64)
        #expect(conflicting.errorCode == "conflicting-options")
    }
}
