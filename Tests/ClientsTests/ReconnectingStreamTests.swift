import Clients
import Codecs
import Reconnect
import StreamTesting
import Synchronization
import Testing

/// What each attempt of a scripted transport does.
enum Step: Sendable {
    /// Fail at once with this outcome.
    case fail(ConnectionOutcome)
    /// Throw this error.
    case throwing(any Error & Sendable)
    /// Open, deliver these events, then end with the outcome (nil: stay open until cancelled).
    case open(events: [Int], then: ConnectionOutcome?)
    /// Never return and ignore cancellation (until the test releases it).
    case hang
}

/// Records what the transport saw.
final class Script: Sendable {
    private struct State {
        var steps: [Step]
        var attemptTimes: [Duration] = []
        var credentials: [String] = []
        var cancelledAttempts = 0
        var delivered = 0
        var hung: [CheckedContinuation<Void, Never>] = []
    }

    private let state: Mutex<State>
    let clock: VirtualClock

    init(_ steps: [Step], clock: VirtualClock) {
        state = Mutex(State(steps: steps))
        self.clock = clock
    }

    var attemptTimes: [Duration] { state.withLock { $0.attemptTimes } }
    var credentials: [String] { state.withLock { $0.credentials } }
    var cancelledAttempts: Int { state.withLock { $0.cancelledAttempts } }
    var delivered: Int { state.withLock { $0.delivered } }

    /// Lets every hung attempt return.
    func releaseHung() {
        let hung = state.withLock { state in
            let hung = state.hung
            state.hung = []
            return hung
        }
        for continuation in hung { continuation.resume() }
    }

    func transport(_ connection: StreamConnection<Int>) async throws -> ConnectionOutcome {
        let step = state.withLock { state -> Step in
            state.attemptTimes.append(clock.now.offset)
            return state.steps.isEmpty ? .open(events: [], then: nil) : state.steps.removeFirst()
        }
        if let secret = try await connection.credentials() {
            state.withLock { $0.credentials.append(secret.revealed) }
        }
        switch step {
        case let .fail(outcome):
            return outcome
        case let .throwing(thrown):
            throw thrown
        case .hang:
            await withCheckedContinuation { continuation in state.withLock { $0.hung.append(continuation) } }
            return .tcpReset
        case let .open(events, then):
            connection.opened()
            for event in events {
                do {
                    try await connection.deliver(event)
                } catch {
                    state.withLock { $0.cancelledAttempts += 1 }
                    return .tcpReset
                }
                state.withLock { $0.delivered += 1 }
            }
            if let then { return then }
            // Parked until cancelled: the stream ends only on cancellation while its continuation lives.
            let (parked, continuation) = AsyncStream<Never>.makeStream()
            for await _ in parked {}
            continuation.finish()
            state.withLock { $0.cancelledAttempts += 1 }
            return .webSocketClose(1000)
        }
    }
}

struct GarbageError: Error {}

struct TLSRefused: ConnectionOutcomeConvertible {
    var connectionOutcome: ConnectionOutcome { .tls(.untrusted) }
}

func makeStream(
    _ script: Script, policy: ReconnectPolicy, classifier: OutcomeClassifier = .standard,
    liveness: LivenessRule? = nil, credentials: CredentialProvider? = nil, eventBufferLimit: Int = 64
) -> ReconnectingStream<Int> {
    ReconnectingStream<Int>(
        configuration: SupervisorConfiguration(policy: policy, classifier: classifier, liveness: liveness),
        clock: script.clock, random: SplitMix64(seed: 1), credentials: credentials,
        eventBufferLimit: eventBufferLimit, transport: { try await script.transport($0) }
    )
}

/// Reads statuses, advancing the virtual clock through every wait, until `until` says stop.
func follow(
    _ stream: ReconnectingStream<Int>, clock: VirtualClock, until: (ConnectionStatus) -> Bool
) async -> [ConnectionStatus] {
    var seen: [ConnectionStatus] = []
    for await status in stream.statuses {
        seen.append(status)
        if until(status) { break }
        if case .reconnecting = status {
            await clock.waitForSleepers(1)
            clock.advanceToNextDeadline()
        }
    }
    return seen
}

