import Codecs
import Foundation
import HarnessKit
import MockServers
import Synchronization
import Testing

/// `harness connect sse|eventstreamer` against the mocks (issue 17, with the issue 16 contract): NDJSON event
/// and status lines only, `decode`-shaped events, exit 0 on `--max-events`, 69 after a last error line when
/// it gives up, 64 for bad options; secrets never printed.
@Suite struct HTTPConnectTests {
    static let fixtures: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.appendingPathComponent("Fixtures").path
    }()

    final class Capture: Sendable {
        private let lines = Mutex<[String]>([])
        private let logs = Mutex<[String]>([])

        var output: ConnectOutput {
            ConnectOutput(
                sink: { bytes in self.lines.withLock { $0.append(String(decoding: bytes, as: UTF8.self)) } },
                log: { line in self.logs.withLock { $0.append(line) } })
        }

        var stdout: [String] { lines.withLock { $0 } }
        var stderr: [String] { logs.withLock { $0 } }
        var parsed: [JSONValue] { stdout.compactMap { try? JSONValue.parse(Array($0.utf8)) } }
        var events: [JSONValue] { parsed.compactMap { $0["event"] } }
        var statuses: [String] { parsed.compactMap { if case let .string(s)? = $0["status"] { s } else { nil } } }
    }

    static func start(_ kind: String, faults: [String] = [], tokens: [String] = [], count: Int? = nil) async throws
        -> MockServer
    {
        var options = MockServerOptions()
        options.fixturesRoot = fixtures
        options.rate = 0
        options.count = count
        options.tokens = tokens
        options.faults = try faults.map { spec throws in try FaultSpec.parse(spec) }
        let service: any MockService = kind == "sse"
            ? try SSEMock(fixture: try FixtureInput.load(fixtures + "/sse/starlette-keepalive-json"), tokens: tokens)
            : try EventStreamerMock(fixture: try FixtureInput.load(fixtures + "/eventstreamer/stream-heartbeats-batches-error"))
        return try await MockServer.start(service, options: options, log: try ServerLog(path: nil, keepLines: true))
    }

    static func connect(_ service: String, _ configure: (inout ConnectOptions) -> Void) async -> (Int32, Capture) {
        var options = ConnectOptions()
        options.backoff = "fixed:0.01"
        configure(&options)
        let capture = Capture()
        let status = await ConnectRunner().run(service: service, options: options, output: capture.output)
        return (status, capture)
    }

    @Test("sse: --max-events N prints N decode-sse events across a drop, resumed; status lines; exit 0")
    func sseMaxEvents() async throws {
        let server = try await Self.start("sse", faults: ["drop-after:3@1"], tokens: ["s3cret"])
        let (status, capture) = await Self.connect("sse") { options in
            options.url = server.url + "/api/v1/events"
            options.token = "s3cret"
            options.lastEventID = "0"
            options.maxEvents = 6
        }
        #expect(status == 0)
        #expect(capture.events.map { $0["id"] } == (1...6).map { JSONValue.string(String($0)) })
        #expect(capture.events.allSatisfy { $0["event"] != nil && $0["data"] != nil })
        #expect(capture.statuses.first == "connecting")
        #expect(capture.statuses.contains("lost") && capture.statuses.contains("reconnecting"))
        #expect(capture.statuses.last == "stopped")
        #expect(capture.parsed.count == capture.stdout.count, "nothing but NDJSON on stdout")
        #expect(!(capture.stdout + capture.stderr).joined().contains("s3cret"))
        await server.stop()
    }

    @Test("sse: 401 in the recommended profile gives up: a last error line, exit 69")
    func sseUnauthorizedExits69() async throws {
        let server = try await Self.start("sse", tokens: ["right"])
        let (status, capture) = await Self.connect("sse") { options in
            options.url = server.url + "/e"
            options.token = "wrong"
        }
        #expect(status == 69)
        #expect(capture.parsed.last?["error"]?["code"] == .string("http-401"))
        #expect(capture.statuses.last == "failed")
        await server.stop()
    }

    @Test("eventstreamer: batches print as decode eventstreamer (model_dump), --max-events, exit 0")
    func eventStreamerMaxEvents() async throws {
        let server = try await Self.start("eventstreamer", faults: ["drop-mid:2@1"])
        let (status, capture) = await Self.connect("eventstreamer") { options in
            options.url = server.url
            options.subscription = "123"
            options.resumeToken = "rt_0"
            options.maxEvents = 4
        }
        #expect(status == 0)
        #expect(capture.events.map { $0["batch_id"] } == (1...4).map { JSONValue.string("batch_\($0)") })
        #expect(capture.events.allSatisfy { $0["type"] == .string("event_batch") })
        #expect(capture.statuses.contains("reconnecting"))
        await server.stop()
    }

    @Test("eventstreamer: an unrecoverable error line gives up with its code, exit 69")
    func eventStreamerUnrecoverableExits69() async throws {
        let server = try await Self.start("eventstreamer")
        let (status, capture) = await Self.connect("eventstreamer") { options in
            options.url = server.url
            options.subscription = "123"
            options.resumeToken = "bogus"
        }
        #expect(status == 69)
        #expect(capture.parsed.last?["error"]?["code"] == .string("invalid-resume-token"))
        await server.stop()
    }

    @Test("bad options exit 64 with an error line", arguments: [
        ("eventstreamer", "missing-option"), ("sse-with-subscription", "bad-option"), ("sse-pin", "bad-option"),
        ("sse-idle-zero", "bad-option"), ("stream-idle", "bad-option"),
    ])
    func badOptionsExit64(service: String, code: String) async {
        let name = service.hasPrefix("sse") ? "sse" : service.hasPrefix("stream") ? "stream" : service
        let (status, capture) = await Self.connect(name) { options in
            options.url = "http://127.0.0.1:9/e"
            if service == "sse-with-subscription" { options.subscription = "1" }
            if service == "sse-pin" { options.pinSHA256 = String(repeating: "ab", count: 32) }
            if service == "sse-idle-zero" { options.idleTimeout = 0 }
            if service == "stream-idle" { options.idleTimeout = 5 }
        }
        #expect(status == 64)
        #expect(capture.parsed.last?["error"]?["code"] == .string(code))
    }
}
