import StreamTesting
import Synchronization
import Testing

@Suite struct VirtualClockTests {
    @Test func timeMovesOnlyWhenAdvanced() {
        let clock = VirtualClock()
        #expect(clock.now.offset == .zero)
        clock.advance(by: .seconds(5))
        #expect(clock.now.offset == .seconds(5))
        clock.advance(by: .seconds(-3))
        #expect(clock.now.offset == .seconds(5))
        clock.advance(to: VirtualClock.Instant(offset: .seconds(1)))
        #expect(clock.now.offset == .seconds(5))
    }

    @Test func aSleeperResumesOnlyOnceItsDeadlineIsReached() async throws {
        let clock = VirtualClock()
        let woke = Mutex(false)
        let task = Task {
            try await clock.sleep(until: clock.now.advanced(by: .seconds(10)))
            woke.withLock { $0 = true }
        }
        await clock.waitForSleepers(1)
        #expect(clock.nextDeadline?.offset == .seconds(10))
        clock.advance(by: .seconds(9))
        #expect(clock.sleeperCount == 1)
        #expect(woke.withLock { $0 } == false)
        clock.advance(by: .seconds(1))
        try await task.value
        #expect(woke.withLock { $0 })
        #expect(clock.sleeperCount == 0)
    }

    @Test func aReachedDeadlineReturnsAtOnce() async throws {
        let clock = VirtualClock()
        clock.advance(by: .seconds(3))
        try await clock.sleep(until: VirtualClock.Instant(offset: .seconds(2)))
        try await clock.sleep(for: .zero)
        #expect(clock.sleeperCount == 0)
    }

    @Test func sleepersResumeInDeadlineOrder() async throws {
        let clock = VirtualClock()
        let order = Log()
        var tasks: [Task<Void, any Error>] = []
        for seconds in [3, 1, 2] {
            tasks.append(Task {
                try await clock.sleep(until: VirtualClock.Instant(offset: .seconds(seconds)))
                order.append(seconds)
            })
        }
        await clock.waitForSleepers(3)
        #expect(clock.advanceToNextDeadline()?.offset == .seconds(1))
        try await tasks[1].value
        #expect(clock.advanceToNextDeadline()?.offset == .seconds(2))
        try await tasks[2].value
        #expect(clock.advanceToNextDeadline()?.offset == .seconds(3))
        try await tasks[0].value
        #expect(order.values == [1, 2, 3])
        #expect(clock.advanceToNextDeadline() == nil)
    }

    @Test func cancellingASleeperEndsItWithCancellationError() async {
        let clock = VirtualClock()
        let task = Task { try await clock.sleep(for: .seconds(60)) }
        await clock.waitForSleepers(1)
        task.cancel()
        let result = await task.result
        #expect(throws: CancellationError.self) { try result.get() }
        #expect(clock.sleeperCount == 0)
        #expect(clock.now.offset == .zero)
    }

    @Test func aTaskCancelledBeforeSleepingDoesNotSuspend() async {
        let clock = VirtualClock()
        let task = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            try await clock.sleep(for: .seconds(60))
        }
        let result = await task.result
        #expect(throws: CancellationError.self) { try result.get() }
        #expect(clock.sleeperCount == 0)
    }

    @Test func worksThroughTheClockProtocol() async throws {
        func elapsed<C: Clock<Duration>>(on clock: C, sleeping duration: Duration) async throws -> Duration {
            let start = clock.now
            try await clock.sleep(until: start.advanced(by: duration), tolerance: nil)
            return start.duration(to: clock.now)
        }
        let clock = VirtualClock()
        let task = Task { try await elapsed(on: clock, sleeping: .milliseconds(250)) }
        await clock.waitForSleepers(1)
        clock.advance(by: .milliseconds(250))
        #expect(try await task.value == .milliseconds(250))
    }
}

/// Values appended by concurrent tasks, read by the test.
final class Log: Sendable {
    private let storage = Mutex<[Int]>([])
    func append(_ value: Int) { storage.withLock { $0.append(value) } }
    var values: [Int] { storage.withLock { $0 } }
}
