import Codecs
import Reconnect
import StreamTesting
import Testing

/// Drives a supervisor in virtual time: `at(seconds, input)` returns the actions.
struct Drive {
    var supervisor: Supervisor

    init(_ configuration: SupervisorConfiguration, random: some RandomNumberGenerator & Sendable = FixedUnits([0.5])) {
        supervisor = Supervisor(configuration: configuration, random: random)
    }

    mutating func at(_ seconds: Double, _ input: SupervisorInput) -> [SupervisorAction] {
        supervisor.handle(input, now: t(seconds))
    }
}

func t(_ seconds: Double) -> MonotonicInstant { MonotonicInstant(nanoseconds: UInt64(seconds * 1e9)) }
let g1 = Generation(1), g2 = Generation(2), g3 = Generation(3), g4 = Generation(4)

/// Fixed 5 s, no attempt timeout, no limits, reset after 60 s up: the plainest schedule to read.
let plain = SupervisorConfiguration(
    policy: ReconnectPolicy(backoff: .fixed(.seconds(5)), attemptTimeout: nil), classifier: .standard
)

@Suite struct SupervisorTests {
    @Test func startConnectsWithGenerationOneAndArmsTheAttemptTimeout() {
        var drive = Drive(SupervisorConfiguration())
        #expect(drive.at(0, .start) == [.status(.connecting), .connect(g1), .waitUntil(t(30))])
        #expect(drive.at(1, .start) == [])
    }

