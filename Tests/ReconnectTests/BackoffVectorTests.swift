import Reconnect
import StreamTesting
import Testing

/// Delays for attempts 1…20. Expected values are written from the formulas (service-profiles), in
/// milliseconds unless said otherwise; the random source yields U = 0.5, 0.25, 0.75, 0, 0.5, … in turn.
@Suite struct BackoffVectorTests {
    static let units: [Double] = [0.5, 0.25, 0.75, 0]

    static func delays(_ backoff: Backoff, random: some RandomNumberGenerator = FixedUnits(units)) -> [Duration] {
        var random = random
        return (1...20).map { backoff.delay(attempt: $0, random: &random) }
    }

    static func milliseconds(_ values: [Int64]) -> [Duration] { values.map { .milliseconds($0) } }

    /// pycentral 2.0a25 §1.7: `reconnect_delay = 5`, constant, no jitter.
    @Test func pycentralFixedFiveSeconds() {
        #expect(Self.delays(ReconnectPolicy.pycentral().backoff) == Array(repeating: .seconds(5), count: 20))
    }

    /// pyisyox 6.0.1 §2.6: `SCHEDULE[min(idx, 5)]`, SCHEDULE = (1, 2, 5, 10, 30, 60).
    @Test func pyisyoxSchedule() {
        let expected: [Int64] = [1, 2, 5, 10, 30] + Array(repeating: 60, count: 15)
        #expect(Self.delays(ReconnectPolicy.pyisyox.backoff) == expected.map { .seconds($0) })
    }

    /// getstream §5.5: `min(0.25·2^(k−1), 5)·(1+U)`. Steps 0.25, 0.5, 1, 2, 4, then 5 s.
    /// k=1: 0.25·1.5 = 0.375; k=2: 0.5·1.25 = 0.625; k=3: 1·1.75; k=4: 2·1; k=5: 4·1.5 = 6;
    /// k≥6: 5·(1.25, 1.75, 1, 1.5) repeating.
    @Test func getstreamExponentialWithProportionalJitter() {
        let expected: [Int64] = [375, 625, 1750, 2000, 6000, 6250, 8750, 5000, 7500, 6250, 8750, 5000, 7500, 6250,
                                 8750, 5000, 7500, 6250, 8750, 5000]
        #expect(Self.delays(ReconnectPolicy.getstream.backoff) == Self.milliseconds(expected))
    }

    /// The ranges of §5.5 hold for any U: attempt 1 in [0.25, 0.5), 2 in [0.5, 1), 3 in [1, 2), 4 in [2, 4),
    /// 5 in [4, 8), beyond in [5, 10).
    @Test func getstreamRangesPerAttempt() {
        var random = SplitMix64(seed: 9)
        let ranges: [Range<Duration>] = [
            .milliseconds(250)..<(.milliseconds(500)), .milliseconds(500)..<(.seconds(1)), .seconds(1)..<(.seconds(2)),
            .seconds(2)..<(.seconds(4)), .seconds(4)..<(.seconds(8)),
        ]
        for _ in 0..<200 {
            for k in 1...8 {
                let delay = ReconnectPolicy.getstream.backoff.delay(attempt: k, random: &random)
                #expect((k <= 5 ? ranges[k - 1] : .seconds(5)..<(.seconds(10))).contains(delay))
            }
        }
    }

    /// The same formula with U from SplitMix64 seed 42 (U = top 53 bits · 2⁻⁵³); expected nanoseconds from a
    /// Python transcription of the formula over the reference generator.
    @Test func getstreamWithSeededSplitMix() {
        let expected: [Int64] = [
            435_391_220, 579_955_196, 1_278_601_130, 2_688_381_433, 4_152_120_674, 9_341_140_383, 6_092_025_969,
            9_003_159_384, 6_699_655_195, 8_092_410_332, 6_024_509_159, 7_464_945_929, 7_566_980_582, 7_600_066_498,
            8_325_797_054, 6_017_175_547, 5_517_871_178, 7_477_493_291, 5_467_138_277, 8_444_731_862,
        ]
        let delays = Self.delays(ReconnectPolicy.getstream.backoff, random: SplitMix64(seed: 42))
        #expect(delays == expected.map { .nanoseconds($0) })
    }

    /// stream-video-js `retryInterval(n)` §5.7: `floor(U·(max−min)+min)` ms, max = min(500+2000n, 5000),
    /// min = min(max(250, 2000(n−1)), 5000). n=1: [250, 2500) → 250+0.5·2250 = 1375; n=2: [2000, 4500) →
    /// 2000+0.25·2500 = 2625; n=3: [4000, 5000) → 4000+0.75·1000 = 4750; n≥4: min = max = 5000.
    @Test func streamVideoRetryInterval() {
        let expected: [Int64] = [1375, 2625, 4750] + Array(repeating: 5000, count: 17)
        #expect(Self.delays(ReconnectPolicy.streamVideo.backoff) == Self.milliseconds(expected))
    }

