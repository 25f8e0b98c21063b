@testable import Clients
import Synchronization
import Testing

/// The attempt gate (issue 17, exactly-once): a replaced attempt is cancelled but may still be running when the
/// driver starts the next; the next must not read the resume point until the replaced one returned.
@Suite struct AttemptGateTests {
    /// A body that ignores cancellation until released, as a transport finishing its last hand-over does.
    final class Latch: Sendable {
        private let waiter = Mutex<CheckedContinuation<Void, Never>?>(nil)
        private let opened = Mutex(false)

        func wait() async {
            await withCheckedContinuation { continuation in
                let open = opened.withLock { opened in
                    if !opened { waiter.withLock { $0 = continuation } }
                    return opened
                }
                if open { continuation.resume() }
            }
        }

        func open() {
            let continuation = opened.withLock { opened -> CheckedContinuation<Void, Never>? in
                opened = true
                return waiter.withLock { waiter in
                    defer { waiter = nil }
                    return waiter
                }
            }
            continuation?.resume()
        }
    }

    /// The order the bodies ran in, shared with the attempt tasks.
    final class Log: Sendable {
        let lines = Mutex<[String]>([])
    }

    @Test("the next attempt starts only after the replaced one returned, though it was cancelled first; without the gate it starts at once",
          arguments: [true, false])
    func attemptsRunOneAfterAnother(gated: Bool) async throws {
        let gate = AttemptGate()
        let log = Mutex<[String]>([])
        let latch = Latch()
        func attempt(_ body: @escaping @Sendable () async -> Void) -> Task<Void, any Error> {
            Task { if gated { try await gate.run { await body() } } else { await body() } }
        }
        let first = attempt {
            log.withLock { $0.append("first start") }
            await latch.wait()
            log.withLock { $0.append("first end") }
        }
        for _ in 0..<10_000 where !log.withLock({ $0.contains("first start") }) { await Task.yield() }
        first.cancel()
        let second = attempt { log.withLock { $0.append("second start") } }
        for _ in 0..<1_000 { await Task.yield() }
        let startedEarly = log.withLock { $0.contains("second start") }
        latch.open()
        _ = try? await first.value
        try await second.value
        if gated {
            #expect(!startedEarly)
            #expect(log.withLock { $0 } == ["first start", "first end", "second start"])
        } else {
            #expect(startedEarly, "without the gate the check sees the overlap")
        }
    }

    @Test("an attempt cancelled while it waits does not run, and the one after it still waits for the first")
    func cancelledWaiterIsSkipped() async throws {
        let gate = AttemptGate()
        let log = Log()
        let latch = Latch()
        let first = Task {
            try await gate.run {
                log.lines.withLock { $0.append("first start") }
                await latch.wait()
                log.lines.withLock { $0.append("first end") }
            }
        }
        for _ in 0..<10_000 where !log.lines.withLock({ $0.contains("first start") }) { await Task.yield() }
        let second = Task { try await gate.run { log.lines.withLock { $0.append("second start") } } }
        second.cancel()
        let third = Task { try await gate.run { log.lines.withLock { $0.append("third start") } } }
        for _ in 0..<1_000 { await Task.yield() }
        #expect(!log.lines.withLock { $0.contains("third start") })
        latch.open()
        try await first.value
        await #expect(throws: CancellationError.self) { try await second.value }
        try await third.value
        #expect(log.lines.withLock { $0 } == ["first start", "first end", "third start"])
    }
}