    @Test func failuresThenSuccessGiveTheExactStatusSequence() {
        var drive = Drive(plain)
        #expect(drive.at(0, .start) == [.status(.connecting), .connect(g1)])
        #expect(drive.at(1, .attemptFailed(g1, .tcpRefused)) == [
            .status(.lost("tcp-refused")), .status(.reconnecting(attempt: 1, delay: .seconds(5))), .waitUntil(t(6)),
        ])
        #expect(drive.at(5.9, .tick) == [])
        #expect(drive.at(6, .tick) == [.status(.connecting), .connect(g2)])
        #expect(drive.at(7, .attemptFailed(g2, .httpStatus(503))) == [
            .status(.lost("http-503")), .status(.reconnecting(attempt: 2, delay: .seconds(5))), .waitUntil(t(12)),
        ])
        #expect(drive.at(12, .tick) == [.status(.connecting), .connect(g3)])
        #expect(drive.at(12.5, .attemptSucceeded(g3)) == [.status(.connected)])
        #expect(drive.supervisor.liveGeneration == g3)
        #expect(drive.supervisor.attemptsMade == 3)
    }

    /// LaunchDarkly-style reset: the backoff starts again only after a connection stayed up for the window;
    /// a connection that opens and drops early keeps the count going.
    @Test func backoffResetsOnlyAfterTheStabilityWindow() {
        let configuration = SupervisorConfiguration(
            policy: ReconnectPolicy(
                backoff: .schedule([1, 2, 5, 10].map { .seconds($0) }), reset: .afterStableFor(.seconds(60)),
                attemptTimeout: nil
            )
        )
        var drive = Drive(configuration)
        _ = drive.at(0, .start)
        #expect(drive.at(0, .attemptFailed(g1, .tcpRefused)).contains(.status(.reconnecting(attempt: 1, delay: .seconds(1)))))
        #expect(drive.at(1, .tick) == [.status(.connecting), .connect(g2)])
        #expect(drive.at(1, .attemptSucceeded(g2)) == [.status(.connected)])
        // Up 59.9 s: the open alone does not reset.
        #expect(drive.at(60.9, .attemptFailed(g2, .webSocketClose(1011))).contains(
            .status(.reconnecting(attempt: 2, delay: .seconds(2)))
        ))
        _ = drive.at(62.9, .tick)
        _ = drive.at(63, .attemptSucceeded(g3))
        // Up exactly 60 s: reset, so this is the first retry again.
        #expect(drive.at(123, .attemptFailed(g3, .webSocketClose(1011))).contains(
            .status(.reconnecting(attempt: 1, delay: .seconds(1)))
        ))
    }

    /// pyisyox §2.6: the schedule index is reset as soon as the socket opens.
    @Test func resetOnOpen() {
        var drive = Drive(SupervisorConfiguration(policy: .pyisyox, classifier: .eisy))
        _ = drive.at(0, .start)
        #expect(drive.at(0, .attemptFailed(g1, .httpStatus(503))).contains(.status(.reconnecting(attempt: 1, delay: .seconds(1)))))
        _ = drive.at(1, .tick)
        #expect(drive.at(1, .attemptFailed(g2, .tcpRefused)).contains(.status(.reconnecting(attempt: 2, delay: .seconds(2)))))
        _ = drive.at(3, .tick)
        _ = drive.at(3, .attemptSucceeded(g3))
        #expect(drive.at(3.1, .attemptFailed(g3, .webSocketClose(1006))).contains(
            .status(.reconnecting(attempt: 1, delay: .seconds(1)))
        ))
    }

    /// pycentral §1.7: `max_retries=3` → 3 attempts with 2 delays, counted across successful connections.
    @Test func lifetimeLimitCountsAcrossSuccessfulConnections() {
        var drive = Drive(SupervisorConfiguration(policy: .pycentral(maxAttempts: 3), classifier: .centralCompatible))
        _ = drive.at(0, .start)
        _ = drive.at(0, .attemptSucceeded(g1))
        #expect(drive.at(3600, .attemptFailed(g1, .webSocketClose(1000))).contains(
            .status(.reconnecting(attempt: 1, delay: .seconds(5)))
        ))
        _ = drive.at(3605, .tick)
        _ = drive.at(3605, .attemptSucceeded(g2))
        #expect(drive.at(7200, .attemptFailed(g2, .webSocketClose(1011))).contains(
            .status(.reconnecting(attempt: 2, delay: .seconds(5)))
        ))
        _ = drive.at(7205, .tick)
        #expect(drive.at(7206, .attemptFailed(g3, .tcpRefused)) == [
            .status(.lost("tcp-refused")), .status(.failed(.retriesExhausted)), .finished(.failed(.retriesExhausted)),
        ])
        #expect(drive.supervisor.attemptsMade == 3)
    }

    /// pycentral: 0 and 1 both mean a single attempt.
    @Test(arguments: [0, 1])
    func lifetimeLimitOfZeroOrOneMeansOneAttempt(_ limit: Int) {
        var drive = Drive(SupervisorConfiguration(policy: .pycentral(maxAttempts: limit)))
        _ = drive.at(0, .start)
        #expect(drive.at(1, .attemptFailed(g1, .tcpRefused)).last == .finished(.failed(.retriesExhausted)))
    }

    /// getstream §5.5: 5 attempts per episode, then it gives up; the episode counter resets on open.
    @Test func perOutageLimit() {
        var drive = Drive(SupervisorConfiguration(policy: .getstream, classifier: .streamCoordinator))
        _ = drive.at(0, .start)
        _ = drive.at(0, .attemptSucceeded(g1))
        var now = 10.0
        var generation: UInt64 = 1
        for attempt in 1...5 {
            let actions = drive.at(now, .attemptFailed(Generation(generation), .webSocketClose(1011)))
            guard case let .status(.reconnecting(k, delay)) = actions[1] else {
                Issue.record("no reconnecting status: \(actions)")
                return
            }
            #expect(k == attempt)
            now += delay.secondsValue
            generation += 1
            #expect(drive.at(now, .tick) == [.status(.connecting), .connect(Generation(generation)), .waitUntil(t(now + 30))])
        }
        #expect(drive.at(now + 1, .attemptFailed(Generation(generation), .tcpRefused)).suffix(2) == [
            .status(.failed(.retriesExhausted)), .finished(.failed(.retriesExhausted)),
        ])
    }

    /// The generation guard (getstream's `ws_id`, structural): once a connection is replaced nothing it says
    /// acts, and a replaced attempt that opens late is told to close.
    @Test func staleGenerationsAreIgnored() {
        let configuration = SupervisorConfiguration(
            policy: ReconnectPolicy(backoff: .fixed(.seconds(1)), attemptTimeout: nil),
            liveness: LivenessRule(window: .seconds(10))
        )
        var drive = Drive(configuration)
        _ = drive.at(0, .start)
        _ = drive.at(0, .attemptSucceeded(g1))
        #expect(drive.at(10, .tick).prefix(2) == [.closeConnection(g1, "idle-timeout"), .status(.lost("idle-timeout"))])
        #expect(drive.at(10.1, .attemptFailed(g1, .webSocketClose(1006))) == [])
        #expect(drive.at(10.2, .received(g1)) == [])
        #expect(drive.at(10.3, .attemptSucceeded(g1)) == [.closeConnection(g1, .staleGeneration)])
        #expect(drive.at(11, .tick) == [.status(.connecting), .connect(g2)])
        #expect(drive.at(11.1, .attemptFailed(g1, .tcpReset)) == [])
        #expect(drive.at(11.2, .attemptSucceeded(g2)) == [.status(.connected), .waitUntil(t(21.2))])
        #expect(drive.at(12, .synced(g1)) == [])
        #expect(drive.at(13, .attemptFailed(g2, .tcpReset)).first == .status(.lost("tcp-reset")))
    }

    /// Stream §5.4: no traffic for 35 s means dead; traffic pushes the deadline, lazily (the timer fires at the
    /// old deadline and asks again).
    @Test func livenessDeathAfterTheWindowOfSilence() {
        let configuration = SupervisorConfiguration(
            policy: ReconnectPolicy(backoff: .fixed(.seconds(1)), attemptTimeout: nil),
            classifier: .streamCoordinator,
            liveness: LivenessRule(window: .seconds(35), outcome: .heartbeatMissed)
        )
        var drive = Drive(configuration)
        _ = drive.at(0, .start)
        #expect(drive.at(0, .attemptSucceeded(g1)) == [.status(.connected), .waitUntil(t(35))])
        #expect(drive.at(20, .received(g1)) == [])
        #expect(drive.supervisor.lastTrafficAt == t(20))
        #expect(drive.at(35, .tick) == [.waitUntil(t(55))])
        #expect(drive.at(55, .tick) == [
            .closeConnection(g1, "heartbeat-missed"), .status(.lost("heartbeat-missed")),
            .status(.reconnecting(attempt: 1, delay: .seconds(1))), .waitUntil(t(56)),
        ])
    }

    /// eisy: twice the announced heartbeat interval replaces the configured window; its expiry is a missed
    /// heartbeat, not an idle stream.
    @Test func aServiceAnnouncedLivenessWindowApplies() {
        var drive = Drive(SupervisorConfiguration(
            policy: ReconnectPolicy(backoff: .fixed(.seconds(1)), attemptTimeout: nil),
            liveness: LivenessRule(window: .seconds(300))
        ))
        _ = drive.at(0, .start)
        #expect(drive.at(0, .attemptSucceeded(g1)) == [.status(.connected), .waitUntil(t(300))])
        #expect(drive.at(1, .livenessWindow(g1, .seconds(60))) == [.waitUntil(t(60))])
        #expect(drive.at(60, .tick).first == .closeConnection(g1, "heartbeat-missed"))
    }

    /// eisy §2.5: syncing until 1 s without traffic, at most 10 s.
    @Test func syncingEndsAfterQuietOrCap() {
        let configuration = SupervisorConfiguration(
            policy: ReconnectPolicy(backoff: .fixed(.seconds(1)), attemptTimeout: nil), syncing: SyncingRule()
        )
        var drive = Drive(configuration)
        _ = drive.at(0, .start)
        #expect(drive.at(0, .attemptSucceeded(g1)) == [.status(.syncing), .waitUntil(t(1))])
        _ = drive.at(0.5, .received(g1))
        #expect(drive.at(1, .tick) == [.waitUntil(t(1.5))])
        #expect(drive.at(1.5, .tick) == [.status(.connected)])

        var busy = Drive(configuration)
        _ = busy.at(0, .start)
        _ = busy.at(0, .attemptSucceeded(g1))
        var statuses: [SupervisorAction] = []
        for step in 1...24 {
            let now = Double(step) * 0.5
            _ = busy.at(now, .received(g1))
            statuses += busy.at(now, .tick).filter { if case .status = $0 { true } else { false } }
            if !statuses.isEmpty {
                #expect(now == 10)
                break
            }
        }
        #expect(statuses == [.status(.connected)])
    }

    @Test func anExplicitSyncedEndsSyncing() {
        var drive = Drive(SupervisorConfiguration(policy: ReconnectPolicy(backoff: .fixed(.seconds(1)), attemptTimeout: nil),
                                                  syncing: SyncingRule()))
        _ = drive.at(0, .start)
        _ = drive.at(0, .attemptSucceeded(g1))
        #expect(drive.at(0.2, .synced(g1)) == [.status(.connected)])
        #expect(drive.at(0.3, .synced(g1)) == [])
    }

    /// A server that accepts TCP and says nothing: the attempt fails with `connect-timeout` after the timeout.
    @Test func attemptTimeout() {
        var drive = Drive(SupervisorConfiguration(policy: ReconnectPolicy(backoff: .fixed(.seconds(2)), attemptTimeout: .seconds(30))))
        _ = drive.at(0, .start)
        #expect(drive.at(29, .tick) == [])
        #expect(drive.at(30, .tick) == [
            .closeConnection(g1, "connect-timeout"), .status(.lost("connect-timeout")),
            .status(.reconnecting(attempt: 1, delay: .seconds(2))), .waitUntil(t(32)),
        ])
    }

    /// Refresh at most once until a connection opens; a second 401 straight after gives up.
    @Test func refreshAtMostOncePerOpen() {
        var drive = Drive(plain)
        _ = drive.at(0, .start)
        #expect(drive.at(1, .attemptFailed(g1, .httpStatus(401))) == [.status(.lost("http-401")), .refreshCredentials])
        #expect(drive.at(1, .tick) == [])
        #expect(drive.at(2, .credentialsRefreshed) == [
            .status(.reconnecting(attempt: 1, delay: .seconds(5))), .waitUntil(t(7)),
        ])
        _ = drive.at(7, .tick)
        _ = drive.at(7, .attemptSucceeded(g2))
        // Opened: a later 401 may refresh again.
        #expect(drive.at(100, .attemptFailed(g2, .httpStatus(401))) == [.status(.lost("http-401")), .refreshCredentials])
        _ = drive.at(101, .credentialsRefreshed)
        _ = drive.at(106, .tick)
        #expect(drive.at(107, .attemptFailed(g3, .httpStatus(401))) == [
            .status(.lost("http-401")), .status(.failed("http-401")), .finished(.failed("http-401")),
        ])
    }

    @Test func aStaticCredentialGivesUpInsteadOfRefreshing() {
        var configuration = plain
        configuration.canRefreshCredentials = false
        configuration.classifier = .streamCoordinator
        var drive = Drive(configuration)
        _ = drive.at(0, .start)
        #expect(drive.at(1, .attemptFailed(g1, .serviceError("token-expired", recoverable: true))) == [
            .status(.lost("token-expired")), .status(.failed("token-expired")), .finished(.failed("token-expired")),
        ])
    }

    @Test func aFailedRefreshGivesUp() {
        var drive = Drive(plain)
        _ = drive.at(0, .start)
        _ = drive.at(1, .attemptFailed(g1, .httpStatus(401)))
        #expect(drive.at(2, .credentialsRefreshFailed) == [
            .status(.failed(.credentialsRefreshFailed)), .finished(.failed(.credentialsRefreshFailed)),
        ])
    }

    /// `Retry-After` replaces the computed delay, without jitter, clamped to [100 ms, 1 h].
    @Test(arguments: [
        (Duration.seconds(120), Duration.seconds(120)), (.zero, .milliseconds(100)), (.seconds(36_000), .seconds(3600)),
    ])
    func retryAfterReplacesTheComputedDelay(_ retryAfter: Duration, _ expected: Duration) {
        var drive = Drive(SupervisorConfiguration(policy: .getstream, classifier: .streamCoordinator))
        _ = drive.at(0, .start)
        #expect(drive.at(1, .attemptFailed(g1, .httpStatus(503, retryAfter: retryAfter)))[1]
            == .status(.reconnecting(attempt: 1, delay: expected)))
    }

    /// SSE `retry:` sets the reconnection time for every later retry (WHATWG §9.2.6).
    @Test func serverDirectedReconnectionTimeSticks() {
        var drive = Drive(SupervisorConfiguration(policy: .recommended, classifier: .sse))
        _ = drive.at(0, .start)
        _ = drive.at(0, .attemptSucceeded(g1))
        #expect(drive.at(1, .serverDirectedDelay(g1, .seconds(3))) == [])
        #expect(drive.at(2, .attemptFailed(g1, .tcpReset))[1] == .status(.reconnecting(attempt: 1, delay: .seconds(3))))
        _ = drive.at(5, .tick)
        #expect(drive.at(6, .attemptFailed(g2, .tcpRefused))[1] == .status(.reconnecting(attempt: 2, delay: .seconds(3))))
    }

    /// SSE: a clean end reconnects at once the first time, then backs off (no hot loop).
    @Test func cleanEndReconnectsAtOnceThenBacksOff() {
        var drive = Drive(SupervisorConfiguration(
            policy: ReconnectPolicy(backoff: .fixed(.seconds(4)), attemptTimeout: nil), classifier: .sse
        ))
        _ = drive.at(0, .start)
        _ = drive.at(0, .attemptSucceeded(g1))
        #expect(drive.at(100, .attemptFailed(g1, .endOfStream)) == [
            .status(.lost("end-of-stream")), .status(.reconnecting(attempt: 1, delay: .zero)), .waitUntil(t(100)),
        ])
        #expect(drive.at(100, .tick) == [.status(.connecting), .connect(g2)])
        _ = drive.at(100, .attemptSucceeded(g2))
        #expect(drive.at(100.5, .attemptFailed(g2, .endOfStream))[1] == .status(.reconnecting(attempt: 2, delay: .seconds(4))))
    }

    @Test func stopClosesTheLiveConnectionAndEndsEverything() {
        var drive = Drive(plain)
        _ = drive.at(0, .start)
        _ = drive.at(0, .attemptSucceeded(g1))
        #expect(drive.at(5, .stop) == [
            .closeConnection(g1, .stopRequested), .status(.stopped(.stopRequested)), .finished(.stopped(.stopRequested)),
        ])
        #expect(drive.supervisor.termination == .stopped(.stopRequested))
        #expect(drive.at(6, .attemptFailed(g1, .webSocketClose(1000))) == [])
        #expect(drive.at(7, .tick) == [])
        #expect(drive.at(8, .start) == [])
    }

    @Test func stopWhileWaitingEndsWithoutAClose() {
        var drive = Drive(plain)
        _ = drive.at(0, .start)
        _ = drive.at(0, .attemptFailed(g1, .tcpRefused))
        #expect(drive.at(1, .stop) == [.status(.stopped(.stopRequested)), .finished(.stopped(.stopRequested))])
    }

    /// Stream §5.5: close 1000 is a permanent rejection.
    @Test func aServiceStopIsStoppedNotFailed() {
        var drive = Drive(SupervisorConfiguration(policy: .getstream, classifier: .streamCoordinator))
        _ = drive.at(0, .start)
        _ = drive.at(0, .attemptSucceeded(g1))
        #expect(drive.at(1, .attemptFailed(g1, .webSocketClose(1000))) == [
            .status(.lost("ws-close-1000")), .status(.stopped("ws-close-1000")), .finished(.stopped("ws-close-1000")),
        ])
    }

    @Test func aFatalOutcomeFails() {
        var drive = Drive(SupervisorConfiguration())
        _ = drive.at(0, .start)
        #expect(drive.at(1, .attemptFailed(g1, .tls(.hostnameMismatch))) == [
            .status(.lost("tls-hostname-mismatch")), .status(.failed("tls-hostname-mismatch")),
            .finished(.failed("tls-hostname-mismatch")),
        ])
    }

    /// Five consecutive drops each reconnect (the PR-head `StreamChatWS` defect, §5.8, cannot happen).
    @Test func everyDropReconnects() {
        var drive = Drive(SupervisorConfiguration(policy: .getstream, classifier: .streamCoordinator))
        _ = drive.at(0, .start)
        var now = 0.0
        for index in 1...5 {
            let generation = Generation(UInt64(index))
            _ = drive.at(now, .attemptSucceeded(generation))
            let actions = drive.at(now + 100, .attemptFailed(generation, .webSocketClose(1011)))
            #expect(actions[1] == .status(.reconnecting(attempt: 1, delay: .milliseconds(375))))
            now += 100.375
            #expect(drive.at(now, .tick).contains(.connect(Generation(UInt64(index + 1)))))
        }
    }

    /// Same seed, same delays: the supervisor's randomness is only its generator.
    @Test func seededSupervisorsAgree() {
        func delays(seed: UInt64) -> [Duration] {
            var drive = Drive(SupervisorConfiguration(policy: .recommended), random: SplitMix64(seed: seed))
            _ = drive.at(0, .start)
            var result: [Duration] = []
            var now = 0.0
            for index in 1...10 {
                let actions = drive.at(now, .attemptFailed(Generation(UInt64(index)), .tcpRefused))
                if case let .status(.reconnecting(_, delay)) = actions[1] { result.append(delay); now += delay.secondsValue }
                _ = drive.at(now, .tick)
            }
            return result
        }
        #expect(delays(seed: 7) == delays(seed: 7))
        #expect(delays(seed: 7) != delays(seed: 8))
    }
}

extension Duration {
    var secondsValue: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) * 1e-18
    }
}
