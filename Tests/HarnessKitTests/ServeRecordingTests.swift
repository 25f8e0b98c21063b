import Codecs
import Foundation
@testable import HarnessKit
import Testing

/// `harness serve <service> --fixture DIR` with a `harness record` folder (issue 18): our client, run against the
/// served recording, receives the recorded events, and a recorded drop is served as a drop on the same attempt.
@Suite(.serialized) struct ServeRecordingTests {
    /// Records `item` from its mock into a fresh folder; the path and the content events per connection.
    static func record(_ item: RecordCase, faults: [String] = [], maxEvents: Int) async throws -> (String, [[JSONValue]]) {
        let mock = try await RecordMock.start(item, faults: faults)
        let out = recordOutputPath()
        let run = try await runRecord(item, mock: mock, out: out, extra: ["--backoff", "fixed:0.05", "--max-events", "\(maxEvents)"])
        await mock.stop()
        #expect(run.status == 0)
        let connections = try Fixture.discover(under: URL(fileURLWithPath: out)).map { folder in
            RecordCompare.contentEvents(try Fixture.load(directory: folder, name: "").expected, service: item.service)
        }
        return (out, connections)
    }

    /// Our client (in-process, as `harness verify` runs it) against `mock`, stopping after `maxEvents`.
    static func connect(_ item: RecordCase, mock: RecordMock, maxEvents: Int) async -> ClientRun {
        let arguments = (item.arguments + ["--backoff", "fixed:0.05", "--max-events", "\(maxEvents)"])
            .map { $0.replacingOccurrences(of: "{ca}", with: mock.ca ?? "") }
        let target = ClientTarget(
            service: item.service, url: mock.url(item.service), caCertificatePath: mock.ca, token: item.tokens.first,
            arguments: arguments, scenario: "serve-recording", timeLimit: 15)
        return await InProcessClient().run(target)
    }

    @Test("our client receives exactly the recorded events from the served recording", arguments: RecordCase.all)
    func servesRecordingBack(item: RecordCase) async throws {
        let (out, connections) = try await Self.record(item, maxEvents: 3)
        defer { try? FileManager.default.removeItem(atPath: out) }
        let recorded = connections.flatMap { $0 }
        try #require(recorded.count >= 3)

        let served = try await RecordMock.start(item, fixture: out)
        let run = await Self.connect(item, mock: served, maxEvents: recorded.count)
        let log = served.log
        await served.stop()
        #expect(run.violations.isEmpty, "\(run.violations)")
        #expect(run.exit == 0, "\(run.logTail)")
        #expect(run.events == recorded)
        #expect(log.filter { $0["event"] == .string("connect") }.count == 1)
    }

    @Test("a recorded drop is served as a drop on attempt 1; attempt 2 serves the second connection")
    func servesDropAndSecondConnection() async throws {
        let item = RecordCase.named("central")
        let (out, connections) = try await Self.record(item, faults: ["drop-after:3@1"], maxEvents: 6)
        defer { try? FileManager.default.removeItem(atPath: out) }
        try #require(connections.count == 2)

        let served = try await RecordMock.start(item, fixture: out)
        let total = connections.flatMap { $0 }.count
        let run = await Self.connect(item, mock: served, maxEvents: total)
        let log = served.log
        await served.stop()
        #expect(run.exit == 0, "\(run.logTail)")
        #expect(run.events == connections.flatMap { $0 })
        let lost = run.statuses.filter { $0.value["status"] == .string("lost") }
        #expect(lost.count == 1, "one drop: \(run.statuses.map(\.value))")
        #expect(log.filter { $0["event"] == .string("connect") }.count == 2)
        let sentOnFirst = log.filter { $0["event"] == .string("sent") && $0["conn"]?.intValue == 1 }
        #expect(sentOnFirst.count == connections[0].count)
    }

    @Test("a recorded close code is recorded as close and served back with the same code")
    func servesCloseCode() async throws {
        let item = RecordCase.named("eisy")
        let (out, connections) = try await Self.record(item, faults: ["close:1011/3@1"], maxEvents: 6)
        defer { try? FileManager.default.removeItem(atPath: out) }
        try #require(connections.count == 2)
        let first = try Fixture.load(directory: URL(fileURLWithPath: out + "/connection-1"), name: "connection-1")
        #expect(first.connection.last?.event == "close")
        #expect(first.connection.last?.fields["code"] == "1011")

        let served = try await RecordMock.start(item, fixture: out)
        let run = await Self.connect(item, mock: served, maxEvents: connections.flatMap { $0 }.count)
        await served.stop()
        #expect(run.exit == 0, "\(run.logTail)")
        #expect(run.events == connections.flatMap { $0 })
        let lost = run.statuses.filter { $0.value["status"] == .string("lost") }.map { $0.value["reason"] }
        #expect(lost == [.string("ws-close-1011")])
    }
}