@Suite struct ReconnectingStreamTests {
    /// A 10, 20, 50 s schedule: three failures, then success; attempts at 0, 10, 30, 80 s of virtual time.
    /// Sleeping for real would take 80 s, so a 30 s wall-clock bound proves no wait was real on a loaded machine.
    @Test func failingThenSucceedingGivesTheExactStatusSequenceWithoutSleeping() async throws {
        let started = ContinuousClock.now
        let clock = VirtualClock()
        let script = Script(
            [.fail(.tcpRefused), .fail(.httpStatus(503)), .fail(.tcpReset), .open(events: [1, 2, 3], then: nil)],
            clock: clock
        )
        let policy = ReconnectPolicy(backoff: .schedule([10, 20, 50].map { .seconds($0) }), attemptTimeout: nil)
        let stream = makeStream(script, policy: policy)
        let statuses = await follow(stream, clock: clock) { $0 == .connected }
        #expect(statuses == [
            .connecting, .lost("tcp-refused"), .reconnecting(attempt: 1, delay: .seconds(10)),
            .connecting, .lost("http-503"), .reconnecting(attempt: 2, delay: .seconds(20)),
            .connecting, .lost("tcp-reset"), .reconnecting(attempt: 3, delay: .seconds(50)),
            .connecting, .connected,
        ])
        #expect(script.attemptTimes == [.zero, .seconds(10), .seconds(30), .seconds(80)])
        var events: [Int] = []
        for try await event in stream.events {
            events.append(event)
            if events.count == 3 { break }
        }
        #expect(events == [1, 2, 3])
        await stream.stop()
        #expect(ContinuousClock.now - started < .seconds(30))
    }

    @Test func stopEndsBothSequencesAndClosesTheConnection() async throws {
        let clock = VirtualClock()
        let script = Script([.open(events: [7], then: nil)], clock: clock)
        let stream = makeStream(script, policy: ReconnectPolicy(backoff: .fixed(.seconds(1)), attemptTimeout: nil))
        #expect(await follow(stream, clock: clock) { $0 == .connected } == [.connecting, .connected])
        await stream.stop()
        var rest: [ConnectionStatus] = []
        for await status in stream.statuses { rest.append(status) }
        #expect(rest == [.stopped(.stopRequested)])
        var events: [Int] = []
        for try await event in stream.events { events.append(event) }
        #expect(events == [7])
        #expect(script.cancelledAttempts == 1)
        await stream.stop()
    }

    @Test func stopWhileBackingOffEndsBothSequences() async throws {
        let clock = VirtualClock()
        let script = Script([.fail(.tcpRefused)], clock: clock)
        let stream = makeStream(script, policy: ReconnectPolicy(backoff: .fixed(.seconds(60)), attemptTimeout: nil))
        var seen: [ConnectionStatus] = []
        for await status in stream.statuses {
            seen.append(status)
            if case .reconnecting = status { await stream.stop() }
        }
        #expect(seen == [
            .connecting, .lost("tcp-refused"), .reconnecting(attempt: 1, delay: .seconds(60)), .stopped(.stopRequested),
        ])
        for try await _ in stream.events { Issue.record("no event expected") }
        #expect(clock.now.offset == .zero)
    }

    @Test func cancellingTheConsumerStopsTheStream() async throws {
        let clock = VirtualClock()
        let script = Script([.open(events: [1], then: nil)], clock: clock)
        let stream = makeStream(script, policy: ReconnectPolicy(backoff: .fixed(.seconds(1)), attemptTimeout: nil))
        let consumer = Task {
            var events: [Int] = []
            for try await event in stream.events { events.append(event) }
            return events
        }
        #expect(await follow(stream, clock: clock) { $0 == .connected } == [.connecting, .connected])
        consumer.cancel()
        #expect(try await consumer.value.count <= 1)
        await stream.finished()
        var rest: [ConnectionStatus] = []
        for await status in stream.statuses { rest.append(status) }
        #expect(rest == [.stopped(.stopRequested)])
        #expect(script.cancelledAttempts == 1)
    }

    /// A server that accepts and says nothing, with a transport that ignores cancellation: the attempt times
    /// out (`connect-timeout`), the next attempt goes ahead, and stop() gives up waiting after closeTimeout.
    @Test func aTransportThatNeverReturnsEndsInConnectTimeout() async throws {
        let clock = VirtualClock()
        let script = Script([.hang, .open(events: [], then: nil)], clock: clock)
        let stream = makeStream(script, policy: ReconnectPolicy(backoff: .fixed(.seconds(1)), attemptTimeout: .seconds(10)))
        var seen: [ConnectionStatus] = []
        for await status in stream.statuses {
            seen.append(status)
            if status == .connected { break }
            // Step through the attempt timeout and the retry wait, nothing else.
            if seen == [.connecting] || status.name == "reconnecting" {
                await clock.waitForSleepers(1)
                clock.advanceToNextDeadline()
            }
        }
        #expect(seen == [.connecting, .lost("connect-timeout"), .reconnecting(attempt: 1, delay: .seconds(1)),
                         .connecting, .connected])
        #expect(script.attemptTimes == [.zero, .seconds(11)])
        let stopping = Task { await stream.stop() }
        await clock.waitForSleepers(1)
        clock.advance(by: .seconds(2))
        await stopping.value
        script.releaseHung()
    }

    @Test func anUnclassifiedErrorIsRetried() async throws {
        let clock = VirtualClock()
        let script = Script([.throwing(GarbageError()), .open(events: [], then: nil)], clock: clock)
        let stream = makeStream(script, policy: ReconnectPolicy(backoff: .fixed(.seconds(3)), attemptTimeout: nil))
        #expect(await follow(stream, clock: clock) { $0 == .connected } == [
            .connecting, .lost("unclassified-error"), .reconnecting(attempt: 1, delay: .seconds(3)), .connecting, .connected,
        ])
        await stream.stop()
    }

    @Test func aClassifiedErrorGivesUpAndTheEventsThrowItsReason() async throws {
        let clock = VirtualClock()
        let script = Script([.throwing(TLSRefused())], clock: clock)
        let stream = makeStream(script, policy: .recommended)
        #expect(await follow(stream, clock: clock) { _ in false } == [
            .connecting, .lost("tls-untrusted"), .failed("tls-untrusted"),
        ])
        await #expect(throws: ReconnectFailure(reason: "tls-untrusted")) {
            for try await _ in stream.events {}
        }
    }

    @Test func aSlowConsumerStopsTheTransport() async throws {
        let clock = VirtualClock()
        let script = Script([.open(events: Array(1...10), then: nil)], clock: clock)
        let stream = makeStream(
            script, policy: ReconnectPolicy(backoff: .fixed(.seconds(1)), attemptTimeout: nil), eventBufferLimit: 2
        )
        _ = await follow(stream, clock: clock) { $0 == .connected }
        for _ in 0..<2000 { await Task.yield() }
        #expect(script.delivered == 2)
        var iterator = stream.events.makeAsyncIterator()
        #expect(try await iterator.next() == 1)
        for _ in 0..<2000 { await Task.yield() }
        #expect(script.delivered == 3)
        var rest: [Int] = []
        for _ in 2...10 { if let event = try await iterator.next() { rest.append(event) } }
        #expect(rest == Array(2...10))
        #expect(script.delivered == 10)
        await stream.stop()
    }

    /// A silent connection is declared dead after the window, closed (its task cancelled) and replaced.
    @Test func aSilentConnectionIsReplaced() async throws {
        let clock = VirtualClock()
        let script = Script([.open(events: [], then: nil), .open(events: [], then: nil)], clock: clock)
        let stream = makeStream(
            script, policy: ReconnectPolicy(backoff: .fixed(.seconds(1)), attemptTimeout: nil),
            liveness: LivenessRule(window: .seconds(35), outcome: .heartbeatMissed)
        )
        var seen: [ConnectionStatus] = []
        var connections = 0
        for await status in stream.statuses {
            seen.append(status)
            if status == .connected {
                connections += 1
                if connections == 2 { break }
            }
            // Step through the first connection's liveness deadline and the retry wait, nothing else.
            if status == .connected || status.name == "reconnecting" {
                await clock.waitForSleepers(1)
                clock.advanceToNextDeadline()
            }
        }
        #expect(seen == [.connecting, .connected, .lost("heartbeat-missed"),
                         .reconnecting(attempt: 1, delay: .seconds(1)), .connecting, .connected])
        #expect(script.attemptTimes == [.zero, .seconds(36)])
        #expect(script.cancelledAttempts == 1)
        await stream.stop()
    }

    /// 401 → the provider is asked again and the next attempt carries the new token.
    @Test func aRefreshHandsTheNextAttemptNewCredentials() async throws {
        let clock = VirtualClock()
        let script = Script([.fail(.httpStatus(401)), .open(events: [], then: nil)], clock: clock)
        let counter = Mutex(0)
        let stream = makeStream(
            script, policy: ReconnectPolicy(backoff: .fixed(.seconds(1)), attemptTimeout: nil),
            credentials: {
                let n = counter.withLock { value in
                    value += 1
                    return value
                }
                return Secret("tok-\(n)")
            }
        )
        #expect(await follow(stream, clock: clock) { $0 == .connected } == [
            .connecting, .lost("http-401"), .reconnecting(attempt: 1, delay: .seconds(1)), .connecting, .connected,
        ])
        #expect(script.credentials == ["tok-1", "tok-2"])
        await stream.stop()
    }
}