    /// Same, U from SplitMix64 seed 42 (Python transcription).
    @Test func streamVideoRetryIntervalWithSeededSplitMix() {
        let expected: [Int64] = [1918, 2399, 4278] + Array(repeating: 5000, count: 17)
        let delays = Self.delays(ReconnectPolicy.streamVideo.backoff, random: SplitMix64(seed: 42))
        #expect(delays == Self.milliseconds(expected))
    }

    /// The chat SDKs' cap of 25 000 ms: n=4: max = min(8500, 25000), min = 6000 → 6000+0.5·2500 = 7250 (U
    /// cycle restarted at 0.5); n=13: max = min(26500, 25000) = 25000, min = 24000 → 24000+0.5·1000.
    @Test func streamChatRetryIntervalCap() {
        var random = FixedUnits([0.5])
        #expect(Backoff.streamRetryInterval(cap: .seconds(25)).delay(attempt: 4, random: &random) == .milliseconds(7250))
        #expect(Backoff.streamRetryInterval(cap: .seconds(25)).delay(attempt: 13, random: &random) == .milliseconds(24500))
        #expect(Backoff.streamRetryInterval(cap: .seconds(25)).delay(attempt: 14, random: &random) == .milliseconds(25000))
    }

    /// ctfy 0.7.0 §4.4: 1 s, doubled, capped at 30 s: 1, 2, 4, 8, 16, 30, 30, …
    @Test func ctfyDoublingToThirty() {
        let expected: [Int64] = [1, 2, 4, 8, 16] + Array(repeating: 30, count: 15)
        #expect(Self.delays(ReconnectPolicy.ctfy.backoff) == expected.map { .seconds($0) })
    }

    /// Full jitter `U·s`, s = 1, 2, 4, 8, 16, 30, …: 0.5, 0.5, 3, 0, 8, 7.5, 22.5, 0, 15, 7.5, 22.5, 0, …
    @Test func fullJitter() {
        let backoff = Backoff.exponential(base: .seconds(1), factor: 2, cap: .seconds(30), jitter: .full)
        let expected: [Int64] = [500, 500, 3000, 0, 8000, 7500, 22500, 0, 15000, 7500, 22500, 0, 15000, 7500, 22500,
                                 0, 15000, 7500, 22500, 0]
        #expect(Self.delays(backoff) == Self.milliseconds(expected))
    }

    /// Equal jitter `s/2 + U·s/2`: 0.75, 1.25, 3.5, 4, 12, 18.75, 26.25, 15, 22.5, 18.75, 26.25, 15, …
    @Test func equalJitter() {
        let backoff = Backoff.exponential(base: .seconds(1), factor: 2, cap: .seconds(30), jitter: .equal)
        let expected: [Int64] = [750, 1250, 3500, 4000, 12000, 18750, 26250, 15000, 22500, 18750, 26250, 15000,
                                 22500, 18750, 26250, 15000, 22500, 18750, 26250, 15000]
        #expect(Self.delays(backoff) == Self.milliseconds(expected))
    }

    /// The recommended policy: equal jitter on 1 s doubling to 30 s; every delay in [s/2, s).
    @Test func recommendedPolicyStaysWithinEqualJitterBounds() {
        var random = SplitMix64(seed: 3)
        let steps: [Double] = [1, 2, 4, 8, 16, 30, 30, 30]
        for (index, step) in steps.enumerated() {
            let delay = ReconnectPolicy.recommended.backoff.delay(attempt: index + 1, random: &random)
            #expect(delay >= .seconds(step / 2) && delay < .seconds(step))
        }
    }

    /// Degenerate parameters never trap: an empty schedule is no delay, a huge attempt number saturates at
    /// the cap, attempt 0 counts as 1, a negative fixed delay is zero.
    @Test func degenerateParametersAreTotal() {
        var random = SplitMix64(seed: 1)
        #expect(Backoff.schedule([]).delay(attempt: 3, random: &random) == .zero)
        #expect(ReconnectPolicy.ctfy.backoff.delay(attempt: .max, random: &random) == .seconds(30))
        #expect(ReconnectPolicy.ctfy.backoff.delay(attempt: 0, random: &random) == .seconds(1))
        #expect(Backoff.fixed(.seconds(-1)).delay(attempt: 1, random: &random) == .zero)
        #expect(ReconnectPolicy.streamVideo.backoff.delay(attempt: .max, random: &random) == .seconds(5))
        let huge = Backoff.exponential(base: .seconds(1), factor: .infinity, cap: .seconds(Int64.max), jitter: .none)
        #expect(huge.delay(attempt: 10, random: &random) == .seconds(1))
    }
}
