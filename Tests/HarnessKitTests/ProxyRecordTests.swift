import Codecs
import Foundation
@testable import HarnessKit
import Synchronization
import Testing

/// `harness record --listen` (issue 18, proxy mode): our client connects to the proxy, the proxy to our mock.
/// What the client received, what the recording holds and what the mock's log says it sent must agree; the
/// recording replays, is served back, and our client gets the recorded events from it; faults injected at the
/// upstream's message boundaries change what the client sees exactly as the grammar says.
@Suite(.serialized) struct ProxyRecordTests {
    /// A running proxy: its URL, the certificate a client must trust (TLS), and the task that ends with the exit.
    struct RunningProxy {
        var url: String
        var certificate: String?
        var recorder: ProxyRecorder
        var run: Task<Int32, Never>
        var lines: LineBox

        func stop() async -> Int32 {
            recorder.stop()
            return await run.value
        }
    }

    /// Starts the proxy in front of `mock` for `item`, with `faults`; waits for its `listening` line.
    static func startProxy(_ item: RecordCase, mock: RecordMock, out: String, faults: [String] = []) async throws
        -> RunningProxy
    {
        var options = ProxyRecordOptions()
        options.record.connect.url = mock.url(item.service)
        options.record.connect.caCert = mock.ca
        options.record.out = out
        options.faults = faults
        var certificate: String?
        if item.tls {
            let path = NSTemporaryDirectory() + "harness-proxy-\(UUID().uuidString).pem"
            options.tls.enabled = true
            options.tls.certificateOutputPath = path
            certificate = path
        }
        let lines = LineBox()
        let output = ConnectOutput(
            sink: { bytes in lines.withLock { $0.append(String(decoding: bytes, as: UTF8.self)) } }, log: { _ in })
        let recorder = ProxyRecorder()
        let ready = options
        let run = Task { await recorder.run(service: item.service, options: ready, output: output) }
        for _ in 0..<250 {
            if let first = lines.withLock({ $0.first }) {
                let value = try JSONValue.parse(Array(first.utf8))
                guard let url = value["listening"]?.stringValue else { throw RecordTestError("no listening line: \(first)") }
                return RunningProxy(url: url, certificate: certificate, recorder: recorder, run: run, lines: lines)
            }
            try await Task.sleep(for: .milliseconds(20))
        }
        recorder.stop()
        throw RecordTestError("the proxy printed nothing in 5 s")
    }

    /// Our client (in-process) against `url`, trusting `certificate`, stopping after `maxEvents`.
    static func connect(_ item: RecordCase, url: String, certificate: String?, maxEvents: Int) async -> ClientRun {
        let arguments = (item.arguments + ["--backoff", "fixed:0.05", "--max-events", "\(maxEvents)"])
            .map { $0.replacingOccurrences(of: "{ca}", with: certificate ?? "") }
        let target = ClientTarget(
            service: item.service, url: url, caCertificatePath: certificate, token: item.tokens.first,
            arguments: arguments, scenario: "proxy-record", timeLimit: 15)
        return await InProcessClient().run(target)
    }

    /// The content events of each recorded connection, in order.
    static func recorded(_ out: String, service: String) throws -> [[JSONValue]] {
        try Fixture.discover(under: URL(fileURLWithPath: out)).map { folder in
            RecordCompare.contentEvents(try Fixture.load(directory: folder, name: "").expected, service: service)
        }
    }

    static let cases = RecordCase.all + RecordCase.overTLS

    /// Messages a decoded recording holds, as the fault grammar counts them (heartbeats included; no error lines,
    /// SSE comments or ignored lines).
    static func wireMessages(_ ndjson: [UInt8]) -> Int {
        ndjson.split(separator: 0x0A).filter { line in
            guard let value = try? JSONValue.parse(Array(line)) else { return false }
            return value["error"] == nil && value["comment"] == nil && value["ignored"] == nil
        }.count
    }

