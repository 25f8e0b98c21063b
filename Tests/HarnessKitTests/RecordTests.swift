import Codecs
import Foundation
@testable import HarnessKit
import Testing

/// `harness record` (issue 18): record from our own mocks, replay the recording, and compare what was recorded
/// with what the mock's log says it sent (never with the recorder's own output).
@Suite(.serialized) struct RecordTests {
    @Test("a recording of each service's mock replays to its expected NDJSON, which is what the mock sent",
          arguments: RecordCase.all)
    func recordsAndReplays(item: RecordCase) async throws {
        try await roundTrip(item)
    }

    @Test("the plain services record and replay the same over TLS", arguments: RecordCase.overTLS)
    func recordsOverTLS(item: RecordCase) async throws {
        try await roundTrip(item)
    }

    /// Record 3+ events from `item`'s mock, replay them, compare with the mock's log, grep for credentials.
    func roundTrip(_ item: RecordCase) async throws {
        let mock = try await RecordMock.start(item)
        let out = recordOutputPath()
        defer { try? FileManager.default.removeItem(atPath: out) }
        let run = try await runRecord(item, mock: mock, out: out, extra: ["--backoff", "fixed:0.05", "--max-events", "3"])
        await mock.stop()
        // After stop: a write's log line can trail the client's read of it.
        let log = mock.log

        #expect(run.status == 0, "\(run.lines.suffix(3)) \(run.logs.suffix(3))")

        let folders = Fixture.discover(under: URL(fileURLWithPath: out))
        try #require(folders.count == 1, "one connection, one fixture folder: \(folders)")
        let fixture = try Fixture.load(directory: folders[0], name: item.service)
        #expect(fixture.codec == RecordService(rawValue: item.service)?.codec)
        #expect(fixture.chunks?.isEmpty == false)
        #expect(fixture.connection.first?.event == "connect")
        #expect(fixture.connection.contains { $0.event == "http-status" })
        #expect(ReplayRunner().replay(fixture).failure == nil)

        let recorded = RecordCompare.contentEvents(fixture.expected, service: item.service)
        let sent = RecordCompare.sent(log, service: item.service, conn: 1)
        #expect(recorded.count >= 3, "at least --max-events events: \(recorded.count)")
        // The mock may log a message as sent that was still in flight when our client closed: a prefix.
        #expect(recorded.count <= sent.count)
        #expect(recorded == Array(sent.prefix(recorded.count)))

        for (path, bytes) in RecordCompare.files(under: out) {
            for secret in item.secrets + ["authorization", "bearer "] {
                #expect(!RecordCompare.contains(bytes, secret), "\(path) holds a credential")
            }
        }
    }

    @Test("a dropped connection records two connection folders, each replaying to what the mock sent on it")
    func dropGivesTwoConnections() async throws {
        let item = RecordCase.named("central")
        let mock = try await RecordMock.start(item, faults: ["drop-after:3@1"])
        let out = recordOutputPath()
        defer { try? FileManager.default.removeItem(atPath: out) }
        let run = try await runRecord(item, mock: mock, out: out, extra: ["--backoff", "fixed:0.05", "--max-events", "6"])
        await mock.stop()
        // After stop: a write's log line can trail the client's read of it.
        let log = mock.log

        #expect(run.status == 0, "\(run.lines.suffix(3))")

        let root = URL(fileURLWithPath: out)
        #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent("fixture.json").path))
        let folders = Fixture.discover(under: root)
        #expect(folders.map(\.lastPathComponent) == ["connection-1", "connection-2"])
        for (index, folder) in folders.enumerated() {
            let fixture = try Fixture.load(directory: folder, name: folder.lastPathComponent)
            #expect(ReplayRunner().replay(fixture).failure == nil)
            let recorded = RecordCompare.contentEvents(fixture.expected, service: item.service)
            let sent = RecordCompare.sent(log, service: item.service, conn: index + 1)
            if index == 0 {
                #expect(recorded == sent, "the dropped connection: everything the mock sent before the drop")
                #expect(recorded.count == 3)
                #expect(fixture.connection.last?.event == "drop", "\(fixture.connection)")
            } else {
                #expect(!recorded.isEmpty && recorded == Array(sent.prefix(recorded.count)))
                #expect(fixture.connection.last?.event == "stop")
            }
        }
    }

    @Test("a configured token whose bytes are in the payload is refused with secret-in-payload, unless allowed")
    func secretInPayload() async throws {
        // The SSE mock's synthesized events name `sensor-01`; used as the token, its bytes are in the payload.
        var item = RecordCase.named("sse")
        item.tokens = ["sensor-01"]
        item.arguments = ["--token", "sensor-01"]
        let extra = ["--backoff", "fixed:0.05", "--max-events", "3"]

        let mock = try await RecordMock.start(item)
        let refused = recordOutputPath()
        defer { try? FileManager.default.removeItem(atPath: refused) }
        let run = try await runRecord(item, mock: mock, out: refused, extra: extra)
        #expect(run.status == RecordExitCode.secretInPayload)
        #expect(run.status == 65)
        #expect(run.errorCode == "secret-in-payload")
        #expect(RecordCompare.files(under: refused).isEmpty, "nothing written")
        for line in run.lines where line["error"] != nil {
            let message = line["error"]?["message"]?.stringValue ?? ""
            #expect(!message.contains("sensor-01"))
        }

        let allowed = recordOutputPath()
        defer { try? FileManager.default.removeItem(atPath: allowed) }
        let kept = try await runRecord(item, mock: mock, out: allowed, extra: extra, allowSecret: true)
        await mock.stop()
        #expect(kept.status == 0)
        let folders = Fixture.discover(under: URL(fileURLWithPath: allowed))
        try #require(folders.count == 1)
        let fixture = try Fixture.load(directory: folders[0], name: "sse")
        #expect(ReplayRunner().replay(fixture).failure == nil)
        // Allowed in the payload (the server's bytes), never in the manifest's own fields.
        let manifest = try Data(contentsOf: folders[0].appendingPathComponent("fixture.json"))
        #expect(!RecordCompare.contains(Array(manifest), "authorization"))
    }

    @Test("a missing --out and a non-empty --out are refused before connecting (exit 64, stable codes)")
    func outputChecks() async throws {
        let item = RecordCase.named("sse")
        let mock = try await RecordMock.start(item)
        let busy = recordOutputPath()
        try FileManager.default.createDirectory(atPath: busy, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: busy) }
        try Data("x".utf8).write(to: URL(fileURLWithPath: busy + "/old.txt"))
        let exists = try await runRecord(item, mock: mock, out: busy, extra: ["--max-events", "1"])
        let missing = try await runRecord(item, mock: mock, out: "", extra: ["--max-events", "1"])
        await mock.stop()
        // After stop: a write's log line can trail the client's read of it.
        let log = mock.log

        #expect(exists.status == 64 && exists.errorCode == "out-exists")
        #expect(missing.status == 64 && missing.errorCode == "missing-option")
        #expect(!log.contains { $0["event"] == .string("connect") }, "no connection was made")
        #expect(RecordCompare.files(under: busy).map(\.0) == ["old.txt"])
    }
}
