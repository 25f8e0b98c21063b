import Foundation
import HarnessKit
import MockServers
import Testing
import TransportNIO

/// The `harness connect` contract of issue 16 (exit 0 stopped / 69 gave up with a last `{"error":…}` line / 64
/// bad options, NDJSON status lines with `attempt`, `t`, `reason`, `delay`, the common options) run in-process
/// against the `harness serve` mocks (eisy, stream), the same code the CLI runs after argument parsing.
@Suite(.serialized) struct ConnectContractTests {
    static func stream(_ server: MockServer, _ options: inout ConnectOptions) {
        options.url = server.url
        options.apiKey = "key123"
        options.userID = "alice"
        options.apiSecret = "s3cr3t-s3cr3t-s3cr3t-s3cr3t-s3cr3t"
        options.backoff = "fixed:0.05"
    }

    static func eisy(_ server: MockServer, _ options: inout ConnectOptions) {
        options.url = server.url
        options.user = "admin"
        options.password = "secret"
        options.backoff = "fixed:0.05"
    }

    static func messageIDs(_ run: ConnectRun) -> [String] {
        run.events.compactMap { ($0["message"] as? [String: Any])?["id"] as? String }
    }

    /// `--max-events N` stops after N service events with exit 0 and `stopped(stop-requested)` last; eisy shows
    /// `syncing` before `connected` (§2.5) and heartbeats are not events.
    @Test func maxEventsStopsWithExitZero() async throws {
        let server = try await startMock(.eisy) { $0.user = "admin"; $0.password = "secret" }
        let run = await runConnect("eisy") { options in
            Self.eisy(server, &options)
            options.maxEvents = 5
        }
        #expect(run.status == 0, "\(run)")
        #expect(run.events.count == 5)
        #expect(Array(run.trace.prefix(2)) == ["connecting", "syncing"], "\(run)")
        #expect(run.trace.last == "stopped(stop-requested)")
        #expect(run.statuses.allSatisfy { $0["t"] is Double && $0["attempt"] as? Int == 1 })
        await server.stop()
    }

    /// `--duration S` stops after S seconds with exit 0.
    @Test func durationStopsWithExitZero() async throws {
        let server = try await startMock(.stream)
        let started = ContinuousClock.now
        let run = await runConnect("stream") { options in
            Self.stream(server, &options)
            options.duration = 2 // long enough to connect while the whole suite loads the machine
        }
        let took = ContinuousClock.now - started
        #expect(run.status == 0, "\(run)")
        #expect(run.trace == ["connecting", "connected", "stopped(stop-requested)"], "\(run)")
        #expect(took >= .seconds(2) && took < .seconds(6))
        await server.stop()
    }

    /// Issue 16 (the PR-head defect made impossible): five consecutive drops, a reconnect after each, every delay
    /// the `--backoff` given, and no message delivered twice.
    @Test func fiveConsecutiveDropsReconnectEveryTime() async throws {
        let server = try await startMock(.stream, faults: ["drop-after:3"])
        let run = await runConnect("stream") { options in
            Self.stream(server, &options)
            options.maxEvents = 12
        }
        #expect(run.status == 0, "\(run)")
        #expect(run.trace.filter { $0 == "connected" }.count == 6, "\(run)")
        // The 6th connection's drop follows the 12th event at once, so it may be seen before the stop: 5 or 6.
        let drops = run.trace.filter { $0 == "lost(ws-close-1006)" }.count
        #expect(drops == 5 || drops == 6, "\(run)")
        #expect(run.delays == Array(repeating: 0.05, count: drops))
        let ids = Self.messageIDs(run)
        #expect(ids.count == 12 && Set(ids).count == 12, "\(ids)")
        let attempts = run.statuses.filter { $0["status"] as? String == "connecting" }.compactMap { $0["attempt"] as? Int }
        #expect(attempts == [1, 2, 3, 4, 5, 6])
        await server.stop()
    }