    @Test("through the proxy, each service's client gets what the mock sent; the recording replays, holds no secret, and is served back", arguments: cases)
    func proxiesRecordsAndServesBack(item: RecordCase) async throws {
        let mock = try await RecordMock.start(item)
        let out = recordOutputPath()
        defer { try? FileManager.default.removeItem(atPath: out) }
        let proxy = try await Self.startProxy(item, mock: mock, out: out)
        let run = await Self.connect(item, url: proxy.url, certificate: proxy.certificate, maxEvents: 3)
        let status = await proxy.stop()
        await mock.stop()
        // After stop: a write's log line can trail the client's read of it.
        let log = mock.log

        #expect(status == 0, "\(proxy.lines.withLock { $0 })")
        #expect(run.exit == 0, "\(run.logTail)")
        #expect(run.violations.isEmpty)
        #expect(proxy.url.hasPrefix("wss://") || proxy.url.hasPrefix("https://") == item.tls, "TLS as asked: \(proxy.url)")

        let folders = Fixture.discover(under: URL(fileURLWithPath: out))
        try #require(folders.count == 1, "one stream attempt, one fixture folder: \(folders)")
        let fixture = try Fixture.load(directory: folders[0], name: item.service)
        #expect(ReplayRunner().replay(fixture).failure == nil)
        #expect(fixture.connection.last?.event == "stop", "the client left: \(fixture.connection)")
        let recorded = RecordCompare.contentEvents(fixture.expected, service: item.service)
        let sent = RecordCompare.sent(log, service: item.service, conn: 1)
        #expect(recorded.count >= 3)
        #expect(recorded == Array(sent.prefix(recorded.count)), "the recording is what the mock sent")
        #expect(Array(run.events.prefix(3)) == Array(recorded.prefix(3)), "the client got what was recorded")
        for (path, bytes) in RecordCompare.files(under: out) {
            for secret in item.secrets + ["authorization", "bearer "] {
                #expect(!RecordCompare.contains(bytes, secret), "\(path) holds a credential")
            }
        }

        let served = try await RecordMock.start(item, fixture: out)
        let replayed = await ServeRecordingTests.connect(item, mock: served, maxEvents: recorded.count)
        await served.stop()
        #expect(replayed.exit == 0, "\(replayed.logTail)")
        #expect(replayed.events == recorded, "our client against the served recording")
        if let certificate = proxy.certificate { try? FileManager.default.removeItem(atPath: certificate) }
    }

    /// A fault on attempt 1, what the client's first connection must show, and how its recording must end.
    struct FaultCase: Sendable, CustomStringConvertible {
        var service: String
        var tls = false
        var fault: String
        /// Content events the client gets on attempt 1.
        var firstEvents: Int
        /// The reason of the client's first `lost` status.
        var lost: String
        /// The last `connection` event of the recording's first connection.
        var ending: String
        var description: String { "\(service) \(fault)" }
    }

    static let faultCases: [FaultCase] = [
        FaultCase(service: "central", fault: "drop-after:2@1", firstEvents: 2, lost: "ws-close-1006", ending: "drop"),
        FaultCase(service: "eisy", fault: "drop-mid:2@1", firstEvents: 2, lost: "ws-close-1006", ending: "drop"),
        FaultCase(service: "eisy", fault: "close:1011/3@1", firstEvents: 3, lost: "ws-close-1011", ending: "close"),
        FaultCase(service: "sse", fault: "drop-mid:1@1", firstEvents: 1, lost: "connection-closed", ending: "drop"),
        FaultCase(service: "eventstreamer", tls: true, fault: "drop-after:2@1", firstEvents: 2, lost: "connection-closed", ending: "drop"),
        FaultCase(service: "sse", fault: "status:503@1", firstEvents: 0, lost: "http-503", ending: "http-status"),
    ]

