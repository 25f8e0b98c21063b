import Clients
import Codecs
import Foundation
import MockServers
import Reconnect
import Synchronization

/// The repository's `Fixtures/` folder, found from this file.
let httpFixturesRoot: String = {
    var url = URL(fileURLWithPath: #filePath)
    for _ in 0..<4 { url.deleteLastPathComponent() }
    return url.appendingPathComponent("Fixtures").path
}()

/// The SSE mock on the bundled ctfy-style fixture.
func makeSSEMock(_ options: MockServerOptions) throws -> SSEMock {
    try SSEMock(fixture: try FixtureInput.load(httpFixturesRoot + "/sse/starlette-keepalive-json"), tokens: options.tokens)
}

/// The Event Streamer mock on the bundled SDK-recorded fixture.
func makeEventStreamerMock(_ options: MockServerOptions) throws -> EventStreamerMock {
    try EventStreamerMock(fixture: try FixtureInput.load(httpFixturesRoot + "/eventstreamer/stream-heartbeats-batches-error"))
}

/// Starts a mock on an ephemeral loopback port, sending as fast as the client reads, with an in-memory log.
func startHTTPMock<Service: MockService>(
    _ make: (MockServerOptions) throws -> Service, configure: (inout MockServerOptions) -> Void = { _ in }
) async throws -> (MockServer, Service) {
    var options = MockServerOptions()
    options.fixturesRoot = httpFixturesRoot
    options.rate = 0
    configure(&options)
    let service = try make(options)
    let log = try ServerLog(path: nil, keepLines: true)
    return (try await MockServer.start(service, options: options, log: log), service)
}

/// The mock log's lines with `"event": name`.
func mockLog(_ server: MockServer, _ name: String) -> [JSONValue] {
    server.context.log.lines.compactMap { try? JSONValue.parse(Array($0.utf8)) }.filter { $0["event"] == .string(name) }
}

/// Collects a client's statuses as they come.
final class StatusLog: Sendable {
    private let seen = Mutex<[ConnectionStatus]>([])

    init(_ statuses: AsyncStream<ConnectionStatus>) {
        Task { for await status in statuses { self.seen.withLock { $0.append(status) } } }
    }

    var all: [ConnectionStatus] { seen.withLock { $0 } }

    /// Waits (at most `timeout` of real time, polling) until `match` holds.
    func wait(timeout: Duration = .seconds(10), _ match: ([ConnectionStatus]) -> Bool) async -> Bool {
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        while clock.now < deadline {
            if match(all) { return true }
            try? await Task.sleep(for: .milliseconds(5))
        }
        return match(all)
    }

    var reconnectDelays: [Duration] {
        all.compactMap { if case let .reconnecting(_, delay) = $0 { delay } else { nil } }
    }
}

/// Up to `count` elements of `events` within `timeout`, and the error the sequence ended with.
func collect<S: AsyncSequence & Sendable>(
    _ events: S, count: Int, timeout: Duration = .seconds(20)
) async -> (elements: [S.Element], error: (any Error)?) where S.Element: Sendable {
    let box = CollectBox<S.Element>()
    await withTaskGroup(of: Void.self) { group in
        group.addTask {
            do {
                for try await event in events where box.append(event) >= count { break }
            } catch {
                box.fail(error)
            }
        }
        group.addTask { try? await Task.sleep(for: timeout) }
        await group.next()
        group.cancelAll()
    }
    return box.result
}

/// What `collect` gathered so far.
final class CollectBox<Element: Sendable>: Sendable {
    private let state = Mutex<(elements: [Element], error: (any Error)?)>(([], nil))

    /// Appends and returns the new count.
    func append(_ element: Element) -> Int {
        state.withLock { state in
            state.elements.append(element)
            return state.elements.count
        }
    }

    func fail(_ error: any Error) { state.withLock { $0.error = error } }

    var result: (elements: [Element], error: (any Error)?) {
        state.withLock { state in (state.elements, state.error) }
    }
}

/// A seeded generator (SplitMix64) for reproducible fault plans and jitter.
struct SeededRandom: RandomNumberGenerator, Sendable {
    var state: UInt64

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
