@testable import Clients
import EventStreamer
import MockServers
import Synchronization
import Testing

/// Handlers by event name over `EventStreamerClient.events` (issue 17; the SDK's `on_event` / `on_all_events`,
/// service-profiles §3.3), against the Event Streamer mock, whose fixture alternates `{Transfer}` and
/// `{Transfer, Swap}` batches.
@Suite struct EventStreamerHandlersTests {
    typealias Base = EventStreamerClientTests

    struct HandlerError: Error, Equatable {}

    /// `name|batch_id|event count` per handler call, in call order.
    final class Calls: Sendable {
        private let calls = Mutex<[String]>([])
        func add(_ call: String) { calls.withLock { $0.append(call) } }
        var all: [String] { calls.withLock { $0 } }
    }

    /// What the handlers should see for the mock's batches at `positions`: each group to its handler, in order.
    static func expected(_ mock: EventStreamerMock, _ positions: ClosedRange<Int>, named: Set<String>) -> [String] {
        positions.flatMap { position -> [String] in
            let batch = mock.batches[(position - 1) % mock.batches.count]
            return batch.events.map { group in
                (named.contains(group.name) ? "" : "other:") + "\(group.name)|batch_\(position)|\(group.events.count)"
            }
        }
    }

    @Test("each group goes to the handler for its name, the rest to onOther, in batch and group order; run ends with the stop")
    func routesByEventName() async throws {
        let (server, mock) = try await Base.mock()
        let client = try Base.client(Base.configuration(server))
        let calls = Calls()
        var handlers = EventStreamerHandlers()
        handlers.on("Transfer") { events, batch in calls.add("Transfer|\(batch.batchID)|\(events.count)") }
        handlers.onOther { group, batch in calls.add("other:\(group.name)|\(batch.batchID)|\(group.events.count)") }
        let running = Task { try await client.run(handlers) }
        let expected = Self.expected(mock, 1...Base.total, named: ["Transfer"])
        for _ in 0..<500 where calls.all.count < expected.count { try await Task.sleep(for: .milliseconds(10)) }
        await client.stop()
        try await running.value
        #expect(calls.all == expected)
        #expect(calls.all.contains { $0.hasPrefix("other:Swap|") }, "the fixture has Swap groups")
        await server.stop()
    }

    @Test("a group with no handler and no onOther is skipped, as the SDK skips it")
    func unhandledGroupsSkipped() async throws {
        let (server, mock) = try await Base.mock()
        let client = try Base.client(Base.configuration(server))
        let calls = Calls()
        var handlers = EventStreamerHandlers()
        handlers.on("Swap") { events, batch in calls.add("Swap|\(batch.batchID)|\(events.count)") }
        var batches: [StreamingEventBatch] = []
        for try await batch in client.events {
            batches.append(batch)
            try await handlers.handle(batch)
            if batches.count == 6 { break }
        }
        await client.stop()
        await server.stop()
        #expect(calls.all == Self.expected(mock, 1...6, named: ["Swap"]).filter { !$0.hasPrefix("other:") })
    }

    @Test("a handler's error ends run with it after that batch; run again goes on with the next batch")
    func handlerErrorEndsRun() async throws {
        let (server, _) = try await Base.mock()
        let client = try Base.client(Base.configuration(server))
        let calls = Calls()
        var failing = EventStreamerHandlers()
        failing.on("Transfer") { _, batch in
            calls.add(batch.batchID)
            if batch.batchID == "batch_3" { throw HandlerError() }
        }
        await #expect(throws: HandlerError.self) { try await client.run(failing) }
        #expect(calls.all == ["batch_1", "batch_2", "batch_3"])
        let (next, _) = await collect(client.events, count: 1, timeout: .seconds(5))
        #expect(next.map(\.batchID) == ["batch_4"])
        await client.stop()
        await server.stop()
    }
}