    @Test("faults at the upstream's message boundaries: the client sees exactly the faulted stream, then reconnects through the proxy", arguments: faultCases)
    func faultsAtMessageBoundaries(item: FaultCase) async throws {
        var base = RecordCase.named(item.service)
        if item.tls, !base.tls {
            base.tls = true
            base.arguments += ["--ca-cert", "{ca}"]
        }
        let mock = try await RecordMock.start(base)
        let out = recordOutputPath()
        defer { try? FileManager.default.removeItem(atPath: out) }
        let proxy = try await Self.startProxy(base, mock: mock, out: out, faults: [item.fault])
        let run = await Self.connect(base, url: proxy.url, certificate: proxy.certificate, maxEvents: item.firstEvents + 2)
        let status = await proxy.stop()
        await mock.stop()
        #expect(status == 0)
        #expect(run.exit == 0, "\(run.logTail)")
        let lost = run.statuses.filter { $0.value["status"] == .string("lost") }
        try #require(!lost.isEmpty, "\(run.statuses.map(\.value))")
        #expect(lost[0].value["reason"]?.stringValue == item.lost)
        // Attempt 1's events: everything before attempt 2 starts (eisy may hand a replay burst it held while
        // syncing to the consumer just after reporting the loss).
        var connectings = 0
        let beforeLoss = run.lines.prefix { line in
            if line.value["status"] == .string("connecting") { connectings += 1 }
            return connectings < 2
        }.compactMap { $0.value["event"] }

        let connections = try Self.recorded(out, service: item.service)
        try #require(connections.count >= 2, "the faulted attempt and the reconnect")
        #expect(beforeLoss == connections[0], "the client got on attempt 1 what the recording holds")
        let first = try Fixture.load(directory: URL(fileURLWithPath: out + "/connection-1"), name: "connection-1")
        #expect(Self.wireMessages(first.expected) == item.firstEvents, "messages on the wire before the fault")
        #expect(first.connection.last?.event == item.ending, "\(first.connection)")
        #expect(first.connection.contains { $0.event == "fault" && $0.fields["fault"] == item.fault })
        #expect(Array(run.events.suffix(2)) == Array(connections[1].prefix(2)), "attempt 2 went through unchanged")
        if let certificate = proxy.certificate { try? FileManager.default.removeItem(atPath: certificate) }
    }

    @Test("fault kinds that need a server of our own, an unknown kind and a missing upstream are refused (exit 64, stable codes)")
    func refusedOptions() async {
        let vectors: [([String], String, String)] = [
            (["oversize:1"], "ws://127.0.0.1:1", "fault-not-proxyable"),
            (["bad-deflate"], "http://127.0.0.1:1", "fault-not-proxyable"),
            (["nonsense:1"], "ws://127.0.0.1:1", "fault-unknown-kind"),
            ([], "", "missing-option"),
            ([], "ftp://x", "bad-option"),
        ]
        for (faults, url, code) in vectors {
            var options = ProxyRecordOptions()
            options.record.connect.url = url
            options.record.out = recordOutputPath()
            options.faults = faults
            let lines = LineBox()
            let output = ConnectOutput(sink: { bytes in lines.withLock { $0.append(String(decoding: bytes, as: UTF8.self)) } }, log: { _ in })
            let service = url.hasPrefix("http") ? "sse" : "eisy"
            let status = await ProxyRecorder().run(service: service, options: options, output: output)
            #expect(status == 64, "\(faults) \(url)")
            let last = lines.withLock { $0.last }.flatMap { try? JSONValue.parse(Array($0.utf8)) }
            #expect(last?["error"]?["code"]?.stringValue == code, "\(faults) \(url): \(String(describing: last))")
        }
    }
}

/// Lines a test's `ConnectOutput` printed.
final class LineBox: Sendable {
    private let lines = Mutex<[String]>([])
    func withLock<R>(_ body: (inout [String]) -> R) -> R { lines.withLock { body(&$0) } }
}