    /// §5.5: close 1000 stops for good (exit 0, `stopped(ws-close-1000)`); any other close reconnects.
    @Test func close1000StopsForGood() async throws {
        let server = try await startMock(.stream, faults: ["close:1011/2@1", "close:1000/2@2"])
        let run = await runConnect("stream") { Self.stream(server, &$0) }
        #expect(run.status == 0, "\(run)")
        #expect(run.trace == [
            "connecting", "connected", "lost(ws-close-1011)", "reconnecting", "connecting", "connected",
            "lost(ws-close-1000)", "stopped(ws-close-1000)",
        ], "\(run)")
        await server.stop()
    }

    /// §5.5: `connection.error` code 40 → a new JWT from `--api-secret` and a reconnect that is accepted.
    @Test func code40MintsANewToken() async throws {
        let server = try await startMock(.stream, faults: ["expire-token:2@1", "drop-after:3@1", "close:1000/3@3"])
        let run = await runConnect("stream") { Self.stream(server, &$0) }
        #expect(run.status == 0, "\(run)")
        #expect(run.trace.contains("lost(token-expired)"), "\(run)")
        #expect(run.trace.last == "stopped(ws-close-1000)", "\(run)")
        #expect(run.trace.filter { $0 == "connected" }.count == 2, "\(run)")
        await server.stop()
    }

    /// §5.5: code 40 with a static `--token` cannot refresh: exit 69, last line `token-expired`.
    @Test func code40WithStaticTokenGivesUp() async throws {
        let server = try await startMock(.stream, faults: ["expire-token:2@1", "drop-after:3@1"])
        let run = await runConnect("stream") { options in
            Self.stream(server, &options)
            options.apiSecret = nil
            options.token = "static-jwt"
        }
        #expect(run.status == 69, "\(run)")
        #expect(run.errorCode == "token-expired", "\(run)")
        #expect(run.trace.last == "failed(token-expired)", "\(run)")
        await server.stop()
    }

    /// Issue 16: a server-directed delay (`Retry-After`) replaces the computed one, also with `--backoff`.
    @Test func retryAfterOverridesBackoff() async throws {
        let server = try await startMock(.stream, faults: ["status:503,retry-after:1@1"])
        let run = await runConnect("stream") { options in
            Self.stream(server, &options)
            options.maxEvents = 1
        }
        #expect(run.status == 0, "\(run)")
        #expect(Array(run.trace.prefix(3)) == ["connecting", "lost(http-503)", "reconnecting"], "\(run)")
        #expect(run.delays == [1.0])
        await server.stop()
    }

    /// `--max-retries N`: N reconnect attempts per outage, then exit 69 `retries-exhausted`.
    @Test func maxRetriesExhausted() async throws {
        let server = try await startMock(.stream, faults: ["status:500"])
        let run = await runConnect("stream") { options in
            Self.stream(server, &options)
            options.maxRetries = 2
        }
        #expect(run.status == 69, "\(run)")
        #expect(run.errorCode == "retries-exhausted", "\(run)")
        #expect(run.delays.count == 2)
        #expect(run.trace.filter { $0 == "lost(http-500)" }.count == 3)
        await server.stop()
    }

    /// Bad options: exit 64 with an error line naming the problem (row: the option set wrong, the code prefix).
    @Test(arguments: [
        ("backoff", "backoff"), ("ca-cert", "tls-unreadable-file"), ("pin", "tls-invalid-fingerprint"),
        ("ca-and-pin", "conflicting-options"), ("header", "bad-option"), ("max-events", "bad-option"),
    ])
    func badOptionsExit64(option: String, code: String) async {
        let run = await runConnect("stream") { options in
            options.url = "ws://127.0.0.1:9"
            options.apiKey = "k"
            options.userID = "u"
            options.token = "t"
            switch option {
            case "backoff": options.backoff = "linear:1"
            case "ca-cert": options.caCert = "/nonexistent/ca.pem"
            case "pin": options.pinSHA256 = "abc"
            case "ca-and-pin":
                options.caCert = "/x"
                options.pinSHA256 = String(repeating: "0", count: 64)
            case "header": options.headers = ["no colon"]
            default: options.maxEvents = 0
            }
        }
        #expect(run.status == 64, "\(run)")
        #expect(run.errorCode?.hasPrefix(code) == true, "\(run)")
        #expect(run.lines.count == 1)
    }

    /// `--token-file` is read for the first attempt (and again on each refresh).
    @Test func tokenFileIsRead() async throws {
        let server = try await startMock(.stream) { $0.tokens = ["from-file"] }
        let path = try temporaryFile("from-file\n", name: "token")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let run = await runConnect("stream") { options in
            Self.stream(server, &options)
            options.apiSecret = nil
            options.tokenFile = path
            options.maxEvents = 1
        }
        #expect(run.status == 0, "\(run)")
        await server.stop()
    }
}
